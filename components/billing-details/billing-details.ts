import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { KeelApiError } from '../../src/client/index.js';
import type { BillingDetails, ResourceName, TaxId, TaxIdType } from '../../src/contract/index.js';
import { TAX_ID_TYPES, validateTaxId } from '../../src/contract/tax-ids.js';
import { Announcer } from '../shared/announcer.js';
import type { KeelBillingDetailsUpdatedDetail } from '../shared/events.js';
import { KeelElement } from '../shared/keel-element.js';
import { DataLoader } from '../shared/loader.js';
import { errorMessage, renderError, renderLoading } from '../shared/states.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';
import { renderEnvironmentError } from '../payment-methods/environment-error.js';
import { COUNTRY_CODES, draftFrom, validateDraft, type BillingDraft, type DraftError } from './billing-details-form.js';
import { billingDetailsStyles } from './billing-details.styles.js';

/** An example of each tax ID type's format, shown as the value field's hint. */
const TAX_ID_EXAMPLES: Record<TaxIdType, string> = {
  eu_vat: 'DE123456789',
  gb_vat: 'GB123456789',
  jp_trn: 'T1234567890123',
  jp_cn: '1234567890123',
  us_ein: '12-3456789',
  ch_vat: 'CHE123456789MWST',
  au_abn: '12345678901',
};

type TaxField = 'tax.type' | 'tax.value';

/**
 * The customer's billing name, email, phone, address and tax IDs, as printed
 * on invoices. Fields are checked before sending (tax IDs with the EU VAT
 * formats and the Japanese corporate-number check digit) and the server's
 * field errors appear next to the field they name.
 *
 * @fires keel-billing-details-updated - After the details are saved or a tax ID is added or removed.
 * @fires keel-error - When the details cannot be loaded.
 * @csspart base - The wrapper.
 * @csspart details-form - The address and contact form.
 * @csspart save-button - The save button.
 * @csspart saved-status - The message shown after saving.
 * @csspart tax-id - One saved tax ID.
 * @csspart tax-id-form - The add-tax-ID form.
 * @cssproperty --keel-color-danger - Colour of field errors.
 */
export class KeelBillingDetails extends KeelElement {
  static override refreshOn: readonly ResourceName[] = ['billing_details'];
  static override styles = [themeTokens, sharedStyles, billingDetailsStyles];

  private readonly loader = new DataLoader<BillingDetails>(this, (signal) => this.environment!.client.billingDetails.retrieve({ signal }));
  private readonly announcer = new Announcer(this);

  @state() private draft?: BillingDraft;
  @state() private dirty = false;
  @state() private saving = false;
  @state() private savedMessage = '';
  @state() private fieldErrors: Record<string, string> = {};
  @state() private formError = '';
  @state() private taxType: TaxIdType = 'eu_vat';
  @state() private taxValue = '';
  @state() private taxPending = false;
  @state() private removingTaxId: string | null = null;
  @state() private taxListError = '';

  protected override environmentChanged(): void {
    if (this.can('billing_details.read')) void this.loadDetails();
  }

  protected override refresh(): void {
    if (this.can('billing_details.read')) void this.loadDetails({ keepValue: true });
  }

  private async loadDetails({ keepValue = false } = {}): Promise<void> {
    await this.loader.reload({ keepValue });
    if (this.loader.status === 'error' && !keepValue) this.emit('keel-error', { source: 'billingDetails.retrieve', error: this.loader.error });
    // A refresh must not overwrite what the customer is typing.
    if (this.loader.value && !this.dirty) this.draft = draftFrom(this.loader.value);
    if (!keepValue) this.taxType = this.defaultTaxType();
  }

  private defaultTaxType(): TaxIdType {
    const country = this.loader.value?.address?.country ?? this.environment?.session.customer.country;
    if (country === 'JP') return 'jp_trn';
    if (country === 'GB') return 'gb_vat';
    if (country === 'US') return 'us_ein';
    if (country === 'CH') return 'ch_vat';
    if (country === 'AU') return 'au_abn';
    return 'eu_vat';
  }

  private updateDraft(field: keyof BillingDraft, value: string): void {
    this.draft = { ...this.draft!, [field]: value };
    this.dirty = true;
    this.savedMessage = '';
  }

  private draftErrorMessage(error: DraftError): string {
    return this.t(`billingDetails.errors.${error}`);
  }

