import { css } from 'lit';

export const paymentMethodsStyles = css`
  .base {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }

  .title {
    margin: 0;
    font-size: 1.05em;
  }

  .methods {
    display: grid;
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .method {
    display: grid;
    gap: calc(var(--_space) / 2);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }

  .method.expired {
    border-color: var(--_danger);
  }

  .summary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }

  .brand {
    font-weight: 600;
  }

  .number {
    font-variant-numeric: tabular-nums;
  }

  .expiry,
  .holder,
  .hint {
    color: var(--_muted);
  }

  .hint {
    margin: 0;
    font-size: 0.92em;
  }

  .hint.warning {
    color: var(--_warning);
  }

  .hint.danger {
    color: var(--_danger);
  }

  .badges {
    display: inline-flex;
    gap: 4px;
  }

  .actions,
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }

  .field-error {
    margin: 0;
  }

  .dialog-header {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: var(--_space);
  }
`;
