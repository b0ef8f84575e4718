import { css } from 'lit';

export const subscriptionStyles = css`
  .subscriptions {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  .subscription {
    display: grid;
    gap: var(--_space);
    padding: calc(var(--_space) * 2);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }

  h3 {
    margin: 0;
    font-size: 1.15em;
  }

  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .items {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .items li {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--_space);
  }

  .facts {
    display: grid;
    gap: 4px;
    margin: 0;
  }

  .facts div {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }

  .facts dt {
    color: var(--_muted);
    min-width: 10em;
  }

  .facts dd {
    margin: 0;
  }

  .notice {
    margin: 0;
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_warning-bg);
    color: var(--_warning);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
`;
