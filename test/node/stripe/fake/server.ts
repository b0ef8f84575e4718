/**
 * An in-process fake of the Stripe API for the endpoints Keel's Stripe
 * provider calls. It is a Hono app reached through a `fetch` function handed
 * to `Stripe.createFetchHttpClient`, so the real `stripe` package encodes the
 * requests and decodes the responses; no socket is opened.
 *
 * Payment outcomes follow the payment method's `fake_behavior` metadata:
 * `succeed` (default), `requires_action` (3-D Secure on-session, a decline
 * off-session) or `decline:<decline_code>`.
 */
import { Hono, type Context } from 'hono';
import Stripe from 'stripe';
import * as build from './objects.js';

type AnyObject = Record<string, any>;

export interface RecordedRequest {
  method: string;
  path: string;
  params: AnyObject;
}

/** Parses Stripe's bracketed form encoding (`items[0][price]=x`) into nested objects and arrays. */
export function parseStripeForm(text: string): AnyObject {
  const root: AnyObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split(/\[|\]\[|\]/).filter((part) => part !== '');
    let node = root;
    path.forEach((part, index) => {
      if (index === path.length - 1) node[part] = value;
      else node = node[part] ??= {};
    });
  }
  const arrays = (value: any): any => {
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    const converted: AnyObject = {};
    for (const key of keys) converted[key] = arrays(value[key]);
    return keys.length > 0 && keys.every((key) => /^\d+$/.test(key)) ? keys.sort((a, b) => Number(a) - Number(b)).map((key) => converted[key]) : converted;
  };
  return arrays(root);
}

const clone = <T>(value: T): T => structuredClone(value);

export class FakeStripe {
  readonly customers = new Map<string, Stripe.Customer>();
  readonly invoices = new Map<string, Stripe.Invoice>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly setupIntents = new Map<string, Stripe.SetupIntent>();
  readonly subscriptions = new Map<string, Stripe.Subscription>();
  readonly schedules = new Map<string, Stripe.SubscriptionSchedule>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly products = new Map<string, Stripe.Product>();
  readonly taxRates = new Map<string, Stripe.TaxRate>();
  readonly taxIds = new Map<string, Stripe.TaxId>();
  readonly invoicePayments = new Map<string, Stripe.InvoicePayment>();
  readonly requests: RecordedRequest[] = [];
  private sequence = 0;
  readonly app = new Hono();

  constructor() {
    this.routes();
  }

