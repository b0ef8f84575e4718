/**
 * Modal dialogs on the native `<dialog>` element. `showModal()` makes the
 * rest of the page inert, so focus stays inside; this controller also moves
 * focus to the dialog's first control and returns it to the control that
 * opened the dialog, which browsers do not do reliably across shadow roots.
 */
import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** The element that really has focus, looking inside shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): HTMLElement | null {
  const active = root.activeElement as HTMLElement | null;
  if (active?.shadowRoot?.activeElement) return deepActiveElement(active.shadowRoot);
  return active;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export class DialogController implements ReactiveController {
  private opener: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Finds the `<dialog>` in the host's render root. */
    private readonly findDialog: () => HTMLDialogElement | null | undefined,
  ) {
    host.addController(this);
  }

  get open(): boolean {
    return this.findDialog()?.open ?? false;
  }

  /** Opens the dialog modally once it is rendered, and focuses its first control. */
  async show(): Promise<void> {
    this.opener = deepActiveElement();
    this.host.requestUpdate();
    await (this.host as unknown as { updateComplete: Promise<unknown> }).updateComplete;

    const dialog = this.findDialog();
    if (!dialog || dialog.open) return;
    dialog.addEventListener('close', () => this.restoreFocus(), { once: true });
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
  }

  /** Closes the dialog; focus returns to the control that opened it. */
  close(returnValue = ''): void {
    const dialog = this.findDialog();
    if (dialog?.open) dialog.close(returnValue);
  }

  private restoreFocus(): void {
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.close();
  }
}

export const dialogStyles = css`
  dialog {
    max-width: min(560px, calc(100vw - 32px));
    width: 100%;
    padding: calc(var(--_space) * 3);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 45%);
  }

  dialog h2,
  dialog h3 {
    margin-block: 0 var(--_space);
  }

  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_space);
    margin-block-start: calc(var(--_space) * 2);
  }
`;
