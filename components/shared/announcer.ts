/**
 * A live region per element, so status changes ("Card saved", "Payment
 * failed") reach screen readers without moving focus.
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

export class Announcer implements ReactiveController {
  private message = '';
  private politeness: 'polite' | 'assertive' = 'polite';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Announces a message; assertive interrupts, for failures and final notices. */
  announce(message: string, politeness: 'polite' | 'assertive' = 'polite'): void {
    // Clearing first makes a repeated identical message announce again.
    this.message = '';
    this.politeness = politeness;
    this.host.requestUpdate();
    queueMicrotask(() => {
      this.message = message;
      this.host.requestUpdate();
    });
  }

  /** The message announced last, for tests and for visible echoes. */
  get lastMessage(): string {
    return this.message;
  }

  hostConnected(): void {}

  /** The live region; render it once in the element's template. */
  render(): TemplateResult {
    return html`<div class="visually-hidden" part="announcer" aria-live=${this.politeness} aria-atomic="true">${this.message}</div>`;
  }
}
