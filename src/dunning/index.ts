export { DunningInputError } from './errors.js';
export * from './taxonomy.js';
export * from './calendar.js';
export * from './policy.js';
export * from './retry.js';
