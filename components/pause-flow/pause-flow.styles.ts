import { css } from 'lit';

export const pauseFlowStyles = css`
  .terms {
    margin: var(--_space) 0;
    padding: var(--_space) var(--_space) var(--_space) calc(var(--_space) * 3);
    border-radius: var(--_radius);
    background: var(--_info-bg);
  }

  .terms li + li {
    margin-block-start: 4px;
  }
`;
