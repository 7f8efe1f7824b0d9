/**
 * BigQuery's error envelope. Handlers throw {@link BigQueryError}; the one adapter in ./http.ts
 * renders it as `{ error: { code, message, errors: [{ message, domain, reason, location }], status } }`,
 * the shape `@google-cloud/bigquery` turns into an `ApiError` with `errors[0].reason`.
 */

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  412: 'FAILED_PRECONDITION',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
};

/** An error answered with BigQuery's envelope. `reason` is BigQuery's (`notFound`, `duplicate`, `invalidQuery`, ...). */
export class BigQueryError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    /** Where the error is, e.g. `query` for SQL errors. */
    readonly location?: string,
  ) {
    super(message);
    this.name = 'BigQueryError';
  }

  /** The JSON body BigQuery answers with. */
  toBody(): unknown {
    const detail: Record<string, string> = { message: this.message, domain: 'global', reason: this.reason };
    if (this.location) {
      detail.location = this.location;
      detail.locationType = 'other';
    }
    return { error: { code: this.code, message: this.message, errors: [detail], status: STATUS_NAMES[this.code] ?? 'UNKNOWN' } };
  }
}

/** 404 `notFound`, worded like BigQuery: `Not found: Table p:d.t`. */
export const notFound = (what: string): BigQueryError => new BigQueryError(404, 'notFound', `Not found: ${what}`);

/** 409 `duplicate`: `Already Exists: Dataset p:d`. */
export const duplicate = (what: string): BigQueryError => new BigQueryError(409, 'duplicate', `Already Exists: ${what}`);

/** 400 `invalid`. */
export const invalid = (message: string): BigQueryError => new BigQueryError(400, 'invalid', message);

/** 400 `invalidQuery`, located at `query` (the message carries `[line:column]` when known). */
export const invalidQuery = (message: string): BigQueryError => new BigQueryError(400, 'invalidQuery', message, 'query');

/** 501 for calls listed in UNSUPPORTED.md. */
export const unimplementedError = (op: string): BigQueryError =>
  new BigQueryError(501, 'notImplemented', `${op} is not implemented by the local BigQuery emulator (see emulators/bigquery/UNSUPPORTED.md)`);
