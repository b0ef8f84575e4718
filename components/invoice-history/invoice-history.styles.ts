import { css } from 'lit';

export const invoiceHistoryStyles = css`
  .history {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  .table-scroll {
    overflow-x: auto;
  }

  th[scope='row'] {
    font-weight: normal;
  }

  .invoice-number {
    font-weight: 600;
  }

  .invoice-description,
  .remaining {
    color: var(--_muted);
    font-size: 0.9em;
  }

  .statuses {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 4px;
  }

  td.actions {
    white-space: nowrap;
  }

  td.actions .button + .button {
    margin-inline-start: calc(var(--_space) / 2);
  }

  .pagination {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_space);
  }

  .pay-summary {
    display: grid;
    gap: var(--_space);
    margin: 0;
  }

  .pay-summary div {
    display: flex;
    justify-content: space-between;
    gap: calc(var(--_space) * 2);
  }

  .pay-summary dt {
    color: var(--_muted);
  }

  .pay-summary dd {
    margin: 0;
    font-weight: 600;
  }

  .sandbox-challenge {
    padding: calc(var(--_space) * 1.5);
    border: 2px dashed var(--_warning);
    border-radius: var(--_radius);
    background: var(--_warning-bg);
  }

  .sandbox-challenge p {
    margin: 0 0 var(--_space);
  }

  .outcome.success {
    color: var(--_success);
  }

  .outcome.failure {
    color: var(--_danger);
  }

  dialog.detail {
    max-width: min(960px, calc(100vw - 32px));
  }

  .detail-close {
    display: flex;
    justify-content: flex-end;
    margin-block-end: var(--_space);
  }
`;
