/** An error whose message is a plain sentence for the person at the terminal; the CLI prints it without a stack. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    /** Process exit code. [default: 1] */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
