/**
 * Seeded randomness for the recovery simulation, so a seed reproduces a run
 * exactly on any machine.
 */

/** Returns a generator of uniform numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Returns a uniform number in [0, 1) fixed by its inputs. Both policies see the
 * same draw when they attempt the same payment at the same instant, which keeps
 * the comparison free of luck.
 */
export function uniformFor(seed: number, paymentIndex: number, instant: number): number {
  let hash = (seed ^ 0x9e3779b9) >>> 0;
  for (const value of [paymentIndex, Math.floor(instant / 2 ** 32), instant >>> 0]) {
    hash = Math.imul(hash ^ value, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
  }
  return (hash >>> 0) / 2 ** 32;
}

/** Picks one entry by weight. */
export function pickWeighted<T>(random: () => number, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [value, weight] of entries) {
    point -= weight;
    if (point < 0) return value;
  }
  return entries[entries.length - 1]![0];
}
