/**
 * Labels printed on invoice PDFs, one table per supported locale.
 *
 * The server renders PDFs without the browser's i18next resources, so the
 * words it prints live here. Reverse-charge wordings are the national ones
 * that invoices in each language use: "Steuerschuldnerschaft des
 * Leistungsempfängers" (DE), "Autoliquidation" (FR), "inversión del sujeto
 * pasivo" (ES), "inversione contabile" (IT), "Btw verlegd" (NL).
 *
 * @module
 */
import type { InvoiceLine } from '../../contract/invoices.js';

export const PDF_LOCALES = ['en', 'ja', 'de', 'fr', 'es', 'it', 'nl', 'pt-BR', 'ko', 'zh-Hans', 'zh-Hant', 'ar'] as const;
export type PdfLocale = (typeof PDF_LOCALES)[number];

/** Every word and phrase an invoice PDF prints, in one language. */
export interface InvoiceLabels {
  invoice: string;
  /** Title when the issuer has a Japanese registration number (適格請求書). */
  qualifiedInvoice: string;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  period: string;
  billTo: string;
  from: string;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  amount: string;
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
  amountPaid: string;
  amountDue: string;
  taxBreakdown: string;
  /** Label of one per-rate row, given the rate already formatted ("10%"). */
  taxableAt: (rate: string) => string;
  taxIncluded: string;
  reverseCharge: string;
  vatId: string;
  registrationNumber: string;
  /** Legend for the ※ mark on reduced-rate lines. */
  reducedRateLegend: string;
  pageOf: (page: number, pages: number) => string;
  /** Honorific after a company's name (御中 in Japanese); empty where none is used. */
  companyHonorific: string;
  /** Honorific after a person's name (様 in Japanese); empty where none is used. */
  personHonorific: string;
  /** Description of a line that has none, by the line's kind. */
  lineKind: Record<InvoiceLine['kind'], string>;
}

const en: InvoiceLabels = {
  invoice: 'Invoice',
  qualifiedInvoice: 'Invoice',
  invoiceNumber: 'Invoice number',
  issueDate: 'Issue date',
  dueDate: 'Due date',
  period: 'Service period',
  billTo: 'Bill to',
  from: 'From',
  description: 'Description',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  taxRate: 'Tax rate',
  amount: 'Amount',
  subtotal: 'Subtotal',
  discount: 'Discount',
  tax: 'Tax',
  total: 'Total',
  amountPaid: 'Amount paid',
  amountDue: 'Amount due',
  taxBreakdown: 'Tax by rate',
  taxableAt: (rate) => `Taxable at ${rate}`,
  taxIncluded: 'tax included',
  reverseCharge: 'Reverse charge',
  vatId: 'VAT ID',
  registrationNumber: 'Registration number',
  reducedRateLegend: '※ Reduced tax rate item',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: 'Subscription', proration: 'Proration adjustment', one_off: 'One-time charge', credit: 'Credit' },
};

const ja: InvoiceLabels = {
  invoice: '請求書',
  qualifiedInvoice: '適格請求書',
  invoiceNumber: '請求書番号',
  issueDate: '発行日',
  dueDate: 'お支払期限',
  period: 'ご利用期間',
  billTo: '請求先',
  from: '発行元',
  description: '品目',
  quantity: '数量',
  unitPrice: '単価',
  taxRate: '税率',
  amount: '金額',
  subtotal: '小計',
  discount: '値引き',
  tax: '消費税',
  total: '合計',
  amountPaid: 'お支払済み金額',
  amountDue: 'ご請求金額',
  taxBreakdown: '税率別内訳',
  taxableAt: (rate) => `${rate}対象`,
  taxIncluded: '税込',
  reverseCharge: 'リバースチャージ方式',
  vatId: 'VAT番号',
  registrationNumber: '登録番号',
  reducedRateLegend: '※ 軽減税率対象',
  pageOf: (page, pages) => `${page} / ${pages} ページ`,
  companyHonorific: '御中',
  personHonorific: '様',
  lineKind: { subscription: 'サブスクリプション', proration: '日割り調整', one_off: '単発のご請求', credit: 'クレジット' },
};

