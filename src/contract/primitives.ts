/**
 * Building blocks shared by every resource schema: identifiers, money,
 * instants, calendar dates and the list envelope.
 *
 * Schemas use `zod/mini` because the same definitions ship to browsers, where
 * it weighs about a third of full `zod`.
 */
import * as z from 'zod/mini';

/** An object id such as `in_123`; opaque to clients. */
export const Id = z.string().check(z.minLength(1), z.maxLength(255));

/** An ISO 4217 currency code in upper case, such as `JPY`. */
export const CurrencyCode = z.string().check(z.regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code such as "JPY".'));

/**
 * An amount in the currency's minor unit (cents for USD, yen for JPY,
 * fils for KWD). Signed, because credit and proration lines are negative.
 */
export const MinorAmount = z.int();

/** A non-negative amount in the currency's minor unit. */
export const NonNegativeMinorAmount = z.int().check(z.minimum(0));

/** An amount together with its currency. */
export const Money = z.object({
  amount: MinorAmount,
  currency: CurrencyCode,
});

/** An instant in ISO 8601 with a UTC offset, such as `2026-12-04T10:00:00Z`. */
export const Instant = z.iso.datetime({ offset: true });

/**
 * A calendar date without a time zone (`YYYY-MM-DD`), such as a due date.
 * Rendered as is, so it never shifts with the viewer's time zone.
 */
export const DateOnly = z.iso.date();

/** An ISO 3166-1 alpha-2 country code, such as `JP`. */
export const CountryCode = z.string().check(z.regex(/^[A-Z]{2}$/, 'Expected an ISO 3166-1 alpha-2 code such as "JP".'));

/** A BCP 47 language tag, such as `ja` or `pt-BR`. */
export const LocaleTag = z.string().check(z.regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Expected a BCP 47 language tag such as "ja".'));

/** An IANA time zone name, such as `Asia/Tokyo`. */
export const TimeZone = z.string().check(z.minLength(1), z.maxLength(64));

/** A postal address; every part but the country may be unknown. */
export const Address = z.strictObject({
  line1: z.nullable(z.string().check(z.maxLength(200))),
  line2: z.nullable(z.string().check(z.maxLength(200))),
  city: z.nullable(z.string().check(z.maxLength(100))),
  state: z.nullable(z.string().check(z.maxLength(100))),
  postal_code: z.nullable(z.string().check(z.maxLength(20))),
  country: CountryCode,
});

/** Query parameters of every cursor-paginated list. */
export const ListQuery = z.strictObject({
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
  starting_after: z.optional(Id),
});

/**
 * Builds the envelope of a cursor-paginated list. `next_cursor` is the id to
 * pass as `starting_after` for the next page, or null on the last page.
 */
export function listOf<T extends z.ZodMiniType>(item: T) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.nullable(Id),
  });
}

export type Money = z.infer<typeof Money>;
export type Address = z.infer<typeof Address>;
export type ListQuery = z.infer<typeof ListQuery>;
export type Id = z.infer<typeof Id>;
export type CurrencyCode = z.infer<typeof CurrencyCode>;
export type MinorAmount = z.infer<typeof MinorAmount>;
export type NonNegativeMinorAmount = z.infer<typeof NonNegativeMinorAmount>;
export type Instant = z.infer<typeof Instant>;
export type DateOnly = z.infer<typeof DateOnly>;
export type CountryCode = z.infer<typeof CountryCode>;
export type LocaleTag = z.infer<typeof LocaleTag>;
export type TimeZone = z.infer<typeof TimeZone>;
