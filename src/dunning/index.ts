export { DunningInputError } from './errors.js';
export * from './taxonomy.js';