const de: InvoiceLabels = {
  invoice: 'Rechnung',
  qualifiedInvoice: 'Rechnung',
  invoiceNumber: 'Rechnungsnummer',
  issueDate: 'Rechnungsdatum',
  dueDate: 'Fällig am',
  period: 'Leistungszeitraum',
  billTo: 'Rechnungsempfänger',
  from: 'Rechnungssteller',
  description: 'Beschreibung',
  quantity: 'Menge',
  unitPrice: 'Einzelpreis',
  taxRate: 'Steuersatz',
  amount: 'Betrag',
  subtotal: 'Zwischensumme',
  discount: 'Rabatt',
  tax: 'USt.',
  total: 'Gesamtbetrag',
  amountPaid: 'Bereits bezahlt',
  amountDue: 'Fälliger Betrag',
  taxBreakdown: 'Steuer nach Steuersatz',
  taxableAt: (rate) => `Bemessungsgrundlage ${rate}`,
  taxIncluded: 'inkl. Steuer',
  reverseCharge: 'Steuerschuldnerschaft des Leistungsempfängers',
  vatId: 'USt-IdNr.',
  registrationNumber: 'Registrierungsnummer',
  reducedRateLegend: '※ Ermäßigter Steuersatz',
  pageOf: (page, pages) => `Seite ${page} von ${pages}`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: 'Abonnement', proration: 'Anteilige Verrechnung', one_off: 'Einmalige Gebühr', credit: 'Gutschrift' },
};

const fr: InvoiceLabels = {
  invoice: 'Facture',
  qualifiedInvoice: 'Facture',
  invoiceNumber: 'Numéro de facture',
  issueDate: 'Date d’émission',
  dueDate: 'Date d’échéance',
  period: 'Période',
  billTo: 'Facturé à',
  from: 'Émetteur',
  description: 'Description',
  quantity: 'Qté',
  unitPrice: 'Prix unitaire',
  taxRate: 'Taux',
  amount: 'Montant',
  subtotal: 'Sous-total',
  discount: 'Remise',
  tax: 'TVA',
  total: 'Total',
  amountPaid: 'Montant payé',
  amountDue: 'Montant dû',
  taxBreakdown: 'TVA par taux',
  taxableAt: (rate) => `Base imposable à ${rate}`,
  taxIncluded: 'taxes comprises',
  reverseCharge: 'Autoliquidation',
  vatId: 'N° de TVA',
  registrationNumber: 'Numéro d’enregistrement',
  reducedRateLegend: '※ Taux réduit',
  pageOf: (page, pages) => `Page ${page} sur ${pages}`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: 'Abonnement', proration: 'Ajustement au prorata', one_off: 'Frais ponctuels', credit: 'Avoir' },
};

const es: InvoiceLabels = {
  invoice: 'Factura',
  qualifiedInvoice: 'Factura',
  invoiceNumber: 'Número de factura',
  issueDate: 'Fecha de emisión',
  dueDate: 'Fecha de vencimiento',
  period: 'Periodo',
  billTo: 'Facturar a',
  from: 'Emisor',
  description: 'Descripción',
  quantity: 'Cant.',
  unitPrice: 'Precio unitario',
  taxRate: 'Tipo',
  amount: 'Importe',
  subtotal: 'Subtotal',
  discount: 'Descuento',
  tax: 'Impuesto',
  total: 'Total',
  amountPaid: 'Importe pagado',
  amountDue: 'Importe pendiente',
  taxBreakdown: 'Impuestos por tipo',
  taxableAt: (rate) => `Base imponible al ${rate}`,
  taxIncluded: 'impuestos incluidos',
  reverseCharge: 'Inversión del sujeto pasivo',
  vatId: 'NIF-IVA',
  registrationNumber: 'Número de registro',
  reducedRateLegend: '※ Tipo reducido',
  pageOf: (page, pages) => `Página ${page} de ${pages}`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: 'Suscripción', proration: 'Ajuste prorrateado', one_off: 'Cargo único', credit: 'Crédito' },
};

