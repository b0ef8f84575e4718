/**
 * Capability checks on top of the contract's capability list.
 *
 * @module
 */
import { CAPABILITIES, type Capability } from '../../contract/capabilities.js';

export { CAPABILITIES, type Capability };

const KNOWN = new Set<string>(CAPABILITIES);

export function isCapability(value: unknown): value is Capability {
  return typeof value === 'string' && KNOWN.has(value);
}
