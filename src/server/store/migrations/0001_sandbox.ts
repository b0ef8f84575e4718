import { sql, type Kysely } from 'kysely';

// Tables of the sandbox billing engine. Every object belongs to one sandbox,
// and its primary key is (sandbox_id, id) so the same fixed seed ids can exist
// in several sandboxes of one database.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sandboxes')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('clock_now', 'timestamptz', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('invoice_number_seq', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('object_seq', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('settings', 'jsonb', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('sandbox_id', 'text', (col) => col.notNull().references('sandboxes.id').onDelete('cascade'))
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('email', 'text')
    .addColumn('name', 'text')
    .addColumn('country', 'text', (col) => col.notNull())
    .addColumn('locale', 'text', (col) => col.notNull())
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('phone', 'text')
    .addColumn('address', 'jsonb')
    .addColumn('default_payment_method_id', 'text')
    .addColumn('cash_balance', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('credit_balance', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('metadata', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addPrimaryKeyConstraint('customers_pkey', ['sandbox_id', 'id'])
    .execute();

  await db.schema
    .createTable('customer_tax_ids')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('country', 'text')
    .addColumn('verification_status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('customer_tax_ids_pkey', ['sandbox_id', 'id'])
    .addForeignKeyConstraint('customer_tax_ids_customer_fkey', ['sandbox_id', 'customer_id'], 'customers', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('sandbox_id', 'text', (col) => col.notNull().references('sandboxes.id').onDelete('cascade'))
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('tax_category', 'text', (col) => col.notNull())
    .addColumn('features', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('active', 'boolean', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('products_pkey', ['sandbox_id', 'id'])
    .execute();

  await db.schema
    .createTable('prices')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('product_id', 'text', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('unit_amount', 'bigint', (col) => col.notNull())
    .addColumn('interval', 'text', (col) => col.notNull())
    .addColumn('interval_count', 'integer', (col) => col.notNull())
    .addColumn('nickname', 'text')
    .addColumn('lookup_key', 'text')
    .addColumn('tier', 'integer', (col) => col.notNull())
    .addColumn('active', 'boolean', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('prices_pkey', ['sandbox_id', 'id'])
    .addForeignKeyConstraint('prices_product_fkey', ['sandbox_id', 'product_id'], 'products', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('coupons')
    .addColumn('sandbox_id', 'text', (col) => col.notNull().references('sandboxes.id').onDelete('cascade'))
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('percent_off', 'integer')
    .addColumn('amount_off', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('duration', 'text', (col) => col.notNull())
    .addColumn('duration_in_months', 'integer')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('coupons_pkey', ['sandbox_id', 'id'])
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('price_id', 'text', (col) => col.notNull())
    .addColumn('quantity', 'integer', (col) => col.notNull())
    .addColumn('collection_method', 'text', (col) => col.notNull())
    .addColumn('days_until_due', 'integer')
    .addColumn('billing_cycle_anchor', 'timestamptz', (col) => col.notNull())
    .addColumn('current_period_start', 'timestamptz', (col) => col.notNull())
    .addColumn('current_period_end', 'timestamptz', (col) => col.notNull())
    .addColumn('trial_start', 'timestamptz')
    .addColumn('trial_end', 'timestamptz')
    .addColumn('cancel_at_period_end', 'boolean', (col) => col.notNull())
    .addColumn('canceled_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('cancellation_reason', 'text')
    .addColumn('cancellation_feedback', 'text')
    .addColumn('cancellation_comment', 'text')
    .addColumn('pause_collection_behavior', 'text')
    .addColumn('pause_collection_resumes_at', 'timestamptz')
    .addColumn('paused_at', 'timestamptz')
    .addColumn('resumes_at', 'timestamptz')
    .addColumn('default_payment_method_id', 'text')
    .addColumn('coupon_id', 'text')
    .addColumn('discount_end', 'timestamptz')
    .addColumn('scheduled_price_id', 'text')
    .addColumn('scheduled_quantity', 'integer')
    .addColumn('latest_invoice_id', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('subscriptions_pkey', ['sandbox_id', 'id'])
    .addForeignKeyConstraint('subscriptions_customer_fkey', ['sandbox_id', 'customer_id'], 'customers', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('subscriptions_customer_idx').on('subscriptions').columns(['sandbox_id', 'customer_id']).execute();

  await db.schema
    .createTable('invoices')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('number', 'text')
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('subscription_id', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('billing_reason', 'text', (col) => col.notNull())
    .addColumn('collection_method', 'text', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('subtotal', 'bigint', (col) => col.notNull())
    .addColumn('discount_total', 'bigint', (col) => col.notNull())
    .addColumn('tax_total', 'bigint', (col) => col.notNull())
    .addColumn('total', 'bigint', (col) => col.notNull())
    .addColumn('balance_applied', 'bigint', (col) => col.notNull())
    .addColumn('amount_paid', 'bigint', (col) => col.notNull())
    .addColumn('amount_remaining', 'bigint', (col) => col.notNull())
    .addColumn('period_start', 'timestamptz', (col) => col.notNull())
    .addColumn('period_end', 'timestamptz', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('due_date', 'timestamptz')
    .addColumn('finalized_at', 'timestamptz')
    .addColumn('paid_at', 'timestamptz')
    .addColumn('voided_at', 'timestamptz')
    .addColumn('marked_uncollectible_at', 'timestamptz')
    .addColumn('auto_advance', 'boolean', (col) => col.notNull())
    .addColumn('attempt_count', 'integer', (col) => col.notNull())
    .addColumn('next_payment_attempt', 'timestamptz')
    .addColumn('last_payment_attempt_id', 'text')
    .addColumn('default_payment_method_id', 'text')
    .addColumn('first_failed_at', 'timestamptz')
    .addColumn('dunning_deadline', 'timestamptz')
    .addColumn('extension_granted', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('reverse_charge', 'boolean', (col) => col.notNull())
    .addColumn('issuer', 'jsonb', (col) => col.notNull())
    .addColumn('customer_snapshot', 'jsonb', (col) => col.notNull())
    .addColumn('coupon_id', 'text')
    .addColumn('description', 'text')
    .addPrimaryKeyConstraint('invoices_pkey', ['sandbox_id', 'id'])
    .addUniqueConstraint('invoices_number_key', ['sandbox_id', 'number'])
    .addForeignKeyConstraint('invoices_customer_fkey', ['sandbox_id', 'customer_id'], 'customers', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  // Customer invoice history is listed newest first with (created_at, id) cursors.
  await db.schema.createIndex('invoices_customer_created_idx').on('invoices').columns(['sandbox_id', 'customer_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('invoices_next_attempt_idx').on('invoices').columns(['sandbox_id', 'next_payment_attempt']).execute();

  await db.schema
    .createTable('invoice_lines')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('invoice_id', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('price_id', 'text')
    .addColumn('quantity', 'integer', (col) => col.notNull())
    .addColumn('unit_amount', 'bigint', (col) => col.notNull())
    .addColumn('amount', 'bigint', (col) => col.notNull())
    .addColumn('discount_amount', 'bigint', (col) => col.notNull())
    .addColumn('tax_category', 'text', (col) => col.notNull())
    .addColumn('tax_rate_id', 'text')
    .addColumn('period_start', 'timestamptz', (col) => col.notNull())
    .addColumn('period_end', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('invoice_lines_pkey', ['sandbox_id', 'id'])
    .addForeignKeyConstraint('invoice_lines_invoice_fkey', ['sandbox_id', 'invoice_id'], 'invoices', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('invoice_lines_invoice_idx').on('invoice_lines').columns(['sandbox_id', 'invoice_id', 'position']).execute();

  await db.schema
    .createTable('invoice_taxes')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('invoice_id', 'text', (col) => col.notNull())
    .addColumn('tax_rate_id', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('jurisdiction', 'text', (col) => col.notNull())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('rate_basis_points', 'integer', (col) => col.notNull())
    .addColumn('taxable_amount', 'bigint', (col) => col.notNull())
    .addColumn('tax_amount', 'bigint', (col) => col.notNull())
    .addColumn('reduced_rate', 'boolean', (col) => col.notNull())
    .addColumn('reverse_charge', 'boolean', (col) => col.notNull())
    .addPrimaryKeyConstraint('invoice_taxes_pkey', ['sandbox_id', 'invoice_id', 'tax_rate_id'])
    .addForeignKeyConstraint('invoice_taxes_invoice_fkey', ['sandbox_id', 'invoice_id'], 'invoices', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('payment_methods')
    .addColumn('sandbox_id', 'text', (col) => col.notNull().references('sandboxes.id').onDelete('cascade'))
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('brand', 'text', (col) => col.notNull())
    .addColumn('last4', 'text', (col) => col.notNull())
    .addColumn('exp_month', 'integer', (col) => col.notNull())
    .addColumn('exp_year', 'integer', (col) => col.notNull())
    .addColumn('funding', 'text', (col) => col.notNull())
    .addColumn('fingerprint', 'text', (col) => col.notNull())
    .addColumn('behavior', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('detached_at', 'timestamptz')
    .addPrimaryKeyConstraint('payment_methods_pkey', ['sandbox_id', 'id'])
    .execute();
  await db.schema.createIndex('payment_methods_customer_idx').on('payment_methods').columns(['sandbox_id', 'customer_id']).execute();

  await db.schema
    .createTable('payment_attempts')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('invoice_id', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('payment_method_id', 'text')
    .addColumn('channel', 'text', (col) => col.notNull())
    .addColumn('amount', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('failure_code', 'text')
    .addColumn('decline_code', 'text')
    .addColumn('off_session', 'boolean', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addPrimaryKeyConstraint('payment_attempts_pkey', ['sandbox_id', 'id'])
    .addForeignKeyConstraint('payment_attempts_invoice_fkey', ['sandbox_id', 'invoice_id'], 'invoices', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('payment_attempts_invoice_idx').on('payment_attempts').columns(['sandbox_id', 'invoice_id']).execute();

  await db.schema
    .createTable('bank_transfer_accounts')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('details', 'jsonb', (col) => col.notNull())
    .addColumn('reference', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('bank_transfer_accounts_pkey', ['sandbox_id', 'id'])
    .addUniqueConstraint('bank_transfer_accounts_customer_currency_key', ['sandbox_id', 'customer_id', 'currency'])
    .addForeignKeyConstraint('bank_transfer_accounts_customer_fkey', ['sandbox_id', 'customer_id'], 'customers', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('bank_transfers')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('account_id', 'text', (col) => col.notNull())
    .addColumn('amount', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('reference', 'text')
    .addColumn('received_at', 'timestamptz', (col) => col.notNull())
    .addColumn('unapplied_amount', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('bank_transfers_pkey', ['sandbox_id', 'id'])
    .addForeignKeyConstraint('bank_transfers_customer_fkey', ['sandbox_id', 'customer_id'], 'customers', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('konbini_vouchers')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('invoice_id', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('amount', 'bigint', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('payment_code', 'text', (col) => col.notNull())
    .addColumn('confirmation_number', 'text', (col) => col.notNull())
    .addColumn('stores', 'jsonb', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('paid_at', 'timestamptz')
    .addPrimaryKeyConstraint('konbini_vouchers_pkey', ['sandbox_id', 'id'])
    .addForeignKeyConstraint('konbini_vouchers_invoice_fkey', ['sandbox_id', 'invoice_id'], 'invoices', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('sandbox_events')
    .addColumn('sandbox_id', 'text', (col) => col.notNull().references('sandboxes.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('object_id', 'text', (col) => col.notNull())
    .addColumn('occurred_at', 'timestamptz', (col) => col.notNull())
    .addColumn('data', 'jsonb', (col) => col.notNull())
    .addPrimaryKeyConstraint('sandbox_events_pkey', ['sandbox_id', 'seq'])
    .execute();

  await db.schema
    .createTable('setup_sessions')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('replace_payment_method_id', 'text')
    .addColumn('set_default', 'boolean', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('payment_method_id', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('setup_sessions_pkey', ['sandbox_id', 'id'])
    .addForeignKeyConstraint('setup_sessions_customer_fkey', ['sandbox_id', 'customer_id'], 'customers', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('dunning_events')
    .addColumn('sandbox_id', 'text', (col) => col.notNull().references('sandboxes.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('invoice_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('variant', 'text')
    .addColumn('action', 'text')
    .addColumn('occurred_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('dunning_events_pkey', ['sandbox_id', 'seq'])
    .execute();

  await db.schema
    .createTable('retention_events')
    .addColumn('sandbox_id', 'text', (col) => col.notNull().references('sandboxes.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('subscription_id', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('offer_id', 'text')
    .addColumn('offer_type', 'text')
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('feedback', 'text')
    .addColumn('occurred_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('retention_events_pkey', ['sandbox_id', 'seq'])
    .execute();

  await db.schema
    .createTable('pay_by_invoice_applications')
    .addColumn('sandbox_id', 'text', (col) => col.notNull())
    .addColumn('id', 'text', (col) => col.notNull())
    .addColumn('customer_id', 'text', (col) => col.notNull())
    .addColumn('terms_days', 'integer', (col) => col.notNull())
    .addColumn('purchase_order', 'text')
    .addColumn('note', 'text')
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull())
    .addPrimaryKeyConstraint('pay_by_invoice_applications_pkey', ['sandbox_id', 'id'])
    .addForeignKeyConstraint('pay_by_invoice_applications_customer_fkey', ['sandbox_id', 'customer_id'], 'customers', ['sandbox_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'pay_by_invoice_applications',
    'retention_events',
    'dunning_events',
    'setup_sessions',
    'sandbox_events',
    'konbini_vouchers',
    'bank_transfers',
    'bank_transfer_accounts',
    'payment_attempts',
    'payment_methods',
    'invoice_taxes',
    'invoice_lines',
    'invoices',
    'subscriptions',
    'coupons',
    'prices',
    'products',
    'customer_tax_ids',
    'customers',
    'sandboxes',
  ];
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