const it: InvoiceLabels = {
  invoice: 'Fattura',
  qualifiedInvoice: 'Fattura',
  invoiceNumber: 'Numero fattura',
  issueDate: 'Data di emissione',
  dueDate: 'Data di scadenza',
  period: 'Periodo',
  billTo: 'Intestata a',
  from: 'Emittente',
  description: 'Descrizione',
  quantity: 'Qtà',
  unitPrice: 'Prezzo unitario',
  taxRate: 'Aliquota',
  amount: 'Importo',
  subtotal: 'Subtotale',
  discount: 'Sconto',
  tax: 'Imposta',
  total: 'Totale',
  amountPaid: 'Importo pagato',
  amountDue: 'Importo dovuto',
  taxBreakdown: 'Imposte per aliquota',
  taxableAt: (rate) => `Imponibile al ${rate}`,
  taxIncluded: 'imposte incluse',
  reverseCharge: 'Inversione contabile',
  vatId: 'Partita IVA',
  registrationNumber: 'Numero di registrazione',
  reducedRateLegend: '※ Aliquota ridotta',
  pageOf: (page, pages) => `Pagina ${page} di ${pages}`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: 'Abbonamento', proration: 'Rettifica pro rata', one_off: 'Addebito una tantum', credit: 'Accredito' },
};

const nl: InvoiceLabels = {
  invoice: 'Factuur',
  qualifiedInvoice: 'Factuur',
  invoiceNumber: 'Factuurnummer',
  issueDate: 'Factuurdatum',
  dueDate: 'Vervaldatum',
  period: 'Periode',
  billTo: 'Factuur aan',
  from: 'Van',
  description: 'Omschrijving',
  quantity: 'Aantal',
  unitPrice: 'Prijs per stuk',
  taxRate: 'Tarief',
  amount: 'Bedrag',
  subtotal: 'Subtotaal',
  discount: 'Korting',
  tax: 'Btw',
  total: 'Totaal',
  amountPaid: 'Betaald',
  amountDue: 'Te betalen',
  taxBreakdown: 'Btw per tarief',
  taxableAt: (rate) => `Grondslag ${rate}`,
  taxIncluded: 'incl. btw',
  reverseCharge: 'Btw verlegd',
  vatId: 'Btw-id',
  registrationNumber: 'Registratienummer',
  reducedRateLegend: '※ Verlaagd tarief',
  pageOf: (page, pages) => `Pagina ${page} van ${pages}`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: 'Abonnement', proration: 'Pro-rata-aanpassing', one_off: 'Eenmalige kosten', credit: 'Creditering' },
};

const ptBR: InvoiceLabels = {
  invoice: 'Fatura',
  qualifiedInvoice: 'Fatura',
  invoiceNumber: 'Número da fatura',
  issueDate: 'Data de emissão',
  dueDate: 'Data de vencimento',
  period: 'Período',
  billTo: 'Faturar para',
  from: 'Emitente',
  description: 'Descrição',
  quantity: 'Qtd.',
  unitPrice: 'Preço unitário',
  taxRate: 'Alíquota',
  amount: 'Valor',
  subtotal: 'Subtotal',
  discount: 'Desconto',
  tax: 'Imposto',
  total: 'Total',
  amountPaid: 'Valor pago',
  amountDue: 'Valor devido',
  taxBreakdown: 'Impostos por alíquota',
  taxableAt: (rate) => `Base de cálculo a ${rate}`,
  taxIncluded: 'impostos incluídos',
  reverseCharge: 'Autoliquidação',
  vatId: 'Número de IVA',
  registrationNumber: 'Número de registro',
  reducedRateLegend: '※ Alíquota reduzida',
  pageOf: (page, pages) => `Página ${page} de ${pages}`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: 'Assinatura', proration: 'Ajuste proporcional', one_off: 'Cobrança avulsa', credit: 'Crédito' },
};

