import { css } from 'lit';

export const billingDetailsStyles = css`
  .base {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  .title {
    margin: 0;
    font-size: 1.05em;
  }

  h4,
  h5 {
    margin: 0 0 var(--_space);
  }

  form,
  section {
    display: grid;
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  fieldset {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
    column-gap: calc(var(--_space) * 1.5);
    margin: 0 0 var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .hint {
    color: var(--_muted);
    font-size: 0.88em;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }

  .saved {
    color: var(--_success);
  }

  .read-only {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin: 0;
  }

  .row {
    display: grid;
    grid-template-columns: minmax(120px, 1fr) 2fr;
    gap: var(--_space);
  }

  dd {
    margin: 0;
  }

  .tax-ids ul {
    display: grid;
    gap: var(--_space);
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
  }

  .tax-ids li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }

  .tax-value {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .tax-form {
    padding: var(--_space) 0 0;
    border: none;
    border-block-start: 1px solid var(--_border);
    border-radius: 0;
  }

  .tax-form .button {
    justify-self: start;
  }
`;
