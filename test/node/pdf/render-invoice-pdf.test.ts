import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { formatMoney } from '../../../src/money/index.js';
import { InvoicePdfError, renderInvoicePdf, resolvePdfLocale } from '../../../src/server/pdf/index.js';
import { euReverseChargeInvoice, invoice, japaneseQualifiedInvoice, line } from './fixtures.js';

const MAX_TYPICAL_JAPANESE_PDF_BYTES = 400 * 1024;

/** Extracts the text of each page with pdf.js. */
async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  // pdf.js takes ownership of the buffer it is given, so it gets a copy.
  const document = await getDocumentProxy(pdf.slice());
  const { text } = await extractText(document, { mergePages: false });
  return text;
}

async function allText(pdf: Uint8Array): Promise<string> {
  return (await pageTexts(pdf)).join('\n');
}

function lineContaining(text: string, needle: string): string {
  return text.split('\n').find((row) => row.includes(needle)) ?? '';
}

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('Japanese qualified invoice', () => {
  let pdf: Uint8Array;
  let text: string;
  before(async () => {
    pdf = await renderInvoicePdf(japaneseQualifiedInvoice(), { locale: 'ja', timeZone: 'Asia/Tokyo' });
    text = await allText(pdf);
  });
  const yen = (amount: number) => formatMoney(amount, 'JPY', 'ja');

  test('size under budget', (t) => {
    t.diagnostic(`Japanese qualified invoice PDF: ${pdf.length} bytes`);
    assert.ok(pdf.length < MAX_TYPICAL_JAPANESE_PDF_BYTES, `PDF is ${pdf.length} bytes`);
  });

  test('title and issuer fields', () => {
    assert.match(text, /適格請求書/);
    assert.match(text, /キール株式会社/);
    assert.match(text, /登録番号/);
    assert.match(text, /T7123456789012/);
  });

  test('recipient with 御中', () => {
    assert.match(text, /株式会社サンプル商事 御中/);
  });

  test('per-rate totals and taxes', () => {
    const standard = lineContaining(text, '10%対象');
    assert.ok(standard.includes(yen(12_345)), `10% row: ${standard}`);
    assert.ok(standard.includes(yen(1_234)), `10% row: ${standard}`);
    assert.ok(standard.includes('消費税'), `10% row: ${standard}`);

    const reduced = lineContaining(text, '8%対象');
    assert.ok(reduced.includes(yen(8_000)), `8% row: ${reduced}`);
    assert.ok(reduced.includes(yen(640)), `8% row: ${reduced}`);
    assert.ok(reduced.includes('※'), `8% row: ${reduced}`);
  });

  test('reduced-rate mark and legend', () => {
    assert.ok(lineContaining(text, '有機コーヒー豆').includes('※'));
    assert.ok(!lineContaining(text, 'Keel Pro').includes('※'));
    assert.match(text, /※ 軽減税率対象/);
  });

  test('totals and dates', () => {
    assert.ok(lineContaining(text, '合計').includes(yen(22_219)));
    assert.match(text, /ご請求金額/);
    assert.match(text, /2026年7月1日/, 'issue date in Asia/Tokyo');
    assert.match(text, /2026年7月31日/, 'due date');
  });

  test('same invoice same bytes', async () => {
    const again = await renderInvoicePdf(japaneseQualifiedInvoice(), { locale: 'ja', timeZone: 'Asia/Tokyo' });
    assert.deepEqual(again, pdf);
  });

  test('English labels for same invoice', async () => {
    const english = await allText(await renderInvoicePdf(japaneseQualifiedInvoice(), { locale: 'en', timeZone: 'Asia/Tokyo' }));
    assert.match(english, /Registration number: T7123456789012/);
    assert.match(english, /※ Reduced tax rate item/);
    assert.ok(lineContaining(english, 'Taxable at 8%').includes(formatMoney(640, 'JPY', 'en')));
  });
});

