/**
 * Modal dialogs on the native `<dialog>` element. `showModal()` makes the
 * rest of the page inert. This controller also moves focus to the dialog's
 * first control, keeps Tab cycling inside the dialog, and returns focus to
 * the control that opened it, which browsers do not do reliably across
 * shadow roots.
 */
import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** The element that really has focus, looking inside shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): HTMLElement | null {
  const active = root.activeElement as HTMLElement | null;
  if (active?.shadowRoot?.activeElement) return deepActiveElement(active.shadowRoot);
  return active;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab inside an open dialog. `showModal()` makes the page inert, but
 * Chromium still moves focus from the dialog's last control out of the
 * document (to the browser's own UI), so the ends wrap here.
 */
function wrapTab(dialog: HTMLDialogElement, event: KeyboardEvent): void {
  if (event.key !== 'Tab' || event.defaultPrevented) return;

  const tabbable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.offsetParent !== null || element === document.activeElement);
  const first = tabbable[0];
  const last = tabbable[tabbable.length - 1];
  if (!first || !last) return;

  const active = (dialog.getRootNode() as Document | ShadowRoot).activeElement as HTMLElement | null;
  const inside = active !== null && tabbable.includes(active);
  // Shift+Tab inside a radio group moves between radios, not out of the dialog.
  const onRadio = active instanceof HTMLInputElement && active.type === 'radio';
  if (event.shiftKey && (active === first || !inside) && !onRadio) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !inside)) {
    event.preventDefault();
    first.focus();
  }
}

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
    const trap = (event: KeyboardEvent) => wrapTab(dialog, event);
    dialog.addEventListener('keydown', trap);
    dialog.addEventListener(
      'close',
      () => {
        dialog.removeEventListener('keydown', trap);
        this.restoreFocus();
      },
      { once: true },
    );
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
