export { DISPLAY_DIGITS, STRIPE_EXPONENT, type CurrencyCode } from './tables.js';
export {
  MoneyError,
  currencyExponent,
  displayDigits,
  formatMoney,
  fromMajorUnits,
  isCurrencyCode,
  toCurrencyCode,
  toMajorUnits,
  toMajorUnitsString,
  type FormatMoneyOptions,
  type MoneyErrorCode,
} from './money.js';