const ko: InvoiceLabels = {
  invoice: '청구서',
  qualifiedInvoice: '청구서',
  invoiceNumber: '청구서 번호',
  issueDate: '발행일',
  dueDate: '결제 기한',
  period: '이용 기간',
  billTo: '청구 대상',
  from: '발행자',
  description: '내역',
  quantity: '수량',
  unitPrice: '단가',
  taxRate: '세율',
  amount: '금액',
  subtotal: '소계',
  discount: '할인',
  tax: '세금',
  total: '합계',
  amountPaid: '결제된 금액',
  amountDue: '청구 금액',
  taxBreakdown: '세율별 내역',
  taxableAt: (rate) => `${rate} 과세 대상`,
  taxIncluded: '세금 포함',
  reverseCharge: '역과세(리버스 차지)',
  vatId: 'VAT 번호',
  registrationNumber: '등록번호',
  reducedRateLegend: '※ 경감세율 적용 품목',
  pageOf: (page, pages) => `${page} / ${pages} 페이지`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: '구독', proration: '일할 조정', one_off: '일회성 요금', credit: '크레딧' },
};

const zhHans: InvoiceLabels = {
  invoice: '发票',
  qualifiedInvoice: '发票',
  invoiceNumber: '发票号码',
  issueDate: '开票日期',
  dueDate: '付款截止日期',
  period: '服务期间',
  billTo: '付款方',
  from: '开票方',
  description: '描述',
  quantity: '数量',
  unitPrice: '单价',
  taxRate: '税率',
  amount: '金额',
  subtotal: '小计',
  discount: '折扣',
  tax: '税额',
  total: '合计',
  amountPaid: '已付金额',
  amountDue: '应付金额',
  taxBreakdown: '按税率分列',
  taxableAt: (rate) => `${rate} 应税金额`,
  taxIncluded: '含税',
  reverseCharge: '反向征税',
  vatId: '增值税号',
  registrationNumber: '登记号',
  reducedRateLegend: '※ 适用优惠税率',
  pageOf: (page, pages) => `第 ${page} 页，共 ${pages} 页`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: '订阅', proration: '按比例调整', one_off: '一次性费用', credit: '抵扣' },
};

const zhHant: InvoiceLabels = {
  invoice: '發票',
  qualifiedInvoice: '發票',
  invoiceNumber: '發票號碼',
  issueDate: '開立日期',
  dueDate: '付款期限',
  period: '服務期間',
  billTo: '付款方',
  from: '開立方',
  description: '項目',
  quantity: '數量',
  unitPrice: '單價',
  taxRate: '稅率',
  amount: '金額',
  subtotal: '小計',
  discount: '折扣',
  tax: '稅額',
  total: '總計',
  amountPaid: '已付金額',
  amountDue: '應付金額',
  taxBreakdown: '依稅率分列',
  taxableAt: (rate) => `${rate} 應稅金額`,
  taxIncluded: '含稅',
  reverseCharge: '反向課稅',
  vatId: '增值稅號',
  registrationNumber: '登記號碼',
  reducedRateLegend: '※ 適用優惠稅率',
  pageOf: (page, pages) => `第 ${page} 頁，共 ${pages} 頁`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: '訂閱', proration: '按比例調整', one_off: '一次性費用', credit: '抵扣' },
};

const ar: InvoiceLabels = {
  invoice: 'فاتورة',
  qualifiedInvoice: 'فاتورة',
  invoiceNumber: 'رقم الفاتورة',
  issueDate: 'تاريخ الإصدار',
  dueDate: 'تاريخ الاستحقاق',
  period: 'فترة الخدمة',
  billTo: 'فاتورة إلى',
  from: 'من',
  description: 'الوصف',
  quantity: 'الكمية',
  unitPrice: 'سعر الوحدة',
  taxRate: 'نسبة الضريبة',
  amount: 'المبلغ',
  subtotal: 'المجموع الفرعي',
  discount: 'خصم',
  tax: 'الضريبة',
  total: 'الإجمالي',
  amountPaid: 'المبلغ المدفوع',
  amountDue: 'المبلغ المستحق',
  taxBreakdown: 'الضريبة حسب النسبة',
  taxableAt: (rate) => `خاضع للضريبة بنسبة ${rate}`,
  taxIncluded: 'شامل الضريبة',
  reverseCharge: 'احتساب عكسي',
  vatId: 'رقم ضريبة القيمة المضافة',
  registrationNumber: 'رقم التسجيل',
  reducedRateLegend: '※ بند بنسبة ضريبة مخفضة',
  pageOf: (page, pages) => `صفحة ${page} من ${pages}`,
  companyHonorific: '',
  personHonorific: '',
  lineKind: { subscription: 'اشتراك', proration: 'تسوية تناسبية', one_off: 'رسوم لمرة واحدة', credit: 'رصيد دائن' },
};