  /** Returns a server error's message and the form field its `param` names, or a null field when it names none. */
  private serverErrorMessage(error: unknown, fields: readonly string[]): { field: string | null; message: string } {
    const message = error instanceof KeelApiError && (error.code === 'parameter_invalid' || error.code === 'parameter_missing')
      ? this.t('common.invalidValue')
      : errorMessage(this.t.bind(this), error);
    const param = error instanceof KeelApiError ? error.param : null;
    return { field: param && fields.includes(param) ? param : null, message };
  }

  private async handleSave(event: Event): Promise<void> {
    event.preventDefault();
    const saved = this.loader.value;
    if (this.saving || !saved || !this.draft) return;

    this.formError = '';
    this.savedMessage = '';
    const validation = validateDraft(this.draft, saved);
    if (!validation.valid) {
      this.fieldErrors = Object.fromEntries(Object.entries(validation.errors).map(([field, error]) => [field, this.draftErrorMessage(error)]));
      await this.focusFirstInvalid();
      return;
    }

    this.fieldErrors = {};
    this.saving = true;
    try {
      const updated = await this.environment!.client.billingDetails.update(validation.request);
      this.draft = draftFrom(updated);
      this.dirty = false;
      this.savedMessage = this.t('billingDetails.saved');
      this.announcer.announce(this.savedMessage);
      this.emit<KeelBillingDetailsUpdatedDetail>('keel-billing-details-updated', { change: 'details', billingDetails: updated, taxId: null });
    } catch (error) {
      const { field, message } = this.serverErrorMessage(error, Object.keys(this.draft));
      if (field) {
        this.fieldErrors = { [field]: message };
        await this.focusFirstInvalid();
      } else {
        this.formError = message;
      }
      this.announcer.announce(message, 'assertive');
    } finally {
      this.saving = false;
    }
  }

