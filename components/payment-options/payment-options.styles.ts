import { css } from 'lit';

export const paymentOptionsStyles = css`
  .base {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }

  .title {
    margin: 0;
    font-size: 1.05em;
  }

  .option {
    display: grid;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .option > .button {
    justify-self: start;
  }

  h4,
  h5,
  p {
    margin: 0;
  }

  h5 {
    font-size: 0.95em;
  }

  .description,
  .hint {
    color: var(--_muted);
  }

  .account {
    display: grid;
    gap: calc(var(--_space) / 2);
  }

  .rows {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin: 0;
  }

  .row {
    display: grid;
    grid-template-columns: minmax(120px, 1fr) 2fr;
    gap: var(--_space);
    align-items: center;
  }

  dd {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin: 0;
  }

  .value {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    user-select: all;
  }

  .copy {
    min-height: 28px;
    padding: 0 10px;
    font-size: 0.88em;
  }

  .notice,
  .deadline {
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    background: var(--_info-bg);
  }

  form {
    display: grid;
  }

  form .button {
    justify-self: start;
  }
`;
