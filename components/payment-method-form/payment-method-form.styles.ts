import { css } from 'lit';

export const paymentMethodFormStyles = css`
  .base,
  form {
    display: grid;
    gap: calc(var(--_space) * 1.5);
  }

  .test-mode {
    display: grid;
    gap: 2px;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    background: var(--_warning-bg);
    color: var(--_warning);
    border: 1px dashed currentColor;
  }

  .test-cards {
    margin: 0;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }

  .test-cards ul {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .test-cards .button {
    flex-direction: column;
    align-items: flex-start;
    padding-block: 4px;
    font-size: 0.9em;
  }

  .behavior {
    color: var(--_muted);
  }

  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
    gap: var(--_space);
  }

  .field {
    margin-block-end: 0;
  }

  .hint {
    color: var(--_muted);
    font-size: 0.88em;
  }

  .stripe {
    min-height: 40px;
  }

  .pending,
  .failure,
  .success {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin: 0;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
  }

  .pending {
    background: var(--_info-bg);
  }

  .failure {
    background: var(--_danger-bg);
    color: var(--_danger);
  }

  .success {
    background: var(--_success-bg);
    color: var(--_success);
  }

  .challenge {
    display: grid;
    gap: var(--_space);
    padding: calc(var(--_space) * 1.5);
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
  }

  .challenge h3 {
    margin: 0;
  }

  .challenge p {
    margin: 0;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
`;