describe('EU reverse charge', () => {
  const wordings: [string, string][] = [
    ['de', 'Steuerschuldnerschaft des Leistungsempfängers'],
    ['en', 'Reverse charge'],
    ['nl', 'Btw verlegd'],
    ['it', 'Inversione contabile'],
    ['es', 'Inversión del sujeto pasivo'],
    ['fr', 'Autoliquidation'],
  ];

  for (const [locale, wording] of wordings) {
    test(`${locale} wording and VAT IDs`, async (t) => {
      const pdf = await renderInvoicePdf(euReverseChargeInvoice(), { locale, timeZone: 'Europe/Berlin' });
      t.diagnostic(`${locale} reverse-charge PDF: ${pdf.length} bytes`);
      const text = await allText(pdf);
      assert.ok(text.includes(wording), `missing "${wording}"`);
      assert.ok(lineContaining(text, 'Keel GmbH)').includes('DE123456789'), 'issuer VAT ID');
      assert.ok(lineContaining(text, 'Exemple SAS)').includes('FR40303265045'), 'recipient VAT ID');
    });
  }

  test('German adds English wording', async () => {
    const text = await allText(await renderInvoicePdf(euReverseChargeInvoice(), { locale: 'de', timeZone: 'Europe/Berlin' }));
    assert.match(text, /Steuerschuldnerschaft des Leistungsempfängers \(Reverse charge\)/);
  });

  test('no wording without flag', async () => {
    const text = await allText(await renderInvoicePdf({ ...euReverseChargeInvoice(), reverse_charge: false }, { locale: 'en', timeZone: 'Europe/Berlin' }));
    assert.ok(!text.includes('Reverse charge'));
  });
});

describe('long invoice', () => {
  const lines = Array.from({ length: 120 }, (_, index) =>
    line({
      id: `il_${index + 1}`,
      description: `Seat add-on item ${index + 1}${index % 9 === 0 ? ' with a description long enough to wrap onto more than one line of the table' : ''}`,
      amount: 1_500,
      tax_rate_percent: 10,
    }),
  );
  let pdf: Uint8Array;
  let pages: string[];
  let text: string;
  before(async () => {
    pdf = await renderInvoicePdf(invoice({ lines, subtotal: 180_000, total: 180_000, amount_due: 180_000 }), {
      locale: 'en',
      timeZone: 'UTC',
    });
    pages = await pageTexts(pdf);
    text = pages.join('\n');
  });

  test('several pages', (t) => {
    t.diagnostic(`120-line invoice PDF: ${pdf.length} bytes, ${pages.length} pages`);
    assert.ok(pages.length >= 3, `${pages.length} pages`);
  });

  test('every line present', () => {
    const missing = lines.filter((_, index) => !new RegExp(`Seat add-on item ${index + 1}(?!\\d)`).test(text));
    assert.deepEqual(missing.map((item) => item.id), []);
  });

  test('header on every table page', () => {
    for (const [index, page] of pages.entries()) {
      if (page.includes('Seat add-on item')) assert.ok(page.includes('Unit price'), `page ${index + 1} lacks the header`);
    }
  });

  test('page numbers in footer', () => {
    assert.ok(pages.at(-1)?.includes(`Page ${pages.length} of ${pages.length}`));
  });
});

describe('line kinds and signs', () => {
  let text: string;
  before(async () => {
    const pdf = await renderInvoicePdf(
      invoice({
        lines: [
          line({ id: 'il_credit', kind: 'credit', description: 'Goodwill credit', amount: -2_500 }),
          line({
            id: 'il_unused',
            kind: 'proration',
            description: 'Unused time on Basic',
            amount: -1_234,
            quantity: 1,
            period_start: '2026-07-15T00:00:00Z',
            period_end: '2026-07-31T00:00:00Z',
          }),
          line({ id: 'il_remaining', kind: 'proration', description: null, amount: 3_000, discount_amount: 300 }),
        ],
        discounts: [{ name: 'Launch promo', amount: 300 }],
        subtotal: -734,
        total_discount: 300,
        total: -1_034,
      }),
      { locale: 'en', timeZone: 'UTC' },
    );
    text = await allText(pdf);
  });

  test('credit amount negative', () => {
    assert.ok(lineContaining(text, 'Goodwill credit').includes(formatMoney(-2_500, 'USD', 'en')));
  });

  test('proration with its period', () => {
    assert.ok(lineContaining(text, 'Unused time on Basic').includes(formatMoney(-1_234, 'USD', 'en')));
    assert.match(text, /July 15 – 31, 2026/);
  });

  test('kind label without description', () => {
    assert.ok(lineContaining(text, 'Proration adjustment').includes(formatMoney(3_000, 'USD', 'en')));
  });

  test('discounts with their names', () => {
    assert.match(text, /Discount -\$3\.00/);
    assert.ok(lineContaining(text, 'Discount (Launch promo)').includes(formatMoney(-300, 'USD', 'en')));
  });
});

