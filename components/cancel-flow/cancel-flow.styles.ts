import { css } from 'lit';

export const cancelFlowStyles = css`
  .offers {
    display: grid;
    gap: var(--_space);
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
  }

  .offer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  textarea {
    resize: vertical;
  }
`;
