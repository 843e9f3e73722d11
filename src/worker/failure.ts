import { NoBackendError } from '../train/backend';
import type { Cause } from '../protocol/notices';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * A failure the worker knows by name, thrown where it happens and sent to the page as its code
 * (the message is for logs and Node tests only).
 */
export class Failure extends Error {
  constructor(readonly failure: Cause) {
    super(failure.code);
    this.name = 'Failure';
  }
}

/** What went wrong, as the page is told it: a known fault's code, or an error's own text. */
export function causeOf(err: unknown): Cause {
  if (err instanceof Failure) return err.failure;
  if (err instanceof NoBackendError) return { code: 'noBackend', notices: err.notices };
  return { code: 'thrown', message: messageOf(err) };
}
