import { DunningInputError } from './errors.js';

/** A copy variant and its share of customers (any positive weight; shares are relative). */
export interface WeightedVariant {
  key: string;
  weight: number;
}

export interface VariantInput {
  customerId: string;
  experimentKey: string;
  /** Variant keys with equal shares, or weighted variants. */
  variants: ReadonlyArray<string | WeightedVariant>;
}

/**
 * Returns a 32-bit hash of a string: FNV-1a over the UTF-8 bytes, then the
 * MurmurHash3 finalizer so that ids differing in one character spread across
 * buckets. Stable across runtimes and releases, because assignments depend on it.
 */
export function stableHash32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Assigns a customer to a copy variant of an experiment. The same customer
 * and experiment always get the same variant; different experiments split
 * customers independently because the experiment key is part of the hash.
 */
export function assignVariant(input: VariantInput): string {
  if (typeof input?.customerId !== 'string' || input.customerId.length === 0) {
    throw new DunningInputError('invalid_customer', 'customerId', 'customerId must be a non-empty string.');
  }
  if (typeof input.experimentKey !== 'string' || input.experimentKey.length === 0) {
    throw new DunningInputError('invalid_experiment', 'experimentKey', 'experimentKey must be a non-empty string.');
  }
  if (!Array.isArray(input.variants) || input.variants.length === 0) {
    throw new DunningInputError('invalid_variants', 'variants', 'variants must list at least one variant.');
  }
  const weighted = input.variants.map((variant, index): WeightedVariant => {
    const entry = typeof variant === 'string' ? { key: variant, weight: 1 } : variant;
    if (typeof entry?.key !== 'string' || entry.key.length === 0 || !(entry.weight > 0) || !Number.isFinite(entry.weight)) {
      throw new DunningInputError('invalid_variants', `variants[${index}]`, `variants[${index}] needs a non-empty key and a positive weight.`);
    }
    return entry;
  });

  const total = weighted.reduce((sum, variant) => sum + variant.weight, 0);
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  const point = (stableHash32(`${input.experimentKey}\u0000${input.customerId}`) / 2 ** 32) * total;
  let cumulative = 0;
  for (const variant of weighted) {
    cumulative += variant.weight;
    if (point < cumulative) return variant.key;
  }
  return weighted[weighted.length - 1]!.key;
}
