import type { CouponRow, PriceRow, ProductRow } from '../../store/index.js';
import type { EngineContext } from './context.js';
import { missing } from './errors.js';

export interface PriceWithProduct {
  price: PriceRow;
  product: ProductRow;
}

export async function getPrice(ctx: EngineContext, priceId: string): Promise<PriceWithProduct> {
  const price = await ctx.trx
    .selectFrom('prices')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', priceId)
    .executeTakeFirst();
  if (!price) throw missing('plan', priceId);
  const product = await ctx.trx
    .selectFrom('products')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', price.product_id)
    .executeTakeFirstOrThrow();
  return { price, product };
}

/** Lists active prices in a currency with their products, cheapest tier first. */
export async function listPrices(ctx: EngineContext, currency: string): Promise<PriceWithProduct[]> {
  const prices = await ctx.trx
    .selectFrom('prices')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('currency', '=', currency)
    .where('active', '=', true)
    .orderBy('tier')
    .orderBy('interval')
    .orderBy('id')
    .execute();
  const products = await ctx.trx.selectFrom('products').selectAll().where('sandbox_id', '=', ctx.sandboxId).execute();
  const byId = new Map(products.map((product) => [product.id, product]));
  return prices.flatMap((price) => {
    const product = byId.get(price.product_id);
    return product ? [{ price, product }] : [];
  });
}

export async function getCoupon(ctx: EngineContext, couponId: string | null): Promise<CouponRow | null> {
  if (!couponId) return null;
  const coupon = await ctx.trx
    .selectFrom('coupons')
    .selectAll()
    .where('sandbox_id', '=', ctx.sandboxId)
    .where('id', '=', couponId)
    .executeTakeFirst();
  return coupon ?? null;
}