  /** A `fetch` that routes only to this fake and rejects any other host. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    if (url.hostname !== '127.0.0.1') throw new Error(`The fake Stripe only serves 127.0.0.1, not ${url.hostname}.`);
    return this.app.fetch(request);
  };

  /** Creates a real `stripe` client whose requests go to this fake. */
  client(): Stripe {
    return new Stripe('sk_test_fake', {
      httpClient: Stripe.createFetchHttpClient(this.fetch),
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
  }

  nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}_fake${String(this.sequence).padStart(6, '0')}`;
  }

  requestsTo(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((entry) => entry.method === method && pattern.test(entry.path));
  }

  private collections(): Array<Map<string, any>> {
    return [this.customers, this.invoices, this.paymentIntents, this.paymentMethods, this.setupIntents, this.subscriptions, this.schedules, this.prices, this.products, this.taxRates, this.taxIds, this.invoicePayments];
  }

  private lookup(id: string): any {
    for (const collection of this.collections()) if (collection.has(id)) return clone(collection.get(id));
    return undefined;
  }

  /** Replaces ids along each `expand` path with the stored objects, as Stripe does. */
  private expand(object: AnyObject, paths: string[]): AnyObject {
    const result = clone(object);
    if (paths.some((path) => path.startsWith('payments')) && result.object === 'invoice') {
      const data = [...this.invoicePayments.values()].filter((payment) => payment.invoice === result.id).map(clone);
      result.payments = { object: 'list', data, has_more: false, url: '/v1/invoice_payments' };
    }
    const walk = (node: any, segments: string[]): any => {
      if (Array.isArray(node)) return node.map((entry) => walk(entry, segments));
      if (segments.length === 0) return typeof node === 'string' ? this.lookup(node) ?? node : node;
      if (typeof node === 'string') node = this.lookup(node) ?? node;
      if (node === null || typeof node !== 'object') return node;
      const [head, ...rest] = segments;
      if (head! in node) node[head!] = walk(node[head!], rest);
      return node;
    };
    for (const path of paths) walk(result, path.split('.'));
    return result;
  }

  private params(c: Context): Promise<AnyObject> {
    if (c.req.method === 'GET' || c.req.method === 'DELETE') return Promise.resolve(parseStripeForm(new URL(c.req.url).search.slice(1)));
    return c.req.text().then(parseStripeForm);
  }

  private error(c: Context, status: number, error: AnyObject) {
    return c.json({ error: { message: error.message ?? error.code, ...error } }, status as 400);
  }

  private missing(c: Context, id: string) {
    return this.error(c, 404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such object: '${id}'`, param: 'id' });
  }

  private respond(c: Context, object: AnyObject, params: AnyObject) {
    return c.json(this.expand(object, params.expand ?? []));
  }

  private list<T extends AnyObject>(c: Context, items: T[], params: AnyObject, url: string) {
    let data = items;
    if (params.starting_after) {
      const index = data.findIndex((item) => item.id === params.starting_after);
      data = index >= 0 ? data.slice(index + 1) : data;
    }
    const limit = Number(params.limit ?? 10);
    const page = data.slice(0, limit);
    const expandPaths = (params.expand ?? []).map((path: string) => path.replace(/^data\./, ''));
    return c.json({ object: 'list', data: page.map((item) => this.expand(item, expandPaths)), has_more: data.length > limit, url });
  }

  private paymentIntentOfInvoice(invoiceId: string): Stripe.PaymentIntent | undefined {
    const payment = [...this.invoicePayments.values()].find((entry) => entry.invoice === invoiceId && entry.is_default);
    const id = payment?.payment.payment_intent;
    return typeof id === 'string' ? this.paymentIntents.get(id) : undefined;
  }

  /** Collects an invoice with a payment method, applying the method's `fake_behavior`. */
  private collect(c: Context, invoice: Stripe.Invoice, methodId: string | null, offSession: boolean) {
    const intent = this.paymentIntentOfInvoice(invoice.id);
    if (!intent) return this.error(c, 400, { type: 'invalid_request_error', code: 'invoice_no_payment', message: 'No payment.' });
    if (!methodId) return this.error(c, 400, { type: 'invalid_request_error', code: 'invoice_no_customer_line_items', message: 'No payment method.' });
    const method = this.paymentMethods.get(methodId);
    const behavior = method?.metadata?.fake_behavior ?? 'succeed';
    intent.payment_method = methodId;
    invoice.attempt_count += 1;
    invoice.attempted = true;

    if (behavior === 'requires_action' && !offSession) {
      intent.status = 'requires_action';
      intent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: {} as Stripe.PaymentIntent.NextAction.UseStripeSdk };
      return this.error(c, 402, { type: 'card_error', code: 'invoice_payment_intent_requires_action', message: 'This payment requires additional user action.', payment_intent: clone(intent) });
    }
    if (behavior !== 'succeed') {
      const code = behavior === 'requires_action' ? 'authentication_required' : behavior.replace(/^decline:/, '');
      intent.status = 'requires_payment_method';
      intent.last_payment_error = { type: 'card_error', code: code === 'authentication_required' ? 'authentication_required' : 'card_declined', decline_code: code, message: 'Your card was declined.' };
      return this.error(c, 402, { type: 'card_error', code: 'card_declined', decline_code: code, message: 'Your card was declined.', payment_intent: clone(intent) });
    }
    intent.status = 'succeeded';
    intent.last_payment_error = null;
    intent.next_action = null;
    intent.amount_received = intent.amount;
    invoice.status = 'paid';
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.next_payment_attempt = null;
    invoice.status_transitions.paid_at = build.T0 + 2 * build.DAY;
    return c.json(clone(invoice));
  }

  /** Builds the preview Stripe would bill for a subscription change, prorated from `proration_date`. */
  private preview(params: AnyObject): Stripe.Invoice {
    const subscription = this.subscriptions.get(params.subscription)!;
    const item = subscription.items.data[0]!;
    const change = params.subscription_details?.items?.[0];
    const target = change ? this.prices.get(change.price)! : item.price;
    const quantity = Number(change?.quantity ?? item.quantity ?? 1);
    const behavior = params.subscription_details?.proration_behavior ?? 'create_prorations';
    const lines: Stripe.InvoiceLineItem[] = [];
    if (change && behavior !== 'none') {
      const prorationDate = Number(params.subscription_details?.proration_date ?? build.T0);
      const span = item.current_period_end - item.current_period_start;
      const remaining = Math.max(0, item.current_period_end - prorationDate) / span;
      const proration = (id: string, amount: number, description: string) =>
        build.invoiceLine({
          id,
          amount,
          description,
          parent: { type: 'subscription_item_details', invoice_item_details: null, subscription_item_details: { invoice_item: null, proration: true, proration_details: null, subscription: subscription.id, subscription_item: item.id } },
          period: { start: prorationDate, end: item.current_period_end },
        });
      lines.push(proration('il_preview_unused', -Math.round((item.price.unit_amount ?? 0) * (item.quantity ?? 1) * remaining), 'Unused time'));
      lines.push(proration('il_preview_remaining', Math.round((target.unit_amount ?? 0) * quantity * remaining), 'Remaining time'));
    } else {
      lines.push(build.invoiceLine({ id: 'il_preview_next', amount: (target.unit_amount ?? 0) * quantity, period: { start: item.current_period_end, end: item.current_period_end + 30 * build.DAY } }));
    }
    const total = lines.reduce((sum, line) => sum + line.amount, 0);
    return build.invoice({
      id: 'upcoming_in_fake',
      customer: subscription.customer as string,
      lines,
      status: 'draft',
      amount_due: Math.max(0, total),
      amount_remaining: Math.max(0, total),
      total,
      next_payment_attempt: change && behavior !== 'none' ? null : item.current_period_end,
      period_end: item.current_period_end,
    });
  }

  private routes(): void {
    const app = this.app;
    app.use('*', async (c, next) => {
      const url = new URL(c.req.url);
      const text = c.req.method === 'GET' || c.req.method === 'DELETE' ? url.search.slice(1) : await c.req.raw.clone().text();
      this.requests.push({ method: c.req.method, path: url.pathname, params: parseStripeForm(text) });
      await next();
    });

    app.get('/v1/customers/:id', async (c) => {
      const customer = this.customers.get(c.req.param('id'));
      return customer ? this.respond(c, customer, await this.params(c)) : this.missing(c, c.req.param('id'));
    });
    app.post('/v1/customers/:id', async (c) => {
      const customer = this.customers.get(c.req.param('id'));
      if (!customer) return this.missing(c, c.req.param('id'));
      const params = await this.params(c);
      if (params.invoice_settings?.default_payment_method !== undefined) customer.invoice_settings.default_payment_method = params.invoice_settings.default_payment_method || null;
      for (const key of ['name', 'email', 'phone'] as const) if (params[key] !== undefined) customer[key] = params[key] || null;
      if (params.address) customer.address = { line1: null, line2: null, city: null, state: null, postal_code: null, country: null, ...params.address };
      if (params.metadata) customer.metadata = { ...customer.metadata, ...params.metadata };
      return c.json(clone(customer));
    });
    app.get('/v1/customers/:id/payment_methods', async (c) => {
      const items = [...this.paymentMethods.values()].filter((method) => method.customer === c.req.param('id'));
      return this.list(c, items, await this.params(c), `/v1/customers/${c.req.param('id')}/payment_methods`);
    });
    app.get('/v1/customers/:id/tax_ids', async (c) => {
      const items = [...this.taxIds.values()].filter((taxId) => taxId.customer === c.req.param('id'));
      return this.list(c, items, await this.params(c), '/v1/tax_ids');
    });
    app.post('/v1/customers/:id/tax_ids', async (c) => {
      const params = await this.params(c);
      const created = build.taxId({ id: this.nextId('txi'), customer: c.req.param('id'), type: params.type, value: params.value });
      this.taxIds.set(created.id, created);
      return c.json(clone(created));
    });
    app.get('/v1/customers/:id/tax_ids/:taxId', (c) => {
      const taxId = this.taxIds.get(c.req.param('taxId'));
      return taxId && taxId.customer === c.req.param('id') ? c.json(clone(taxId)) : this.missing(c, c.req.param('taxId'));
    });
    app.delete('/v1/customers/:id/tax_ids/:taxId', (c) => {
      this.taxIds.delete(c.req.param('taxId'));
      return c.json({ id: c.req.param('taxId'), object: 'tax_id', deleted: true });
    });
    app.post('/v1/customers/:id/funding_instructions', async (c) => {
      const params = await this.params(c);
      const instructions: Stripe.FundingInstructions = {
        object: 'funding_instructions',
        currency: params.currency,
        funding_type: 'bank_transfer',
        livemode: false,
        bank_transfer: {
          country: 'JP',
          type: params.bank_transfer.type,
          financial_addresses: [
            {
              type: 'zengin',
              supported_networks: ['zengin'],
              zengin: {
                account_holder_address: { city: null, country: 'JP', line1: null, line2: null, postal_code: null, state: null },
                account_holder_name: 'ｽﾄﾗｲﾌﾟｼﾞﾔﾊﾟﾝ(ｶ',
                account_number: '1234567',
                account_type: 'futsu',
                bank_address: { city: null, country: 'JP', line1: null, line2: null, postal_code: null, state: null },
                bank_code: '0009',
                bank_name: '三井住友銀行',
                branch_code: '950',
                branch_name: 'ｲﾁｺﾞ',
              },
            },
          ],
        },
      };
      return c.json(instructions);
    });

    app.get('/v1/invoices', async (c) => {
      const params = await this.params(c);
      const items = [...this.invoices.values()]
        .filter((invoice) => !params.customer || invoice.customer === params.customer)
        .filter((invoice) => !params.status || invoice.status === params.status)
        .sort((a, b) => b.created - a.created);
      return this.list(c, items, params, '/v1/invoices');
    });
    app.post('/v1/invoices/create_preview', async (c) => c.json(this.preview(await this.params(c))));
    app.get('/v1/invoices/:id', async (c) => {
      const invoice = this.invoices.get(c.req.param('id'));
      return invoice ? this.respond(c, invoice, await this.params(c)) : this.missing(c, c.req.param('id'));
    });
    app.post('/v1/invoices/:id/pay', async (c) => {
      const invoice = this.invoices.get(c.req.param('id'));
      if (!invoice) return this.missing(c, c.req.param('id'));
      if (invoice.status !== 'open') return this.error(c, 400, { type: 'invalid_request_error', code: 'invoice_not_open', message: 'Invoice is already paid.' });
      const params = await this.params(c);
      const subscriptionId = invoice.parent?.subscription_details?.subscription as string | undefined;
      const subscriptionDefault = subscriptionId ? (this.subscriptions.get(subscriptionId)?.default_payment_method as string | null) : null;
      const customerDefault = this.customers.get(invoice.customer as string)?.invoice_settings.default_payment_method as string | null;
      return this.collect(c, invoice, params.payment_method ?? subscriptionDefault ?? customerDefault ?? null, params.off_session === 'true');
    });
    app.get('/v1/invoice_payments', async (c) => {
      const params = await this.params(c);
      const items = [...this.invoicePayments.values()]
        .filter((payment) => !params.invoice || payment.invoice === params.invoice)
        .filter((payment) => !params.payment?.payment_intent || payment.payment.payment_intent === params.payment.payment_intent);
      return this.list(c, items, params, '/v1/invoice_payments');
    });

    app.get('/v1/payment_intents/:id', async (c) => {
      const intent = this.paymentIntents.get(c.req.param('id'));
      return intent ? this.respond(c, intent, await this.params(c)) : this.missing(c, c.req.param('id'));
    });
    app.post('/v1/payment_intents/:id/confirm', async (c) => {
      const intent = this.paymentIntents.get(c.req.param('id'));
      if (!intent) return this.missing(c, c.req.param('id'));
      const params = await this.params(c);
      if (params.payment_method_data?.type === 'konbini') {
        const days = Number(params.payment_method_options?.konbini?.expires_after_days ?? 3);
        intent.status = 'requires_action';
        intent.payment_method_types = ['konbini'];
        intent.next_action = {
          type: 'konbini_display_details',
          konbini_display_details: {
            expires_at: build.T0 + days * build.DAY,
            hosted_voucher_url: 'https://vouchers.example.test/konbini/1',
            stores: {
              familymart: { confirmation_number: '1234567890', payment_code: '123456' },
              lawson: { confirmation_number: '1234567890', payment_code: '123456' },
              ministop: { confirmation_number: '1234567890', payment_code: '123456' },
              seicomart: { confirmation_number: '1234567890', payment_code: '123456' },
            },
          },
        };
      }
      return c.json(clone(intent));
    });

    app.get('/v1/payment_methods/:id', (c) => {
      const method = this.paymentMethods.get(c.req.param('id'));
      return method ? c.json(clone(method)) : this.missing(c, c.req.param('id'));
    });
    app.post('/v1/payment_methods/:id/attach', async (c) => {
      const method = this.paymentMethods.get(c.req.param('id'));
      if (!method) return this.missing(c, c.req.param('id'));
      method.customer = (await this.params(c)).customer;
      return c.json(clone(method));
    });
    app.post('/v1/payment_methods/:id/detach', (c) => {
      const method = this.paymentMethods.get(c.req.param('id'));
      if (!method) return this.missing(c, c.req.param('id'));
      const owner = this.customers.get(method.customer as string);
      if (owner?.invoice_settings.default_payment_method === method.id) owner.invoice_settings.default_payment_method = null;
      method.customer = null;
      return c.json(clone(method));
    });

    app.post('/v1/setup_intents', async (c) => {
      const params = await this.params(c);
      const intent = build.setupIntent({ id: this.nextId('seti'), customer: params.customer, usage: params.usage, metadata: params.metadata ?? {} });
      this.setupIntents.set(intent.id, intent);
      return c.json(clone(intent));
    });
    app.get('/v1/setup_intents/:id', async (c) => {
      const intent = this.setupIntents.get(c.req.param('id'));
      return intent ? this.respond(c, intent, await this.params(c)) : this.missing(c, c.req.param('id'));
    });

    app.get('/v1/subscriptions', async (c) => {
      const params = await this.params(c);
      const items = [...this.subscriptions.values()].filter((subscription) => !params.customer || subscription.customer === params.customer);
      return this.list(c, items, params, '/v1/subscriptions');
    });
    app.get('/v1/subscriptions/:id', async (c) => {
      const subscription = this.subscriptions.get(c.req.param('id'));
      return subscription ? this.respond(c, subscription, await this.params(c)) : this.missing(c, c.req.param('id'));
    });
    app.post('/v1/subscriptions/:id', async (c) => {
      const subscription = this.subscriptions.get(c.req.param('id'));
      if (!subscription) return this.missing(c, c.req.param('id'));
      const params = await this.params(c);
      if (params.default_payment_method !== undefined) subscription.default_payment_method = params.default_payment_method || null;
      if (params.pause_collection !== undefined) {
        subscription.pause_collection = params.pause_collection === '' ? null : { behavior: params.pause_collection.behavior, resumes_at: params.pause_collection.resumes_at ? Number(params.pause_collection.resumes_at) : null };
      }
      if (params.cancel_at_period_end !== undefined) subscription.cancel_at_period_end = params.cancel_at_period_end === 'true';
      if (params.cancellation_details) subscription.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: 'cancellation_requested', ...params.cancellation_details };
      for (const change of params.items ?? []) {
        const item = subscription.items.data.find((entry) => entry.id === change.id);
        if (item && change.price) item.price = clone(this.prices.get(change.price)!);
        if (item && change.quantity) item.quantity = Number(change.quantity);
      }
      return c.json(clone(subscription));
    });
    app.delete('/v1/subscriptions/:id', async (c) => {
      const subscription = this.subscriptions.get(c.req.param('id'));
      if (!subscription) return this.missing(c, c.req.param('id'));
      const params = await this.params(c);
      subscription.status = 'canceled';
      subscription.canceled_at = build.T0;
      if (params.cancellation_details) subscription.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: 'cancellation_requested', ...params.cancellation_details };
      return c.json(clone(subscription));
    });

    app.post('/v1/subscription_schedules', async (c) => {
      const params = await this.params(c);
      const subscription = this.subscriptions.get(params.from_subscription)!;
      const item = subscription.items.data[0]!;
      const schedule = {
        object: 'subscription_schedule',
        id: this.nextId('sub_sched'),
        customer: subscription.customer,
        subscription: subscription.id,
        status: 'active',
        end_behavior: 'release',
        current_phase: { start_date: item.current_period_start, end_date: item.current_period_end },
        phases: [{ start_date: item.current_period_start, end_date: item.current_period_end, items: [{ price: item.price.id, quantity: item.quantity ?? 1 }] }],
        released_at: null,
        released_subscription: null,
      } as unknown as Stripe.SubscriptionSchedule;
      this.schedules.set(schedule.id, schedule);
      subscription.schedule = schedule.id;
      return c.json(clone(schedule));
    });
    app.get('/v1/subscription_schedules/:id', (c) => {
      const schedule = this.schedules.get(c.req.param('id'));
      return schedule ? c.json(clone(schedule)) : this.missing(c, c.req.param('id'));
    });
    app.post('/v1/subscription_schedules/:id', async (c) => {
      const schedule = this.schedules.get(c.req.param('id'));
      if (!schedule) return this.missing(c, c.req.param('id'));
      const params = await this.params(c);
      schedule.phases = (params.phases ?? []).map((phase: AnyObject) => ({
        start_date: Number(phase.start_date),
        end_date: phase.end_date ? Number(phase.end_date) : Number(phase.start_date) + 30 * build.DAY,
        items: (phase.items ?? []).map((item: AnyObject) => ({ price: item.price, quantity: Number(item.quantity ?? 1) })),
      })) as unknown as Stripe.SubscriptionSchedule.Phase[];
      return c.json(clone(schedule));
    });
    app.post('/v1/subscription_schedules/:id/release', (c) => {
      const schedule = this.schedules.get(c.req.param('id'));
      if (!schedule) return this.missing(c, c.req.param('id'));
      schedule.status = 'released';
      const subscription = this.subscriptions.get(schedule.subscription as string);
      if (subscription) subscription.schedule = null;
      return c.json(clone(schedule));
    });

    app.get('/v1/prices', async (c) => {
      const params = await this.params(c);
      const items = [...this.prices.values()].filter((entry) => (params.active === undefined || String(entry.active) === params.active) && (!params.type || entry.type === params.type));
      return this.list(c, items, params, '/v1/prices');
    });
    app.get('/v1/prices/:id', async (c) => {
      const entry = this.prices.get(c.req.param('id'));
      return entry ? this.respond(c, entry, await this.params(c)) : this.missing(c, c.req.param('id'));
    });
    app.get('/v1/products', async (c) => {
      const params = await this.params(c);
      const ids: string[] = params.ids ?? [];
      return this.list(c, [...this.products.values()].filter((entry) => ids.length === 0 || ids.includes(entry.id)), params, '/v1/products');
    });
    app.get('/v1/tax_rates/:id', (c) => {
      const rate = this.taxRates.get(c.req.param('id'));
      return rate ? c.json(clone(rate)) : this.missing(c, c.req.param('id'));
    });

    app.all('*', (c) => this.error(c, 404, { type: 'invalid_request_error', code: 'route_not_found', message: `The fake Stripe has no route ${c.req.method} ${new URL(c.req.url).pathname}.` }));
  }
}
