import { css } from 'lit';

export const planPickerStyles = css`
  .plans {
    display: grid;
    gap: var(--_space);
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .plan {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .plan.current {
    border-color: var(--_primary);
    border-width: 2px;
  }

  .plan h3 {
    margin: 0;
    font-size: 1.05em;
  }

  .plan p {
    margin: 4px 0;
  }

  .features {
    margin: 4px 0;
    padding-inline-start: 1.2em;
  }

  .reason {
    font-style: italic;
  }

  .due {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: var(--_space);
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 1.1em;
  }

  caption {
    text-align: start;
    font-weight: 600;
    padding-block: var(--_space) 4px;
  }

  tfoot th {
    font-weight: normal;
  }
`;