describe('hostile and unknown text', () => {
  test('markup drawn literally', async () => {
    const description = '<img src=x onerror=alert(1)>';
    const text = await allText(await renderInvoicePdf(invoice({ lines: [line({ id: 'il_html', description, amount: 100 })] }), { locale: 'en', timeZone: 'UTC' }));
    assert.ok(text.includes(description));
  });

  test('unknown glyphs do not crash', async () => {
    const description = '한국어 عربي 😀 \u0000\u202Eevil\u202C \uD800 end';
    for (const locale of ['ko', 'ar', 'zh-Hans', 'en']) {
      const pdf = await renderInvoicePdf(invoice({ lines: [line({ id: 'il_odd', description, amount: 100 })] }), { locale, timeZone: 'UTC' });
      const text = await allText(pdf);
      assert.ok(text.includes('evil'), `${locale}: drawable parts kept`);
      assert.ok(text.includes('end'), `${locale}: drawable parts kept`);
      assert.ok(lineContaining(text, 'end').includes('?'), `${locale}: missing glyphs shown as ?`);
    }
  });

  test('undrawable labels fall back to English', async () => {
    const text = await allText(await renderInvoicePdf(invoice({}), { locale: 'ko', timeZone: 'Asia/Seoul' }));
    assert.match(text, /Invoice number/);
    assert.ok(!text.includes('?'), 'no label printed as ?');
  });

  test('Arabic locale renders English', async () => {
    const text = await allText(await renderInvoicePdf(euReverseChargeInvoice(), { locale: 'ar', timeZone: 'Asia/Riyadh' }));
    assert.match(text, /Amount due/);
    assert.ok(!text.includes('?'), 'no label or number printed as ?');
  });
});

describe('dates and time zones', () => {
  // Created 2026-06-30T20:00Z: July 1 east of UTC+4, June 30 west of it.
  test('issue date in customer zone', async () => {
    const east = await allText(await renderInvoicePdf(invoice({}), { locale: 'en', timeZone: 'Pacific/Kiritimati' }));
    const west = await allText(await renderInvoicePdf(invoice({}), { locale: 'en', timeZone: 'Pacific/Pago_Pago' }));
    assert.ok(lineContaining(east, 'Issue date').includes('July 1, 2026'));
    assert.ok(lineContaining(west, 'Issue date').includes('June 30, 2026'));
  });

  test('due date never shifts', async () => {
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
      const text = await allText(await renderInvoicePdf(invoice({ due_date: '2026-07-31' }), { locale: 'en', timeZone }));
      assert.ok(lineContaining(text, 'Due date').includes('July 31, 2026'), timeZone);
    }
  });
});

describe('invalid input', () => {
  test('unknown time zone rejected', async () => {
    await assert.rejects(
      renderInvoicePdf(invoice({}), { locale: 'en', timeZone: 'Mars/Olympus_Mons' }),
      (error: unknown) => error instanceof InvoicePdfError && error.code === 'invalid_time_zone' && error.param === 'timeZone',
    );
  });

  test('bad registration number rejected', async () => {
    const bad = japaneseQualifiedInvoice();
    const issuer = { ...bad.issuer!, registration_number: 'T123' };
    await assert.rejects(
      renderInvoicePdf({ ...bad, issuer }, { locale: 'ja', timeZone: 'Asia/Tokyo' }),
      (error: unknown) => error instanceof InvoicePdfError && error.code === 'invalid_invoice' && error.param === 'issuer.registration_number',
    );
  });
});

describe('resolvePdfLocale', () => {
  const cases: [string, string][] = [
    ['ja-JP', 'ja'],
    ['de-AT', 'de'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-CN', 'zh-Hans'],
    ['zh', 'zh-Hans'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['ar-EG', 'ar'],
    ['sv', 'en'],
    ['not a locale', 'en'],
  ];
  for (const [input, expected] of cases) {
    test(`${input} resolves to ${expected}`, () => {
      assert.equal(resolvePdfLocale(input), expected);
    });
  }
});

test('person recipient gets 様', async () => {
  const base = japaneseQualifiedInvoice();
  const recipient = { ...base.recipient!, name: '山田 太郎' };
  const text = await allText(await renderInvoicePdf({ ...base, recipient }, { locale: 'ja', timeZone: 'Asia/Tokyo' }));
  assert.match(text, /山田 太郎 様/);
  assert.equal(countOf(text, '御中'), 0);
});
