/**
 * The base of the subscription flows (plan picker, pause, cancel): each one is
 * a modal `<dialog>` opened by its own trigger button or by `open()`, about one
 * subscription given by `subscription-id` or by a `subscription` object.
 */
import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { ResourceName, Subscription } from '../../src/contract/index.js';
import { Announcer } from '../shared/announcer.js';
import { DialogController, dialogStyles } from '../shared/dialog.js';
import { KeelElement } from '../shared/keel-element.js';
import { DataLoader } from '../shared/loader.js';
import { sharedStyles, themeTokens } from '../shared/theme.js';

export class KeelSubscriptionFlow extends KeelElement {
  static override refreshOn: readonly ResourceName[] = ['subscriptions'];

  /** The subscription the flow acts on. */
  @property({ attribute: 'subscription-id' }) subscriptionId = '';

  /** The subscription, when the page already has it; saves the element from loading it. */
  @property({ attribute: false }) subscription?: Subscription;

  /** Hides the trigger button, for pages that open the flow with `open()` from their own control. */
  @property({ type: Boolean, attribute: 'without-trigger', reflect: true }) withoutTrigger = false;

  protected readonly dialog = new DialogController(this, () => this.renderRoot.querySelector('dialog'));
  protected readonly announcer = new Announcer(this);
  protected readonly subscriptionLoader = new DataLoader<Subscription>(this, (signal) => {
    const environment = this.environment;
    if (!environment) return Promise.reject(new Error('The subscription flow has no environment yet.'));
    return environment.client.subscriptions.retrieve(this.subscriptionId, { signal });
  });

  /** Returns the subscription as given or as last loaded. */
  protected get currentSubscription(): Subscription | undefined {
    return this.subscription ?? this.subscriptionLoader.value;
  }

  /** Whether the flow's dialog is open. */
  get isOpen(): boolean {
    return this.dialog.open;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if ((changed.has('subscriptionId') || changed.has('subscription')) && this.environment) this.loadSubscription();
  }

  protected override environmentChanged(): void {
    this.loadSubscription();
  }

  protected override refresh(): void {
    if (!this.subscription && this.subscriptionId) void this.subscriptionLoader.reload({ keepValue: true });
  }

  private loadSubscription(): void {
    if (this.subscription || !this.subscriptionId) return;
    if (this.subscriptionLoader.value?.id === this.subscriptionId && this.subscriptionLoader.status !== 'error') return;
    void this.subscriptionLoader.reload();
  }

  /** Closes the flow's dialog; the element treats it as the customer closing it. */
  close(): void {
    this.dialog.close();
  }

  /** Moves focus to the current step's heading, so screen readers announce the new step. */
  protected async focusStepHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('dialog [data-step-heading]')?.focus();
  }

  /** Renders the close button in the dialog's corner. */
  protected renderCloseButton(disabled = false): TemplateResult {
    return html`<button class="button close" part="close-button" type="button" aria-label=${this.t('common.close')} ?disabled=${disabled} @click=${() => this.close()}>
      <span aria-hidden="true">×</span>
    </button>`;
  }

  /** Renders an error from a request inside the dialog, as an alert. */
  protected renderAlert(message: string): TemplateResult | typeof nothing {
    return message ? html`<p class="alert" part="alert" role="alert">${message}</p>` : nothing;
  }
}

/** Layout shared by the flow dialogs. */
export const flowStyles = [
  themeTokens,
  sharedStyles,
  dialogStyles,
  css`
    .dialog-header {
      display: flex;
      align-items: flex-start;
      justify-content: space-between;
      gap: var(--_space);
    }

    .dialog-header h2 {
      font-size: 1.25em;
    }

    [data-step-heading]:focus {
      outline: none;
    }

    .close {
      min-height: 32px;
      padding: 0 10px;
      border-color: transparent;
      font-size: 1.2em;
      line-height: 1;
    }

    .alert {
      margin: var(--_space) 0;
      padding: var(--_space);
      border-radius: var(--_radius);
      background: var(--_danger-bg);
      color: var(--_danger);
    }

    .note {
      color: var(--_muted);
    }

    .success {
      padding: var(--_space);
      border-radius: var(--_radius);
      background: var(--_success-bg);
      color: var(--_success);
    }

    fieldset {
      border: none;
      margin: 0;
      padding: 0;
    }

    legend {
      font-weight: 600;
      margin-block-end: var(--_space);
    }

    .choice {
      display: flex;
      align-items: flex-start;
      gap: var(--_space);
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin-block-end: var(--_space);
      cursor: pointer;
    }

    .choice input {
      margin-block-start: 0.3em;
    }

    .choice-detail {
      display: block;
      color: var(--_muted);
      font-size: 0.9em;
    }

    .trigger {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
    }

    .badges {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      list-style: none;
      margin: 0;
      padding: 0;
    }
  `,
];