export const INVOICE_LABELS: Readonly<Record<PdfLocale, InvoiceLabels>> = {
  en,
  ja,
  de,
  fr,
  es,
  it,
  nl,
  'pt-BR': ptBR,
  ko,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  ar,
};

/**
 * Picks the label table for a BCP 47 locale: an exact match, then Chinese by
 * script (zh-TW and zh-HK are Traditional), then Portuguese as pt-BR, then the
 * language alone, else English. Invalid tags get English.
 */
export function resolvePdfLocale(locale: string): PdfLocale {
  let tag: Intl.Locale;
  try {
    tag = new Intl.Locale(locale);
  } catch {
    return 'en';
  }

  const exact = PDF_LOCALES.find((candidate) => candidate.toLowerCase() === tag.baseName.toLowerCase());
  if (exact) return exact;

  const language = tag.language;
  if (language === 'zh') return tag.maximize().script === 'Hant' ? 'zh-Hant' : 'zh-Hans';
  if (language === 'pt') return 'pt-BR';
  return PDF_LOCALES.find((candidate) => candidate === language) ?? 'en';
}

/**
 * Returns the labels for `locale`, with each label the font cannot draw
 * replaced by its English one, so a missing glyph never prints as a box.
 */
export function labelsForFont(locale: PdfLocale, canDraw: (text: string) => boolean): InvoiceLabels {
  const wanted = INVOICE_LABELS[locale];
  if (locale === 'en') return wanted;

  const pick = (text: string, fallback: string): string => (canDraw(text) ? text : fallback);
  const lineKind = {} as InvoiceLabels['lineKind'];
  for (const kind of Object.keys(en.lineKind) as (keyof InvoiceLabels['lineKind'])[]) {
    lineKind[kind] = pick(wanted.lineKind[kind], en.lineKind[kind]);
  }

  return {
    invoice: pick(wanted.invoice, en.invoice),
    qualifiedInvoice: pick(wanted.qualifiedInvoice, en.qualifiedInvoice),
    invoiceNumber: pick(wanted.invoiceNumber, en.invoiceNumber),
    issueDate: pick(wanted.issueDate, en.issueDate),
    dueDate: pick(wanted.dueDate, en.dueDate),
    period: pick(wanted.period, en.period),
    billTo: pick(wanted.billTo, en.billTo),
    from: pick(wanted.from, en.from),
    description: pick(wanted.description, en.description),
    quantity: pick(wanted.quantity, en.quantity),
    unitPrice: pick(wanted.unitPrice, en.unitPrice),
    taxRate: pick(wanted.taxRate, en.taxRate),
    amount: pick(wanted.amount, en.amount),
    subtotal: pick(wanted.subtotal, en.subtotal),
    discount: pick(wanted.discount, en.discount),
    tax: pick(wanted.tax, en.tax),
    total: pick(wanted.total, en.total),
    amountPaid: pick(wanted.amountPaid, en.amountPaid),
    amountDue: pick(wanted.amountDue, en.amountDue),
    taxBreakdown: pick(wanted.taxBreakdown, en.taxBreakdown),
    taxableAt: (rate) => pick(wanted.taxableAt(rate), en.taxableAt(rate)),
    taxIncluded: pick(wanted.taxIncluded, en.taxIncluded),
    reverseCharge: pick(wanted.reverseCharge, en.reverseCharge),
    vatId: pick(wanted.vatId, en.vatId),
    registrationNumber: pick(wanted.registrationNumber, en.registrationNumber),
    reducedRateLegend: pick(wanted.reducedRateLegend, en.reducedRateLegend),
    pageOf: (page, pages) => pick(wanted.pageOf(page, pages), en.pageOf(page, pages)),
    companyHonorific: pick(wanted.companyHonorific, en.companyHonorific),
    personHonorific: pick(wanted.personHonorific, en.personHonorific),
    lineKind,
  };
}
