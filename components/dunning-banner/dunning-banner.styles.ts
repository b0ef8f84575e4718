import { css } from 'lit';

export const dunningBannerStyles = css`
  .banner,
  dialog.wall {
    display: grid;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5) calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
    background: var(--_info-bg);
  }

  .tone-firm {
    background: var(--_warning-bg);
    border-inline-start-color: var(--_warning);
  }

  .tone-final {
    background: var(--_danger-bg);
    border-inline-start-color: var(--_danger);
  }

  dialog.wall {
    background: var(--_bg);
  }

  p {
    margin: 0;
  }

  .headline {
    font-weight: 600;
  }

  .amount {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .actions,
  .fix-actions,
  .secondary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space) calc(var(--_space) * 2);
  }

  .dismiss {
    margin-inline-start: auto;
    color: var(--_muted);
  }

  .fix {
    display: grid;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }

  .fix:focus {
    outline: none;
  }

  .fix-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }

  h3 {
    margin: 0;
    font-size: 1em;
  }

  .fix-error {
    color: var(--_danger);
  }

  .note {
    color: var(--_muted);
    font-size: 0.9em;
  }

  dl {
    display: grid;
    gap: 4px;
    margin: 0;
  }

  dl .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }

  dt {
    min-width: 10em;
    color: var(--_muted);
  }

  dd {
    margin: 0;
  }

  .state-pending {
    display: flex;
    align-items: center;
    gap: var(--_space);
  }
`;