  private async focusFirstInvalid(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private async handleAddTaxId(event: Event): Promise<void> {
    event.preventDefault();
    if (this.taxPending) return;

    const { 'tax.type': _type, 'tax.value': _value, ...others } = this.fieldErrors;
    this.fieldErrors = others;
    const check = validateTaxId(this.taxType, this.taxValue);
    if (!check.valid) {
      const key = this.taxValue.trim() ? check.reason : 'required';
      this.fieldErrors = { ...others, 'tax.value': this.t(`billingDetails.taxIds.errors.${key}`, { example: TAX_ID_EXAMPLES[this.taxType] }) };
      await this.focusFirstInvalid();
      return;
    }

    this.taxPending = true;
    try {
      const taxId = await this.environment!.client.billingDetails.addTaxId({ type: this.taxType, value: check.normalized });
      this.taxValue = '';
      this.announcer.announce(this.t('billingDetails.taxIds.added', { value: taxId.value }));
      this.emit<KeelBillingDetailsUpdatedDetail>('keel-billing-details-updated', { change: 'tax_id_added', billingDetails: null, taxId });
    } catch (error) {
      const { field, message } = this.serverErrorMessage(error, ['type', 'value']);
      const specific = error instanceof KeelApiError && error.code === 'tax_id_invalid' ? this.t('billingDetails.taxIds.errors.format', { example: TAX_ID_EXAMPLES[this.taxType] }) : message;
      this.fieldErrors = { ...others, [field === 'type' ? 'tax.type' : 'tax.value']: specific };
      this.announcer.announce(specific, 'assertive');
      await this.focusFirstInvalid();
    } finally {
      this.taxPending = false;
    }
  }

  private async handleRemoveTaxId(taxId: TaxId): Promise<void> {
    if (this.removingTaxId) return;
    this.removingTaxId = taxId.id;
    this.taxListError = '';
    try {
      await this.environment!.client.billingDetails.removeTaxId(taxId.id);
      this.announcer.announce(this.t('billingDetails.taxIds.removed', { value: taxId.value }));
      this.emit<KeelBillingDetailsUpdatedDetail>('keel-billing-details-updated', { change: 'tax_id_removed', billingDetails: null, taxId });
    } catch (error) {
      this.taxListError = errorMessage(this.t.bind(this), error);
      this.announcer.announce(this.taxListError, 'assertive');
    } finally {
      this.removingTaxId = null;
    }
  }

  private countryOptions(): Array<{ code: string; name: string }> {
    const locale = this.environment!.i18n.locale;
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    const collator = new Intl.Collator(locale);
    return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
  }

  private describedBy(...ids: Array<string | null>): string | typeof nothing {
    const present = ids.filter(Boolean);
    return present.length > 0 ? present.join(' ') : nothing;
  }

  private renderInput(field: keyof BillingDraft, options: { type?: string; autocomplete: string; hint?: boolean }): TemplateResult {
    const id = `field-${field.replace('.', '-')}`;
    const error = this.fieldErrors[field];
    const hintId = options.hint ? `${id}-hint` : null;
    const errorId = error ? `${id}-error` : null;
    return html`<div class="field">
      <label for=${id}>${this.t(`billingDetails.fields.${field}`)}</label>
      ${hintId ? html`<span class="hint" id=${hintId}>${this.t(`billingDetails.hints.${field}`)}</span>` : nothing}
      <input
        id=${id}
        type=${options.type ?? 'text'}
        autocomplete=${options.autocomplete}
        .value=${this.draft![field]}
        ?disabled=${this.saving}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${this.describedBy(hintId, errorId)}
        @input=${(event: Event) => this.updateDraft(field, (event.target as HTMLInputElement).value)}
      />
      ${error ? html`<span class="field-error" id=${errorId!}>${error}</span>` : nothing}
    </div>`;
  }

  private renderCountry(): TemplateResult {
    const error = this.fieldErrors['address.country'];
    const current = this.draft!['address.country'];
    return html`<div class="field">
      <label for="field-address-country">${this.t('billingDetails.fields.address.country')}</label>
      <select
        id="field-address-country"
        autocomplete="country"
        ?disabled=${this.saving}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${this.describedBy(error ? 'field-address-country-error' : null)}
        @change=${(event: Event) => this.updateDraft('address.country', (event.target as HTMLSelectElement).value)}
      >
        <option value="" ?selected=${current === ''}>${this.t('billingDetails.chooseCountry')}</option>
        ${this.countryOptions().map((country) => html`<option value=${country.code} ?selected=${country.code === current}>${country.name}</option>`)}
      </select>
      ${error ? html`<span class="field-error" id="field-address-country-error">${error}</span>` : nothing}
    </div>`;
  }

  private renderDetailsForm(): TemplateResult {
    return html`<form part="details-form" novalidate aria-labelledby="details-title" @submit=${this.handleSave}>
      <h4 id="details-title">${this.t('billingDetails.contactTitle')}</h4>
      ${this.renderInput('name', { autocomplete: 'organization' })}
      ${this.renderInput('email', { type: 'email', autocomplete: 'email', hint: true })}
      ${this.renderInput('phone', { type: 'tel', autocomplete: 'tel' })}
      <fieldset>
        <legend>${this.t('billingDetails.addressTitle')}</legend>
        ${this.renderCountry()} ${this.renderInput('address.postal_code', { autocomplete: 'postal-code' })}
        ${this.renderInput('address.state', { autocomplete: 'address-level1' })}
        ${this.renderInput('address.city', { autocomplete: 'address-level2' })}
        ${this.renderInput('address.line1', { autocomplete: 'address-line1' })}
        ${this.renderInput('address.line2', { autocomplete: 'address-line2' })}
      </fieldset>
      ${this.formError ? html`<p class="field-error" role="alert">${this.formError}</p>` : nothing}
      <div class="actions">
        <button class="button primary" type="submit" part="save-button" ?disabled=${this.saving}>${this.saving ? this.t('common.saving') : this.t('common.save')}</button>
        <span class="saved" part="saved-status" role="status">${this.savedMessage}</span>
      </div>
    </form>`;
  }

  private renderReadOnly(details: BillingDetails): TemplateResult {
    const address = details.address;
    const country = address ? (new Intl.DisplayNames([this.environment!.i18n.locale], { type: 'region' }).of(address.country) ?? address.country) : null;
    const lines = address ? [address.postal_code, address.state, address.city, address.line1, address.line2, country].filter(Boolean) : [];
    const row = (label: string, value: string | null) => html`<div class="row"><dt>${label}</dt><dd>${value || this.t('billingDetails.notSet')}</dd></div>`;
    return html`<section aria-labelledby="details-title">
      <h4 id="details-title">${this.t('billingDetails.contactTitle')}</h4>
      <dl class="read-only">
        ${row(this.t('billingDetails.fields.name'), details.name)} ${row(this.t('billingDetails.fields.email'), details.email)}
        ${row(this.t('billingDetails.fields.phone'), details.phone)} ${row(this.t('billingDetails.addressTitle'), lines.join(', '))}
      </dl>
    </section>`;
  }

  private renderTaxId(taxId: TaxId, writable: boolean): TemplateResult {
    let verificationClass = 'warning';
    if (taxId.verification === 'verified') verificationClass = 'success';
    if (taxId.verification === 'unverified') verificationClass = 'danger';
    return html`<li part="tax-id" data-id=${taxId.id}>
      <span class="tax-type" id=${`tax-${taxId.id}`}>${this.t(`billingDetails.taxIds.types.${taxId.type}`)}</span>
      <span class="ltr tax-value">${taxId.value}</span>
      <span class="badge ${verificationClass}">${this.t(`billingDetails.taxIds.verification.${taxId.verification}`)}</span>
      ${writable
        ? html`<button class="button danger" type="button" part="remove-tax-id-button" aria-describedby=${`tax-${taxId.id}`} ?disabled=${this.removingTaxId !== null} @click=${() => this.handleRemoveTaxId(taxId)}>
            ${this.removingTaxId === taxId.id ? this.t('billingDetails.taxIds.removing') : this.t('common.remove')}
          </button>`
        : nothing}
    </li>`;
  }

  private renderTaxForm(): TemplateResult {
    const typeError = this.fieldErrors['tax.type'];
    const valueError = this.fieldErrors['tax.value'];
    return html`<form part="tax-id-form" class="tax-form" novalidate aria-labelledby="tax-add-title" @submit=${this.handleAddTaxId}>
      <h5 id="tax-add-title">${this.t('billingDetails.taxIds.addTitle')}</h5>
      <div class="field">
        <label for="tax-type">${this.t('billingDetails.taxIds.type')}</label>
        <select
          id="tax-type"
          ?disabled=${this.taxPending}
          aria-invalid=${typeError ? 'true' : 'false'}
          aria-describedby=${this.describedBy(typeError ? 'tax-type-error' : null)}
          @change=${(event: Event) => (this.taxType = (event.target as HTMLSelectElement).value as TaxIdType)}
        >
          ${TAX_ID_TYPES.map((type) => html`<option value=${type} ?selected=${type === this.taxType}>${this.t(`billingDetails.taxIds.types.${type}`)}</option>`)}
        </select>
        ${typeError ? html`<span class="field-error" id="tax-type-error">${typeError}</span>` : nothing}
      </div>
      <div class="field">
        <label for="tax-value">${this.t('billingDetails.taxIds.value')}</label>
        <span class="hint" id="tax-value-hint">${this.t('billingDetails.taxIds.example', { example: TAX_ID_EXAMPLES[this.taxType] })}</span>
        <input
          id="tax-value"
          class="ltr"
          autocomplete="off"
          maxlength="40"
          .value=${this.taxValue}
          ?disabled=${this.taxPending}
          aria-invalid=${valueError ? 'true' : 'false'}
          aria-describedby=${this.describedBy('tax-value-hint', valueError ? 'tax-value-error' : null)}
          @input=${(event: Event) => (this.taxValue = (event.target as HTMLInputElement).value)}
        />
        ${valueError ? html`<span class="field-error" id="tax-value-error">${valueError}</span>` : nothing}
      </div>
      <button class="button" type="submit" part="add-tax-id-button" ?disabled=${this.taxPending}>${this.taxPending ? this.t('common.saving') : this.t('billingDetails.taxIds.add')}</button>
    </form>`;
  }

  private renderTaxIds(details: BillingDetails, writable: boolean): TemplateResult {
    return html`<section class="tax-ids" aria-labelledby="tax-title">
      <h4 id="tax-title">${this.t('billingDetails.taxIds.title')}</h4>
      ${details.tax_ids.length > 0
        ? html`<ul>${details.tax_ids.map((taxId) => this.renderTaxId(taxId, writable))}</ul>`
        : html`<p class="hint">${this.t('billingDetails.taxIds.empty')}</p>`}
      ${this.taxListError ? html`<p class="field-error" role="alert">${this.taxListError}</p>` : nothing}
      ${writable ? this.renderTaxForm() : nothing}
    </section>`;
  }

  override render(): TemplateResult {
    if (this.environmentError) return renderEnvironmentError(this.environmentError, () => this.retryEnvironment());
    if (!this.environment) return html`<div part="base" aria-busy="true"></div>`;
    if (!this.can('billing_details.read')) return html`${nothing}`;

    const { status, value } = this.loader;
    let body: TemplateResult;
    if (status === 'error' && !value) body = renderError(this.t.bind(this), this.loader.error, () => void this.loadDetails());
    else if (!value || !this.draft) body = renderLoading(this.t.bind(this));
    else {
      const writable = this.can('billing_details.write');
      body = html`${writable ? this.renderDetailsForm() : this.renderReadOnly(value)} ${this.renderTaxIds(value, writable)}`;
    }
    return html`<div class="base" part="base">
      <h3 class="title">${this.t('billingDetails.title')}</h3>
      ${body} ${this.announcer.render()}
    </div>`;
  }
}
