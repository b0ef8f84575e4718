// Shared setup for sandbox engine tests: one store per test file, and a fresh
// sandbox per test so tests never see each other's objects.

import { openStore, type Store } from '../../../src/server/store/index.js';
import { SandboxEngine } from '../../../src/server/providers/sandbox/engine.js';

export const CLOCK_START = new Date('2026-11-01T00:00:00Z');

let counter = 0;

export async function openTestStore(): Promise<Store> {
  const url = process.env.KEEL_TEST_DATABASE_URL;
  if (url && process.env.KEEL_SANDBOX_TESTS_ON_POSTGRES === '1') {
    const { openPostgresTestStore } = await import('../store/harness.js');
    return openPostgresTestStore(url);
  }
  return openStore();
}

/** Creates an empty sandbox with a small catalog in JPY, EUR and USD. */
export async function newSandbox(store: Store, clockStart: Date = CLOCK_START): Promise<SandboxEngine> {
  counter += 1;
  const engine = await SandboxEngine.create(store, { id: `sb_test_${process.pid}_${counter}`, clockStart });
  await engine.createProduct({ id: 'prod_basic', name: 'Basic' });
  await engine.createProduct({ id: 'prod_pro', name: 'Pro' });
  await engine.createProduct({ id: 'prod_print', name: 'Printed newsletter', taxCategory: 'reduced' });
  const prices: Array<[string, string, string, number, 'month' | 'year', number]> = [
    ['price_basic_jpy_month', 'prod_basic', 'JPY', 1_000, 'month', 1],
    ['price_pro_jpy_month', 'prod_pro', 'JPY', 3_000, 'month', 2],
    ['price_basic_eur_month', 'prod_basic', 'EUR', 1_000, 'month', 1],
    ['price_pro_eur_month', 'prod_pro', 'EUR', 3_000, 'month', 2],
    ['price_basic_usd_month', 'prod_basic', 'USD', 1_000, 'month', 1],
    ['price_pro_usd_month', 'prod_pro', 'USD', 3_000, 'month', 2],
    ['price_pro_usd_year', 'prod_pro', 'USD', 30_000, 'year', 2],
  ];
  for (const [id, productId, currency, unitAmount, interval, tier] of prices) {
    await engine.createPrice({ id, productId, currency, unitAmount, interval, tier });
  }
  return engine;
}

export const FUTURE_EXPIRY = { exp_month: 12, exp_year: 2030, cvc: '123' } as const;

export function card(number: string) {
  return { number, ...FUTURE_EXPIRY };
}
