import { OrdinalError } from '../../lib/errors.js';

/** Bad input or a failed precondition on the client side; printed as `error: <message>`. */
export class CliError extends OrdinalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_CLI', message, options);
  }
}
