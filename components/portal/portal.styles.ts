import { css } from 'lit';

export const portalStyles = css`
  .portal {
    display: grid;
    gap: calc(var(--_space) * 2);
    background: var(--_bg);
    padding: calc(var(--_space) * 2);
    border-radius: var(--_radius);
  }

  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }

  h1 {
    margin: 0;
    font-size: 1.4em;
  }

  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
    border-block-end: 1px solid var(--_border);
  }

  nav button {
    border: none;
    background: none;
    padding: 8px 12px;
    border-block-end: 3px solid transparent;
    cursor: pointer;
    color: var(--_muted);
  }

  nav button[aria-current='page'] {
    color: var(--_text);
    border-block-end-color: var(--_primary);
    font-weight: 600;
  }

  nav button:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: -3px;
  }

  section {
    display: grid;
    gap: calc(var(--_space) * 2);
  }

  h2 {
    margin: 0;
    font-size: 1.15em;
  }

  h2:focus {
    outline: none;
  }
`;
