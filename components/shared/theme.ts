/**
 * Theme tokens. Every colour, radius and font an element uses comes from a
 * `--keel-*` custom property, so a vendor themes all elements at once by
 * setting the tokens on `:root` or on `keel-portal`. Custom properties
 * inherit into shadow roots, so the defaults here apply only when the page
 * sets nothing. `theme="dark"` on an element or an ancestor, or the
 * `prefers-color-scheme: dark` media query, selects the dark defaults.
 */
import { css } from 'lit';

export const themeTokens = css`
  :host {
    --_bg: var(--keel-color-background, #ffffff);
    --_surface: var(--keel-color-surface, #f6f7f9);
    --_text: var(--keel-color-text, #1a1d23);
    --_muted: var(--keel-color-text-muted, #596170);
    --_border: var(--keel-color-border, #d5d9e0);
    --_primary: var(--keel-color-primary, #2f5bd3);
    --_on-primary: var(--keel-color-on-primary, #ffffff);
    --_danger: var(--keel-color-danger, #b3261e);
    --_warning: var(--keel-color-warning, #8a5a00);
    --_warning-bg: var(--keel-color-warning-background, #fff4d6);
    --_danger-bg: var(--keel-color-danger-background, #fde8e7);
    --_success: var(--keel-color-success, #1e7b34);
    --_success-bg: var(--keel-color-success-background, #e3f4e7);
    --_info-bg: var(--keel-color-info-background, #e6eefc);
    --_focus: var(--keel-color-focus, #1b4fd8);
    --_radius: var(--keel-radius, 8px);
    --_font: var(--keel-font-family, system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans JP', sans-serif);
    --_font-size: var(--keel-font-size, 15px);
    --_space: var(--keel-space, 8px);

    display: block;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --_bg: var(--keel-color-background, #15181e);
      --_surface: var(--keel-color-surface, #1f232b);
      --_text: var(--keel-color-text, #eef0f4);
      --_muted: var(--keel-color-text-muted, #aab2c0);
      --_border: var(--keel-color-border, #3a404c);
      --_primary: var(--keel-color-primary, #8fb0ff);
      --_on-primary: var(--keel-color-on-primary, #10151f);
      --_danger: var(--keel-color-danger, #ffb4ab);
      --_warning: var(--keel-color-warning, #ffd27a);
      --_warning-bg: var(--keel-color-warning-background, #3a2e12);
      --_danger-bg: var(--keel-color-danger-background, #46201d);
      --_success: var(--keel-color-success, #8fd6a0);
      --_success-bg: var(--keel-color-success-background, #183222);
      --_info-bg: var(--keel-color-info-background, #1c2a47);
      --_focus: var(--keel-color-focus, #a9c1ff);
    }
  }

  :host([theme='dark']) {
    --_bg: var(--keel-color-background, #15181e);
    --_surface: var(--keel-color-surface, #1f232b);
    --_text: var(--keel-color-text, #eef0f4);
    --_muted: var(--keel-color-text-muted, #aab2c0);
    --_border: var(--keel-color-border, #3a404c);
    --_primary: var(--keel-color-primary, #8fb0ff);
    --_on-primary: var(--keel-color-on-primary, #10151f);
    --_danger: var(--keel-color-danger, #ffb4ab);
    --_warning: var(--keel-color-warning, #ffd27a);
    --_warning-bg: var(--keel-color-warning-background, #3a2e12);
    --_danger-bg: var(--keel-color-danger-background, #46201d);
    --_success: var(--keel-color-success, #8fd6a0);
    --_success-bg: var(--keel-color-success-background, #183222);
    --_info-bg: var(--keel-color-info-background, #1c2a47);
    --_focus: var(--keel-color-focus, #a9c1ff);
  }

  :host([hidden]) {
    display: none;
  }
`;

/** Shared styles for buttons, fields, badges, tables and the loading, empty and error states. */
export const sharedStyles = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_space) / 2);
    min-height: 36px;
    padding: 0 calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    cursor: pointer;
  }

  .button.primary {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }

  .button.danger {
    color: var(--_danger);
    border-color: var(--_danger);
  }

  .button[disabled],
  .button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }

  .button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  a:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  .link {
    color: var(--_primary);
    background: none;
    border: none;
    padding: 0;
    text-decoration: underline;
    cursor: pointer;
  }

  .field {
    display: grid;
    gap: 4px;
    margin-block-end: calc(var(--_space) * 1.5);
  }

  .field input,
  .field select,
  .field textarea {
    min-height: 36px;
    padding: 6px 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }

  .field [aria-invalid='true'] {
    border-color: var(--_danger);
  }

  .field-error {
    color: var(--_danger);
    font-size: 0.9em;
  }

  .badge {
    display: inline-block;
    padding: 0 8px;
    border-radius: 999px;
    font-size: 0.85em;
    background: var(--_surface);
    border: 1px solid var(--_border);
    white-space: nowrap;
  }

  .badge.success {
    background: var(--_success-bg);
    color: var(--_success);
    border-color: transparent;
  }

  .badge.warning {
    background: var(--_warning-bg);
    color: var(--_warning);
    border-color: transparent;
  }

  .badge.danger {
    background: var(--_danger-bg);
    color: var(--_danger);
    border-color: transparent;
  }

  .state {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 2);
    color: var(--_muted);
  }

  .state.error {
    color: var(--_danger);
  }

  .spinner {
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: keel-spin 0.8s linear infinite;
  }

  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }

  @keyframes keel-spin {
    to {
      transform: rotate(360deg);
    }
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }

  /* Amounts, card numbers and codes read left to right even in Arabic. */
  .ltr {
    direction: ltr;
    unicode-bidi: isolate;
  }

  table {
    width: 100%;
    border-collapse: collapse;
  }

  th,
  td {
    padding: 8px;
    text-align: start;
    border-block-end: 1px solid var(--_border);
    vertical-align: top;
  }

  td.amount,
  th.amount {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
`;
