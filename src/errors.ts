/**
 * Named errors: each says what failed and how to fix it, and tests check them by class.
 * `exitCode` is what the CLI exits with when one reaches it.
 */
export class NotegraphError extends Error {
  readonly exitCode: number = 1;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command-line usage or configuration: exit code 2. */
export class UsageError extends NotegraphError {
  override readonly exitCode = 2;
}

/** The store cannot be opened or reached. */
export class StoreUnavailableError extends NotegraphError {}

/** The store was reached, then lost in the middle of the work (a server that stopped or crashed). */
export class StoreConnectionLostError extends StoreUnavailableError {}

/** A query failed in the store (syntax, binding, runtime). */
export class QueryError extends NotegraphError {}

/** A query ran past its time limit. */
export class QueryTimeoutError extends QueryError {}

/** A write was attempted through a read-only door. */
export class WriteRefusedError extends QueryError {}

/** A vocabulary file is malformed. */
export class VocabularyError extends NotegraphError {}
