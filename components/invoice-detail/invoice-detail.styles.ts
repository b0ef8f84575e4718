import { css } from 'lit';

export const invoiceDetailStyles = css`
  .invoice {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }

  h2 {
    margin: 0;
    font-size: 1.15em;
    margin-inline-end: auto;
  }

  h3 {
    margin: 0 0 4px;
    font-size: 1em;
    color: var(--_muted);
  }

  .statuses {
    display: inline-flex;
    gap: 4px;
  }

  .parties {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
    gap: calc(var(--_space) * 2);
  }

  .party-name {
    font-weight: 600;
  }

  dl {
    margin: 0;
  }

  dt {
    color: var(--_muted);
  }

  dd {
    margin: 0;
  }

  .dates {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 3);
  }

  .table-scroll {
    overflow-x: auto;
  }

  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 4px;
  }

  .reduced-mark {
    margin-inline-start: 2px;
  }

  .badge.kind {
    margin-inline-start: 4px;
  }

  .line-discount,
  .muted {
    color: var(--_muted);
    font-size: 0.9em;
  }

  .muted {
    margin-inline-start: 4px;
  }

  .discounts {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .discounts li {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
  }

  .totals {
    display: grid;
    justify-self: end;
    min-width: min(320px, 100%);
  }

  .totals div {
    display: flex;
    justify-content: space-between;
    gap: calc(var(--_space) * 2);
    padding-block: 2px;
  }

  .totals [data-field='total'] {
    font-weight: 700;
    border-block-start: 1px solid var(--_border);
  }

  .reverse-charge {
    padding: calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    background: var(--_info-bg);
  }

  .reverse-charge p {
    margin: 0 0 var(--_space);
  }

  .reverse-charge dl div {
    display: flex;
    gap: var(--_space);
  }

  .legend {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9em;
  }
`;
