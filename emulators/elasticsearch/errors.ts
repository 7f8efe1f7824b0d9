/**
 * Elasticsearch's error shape, in one place. Every handler throws {@link EsError}; the HTTP
 * adapter renders it as `{ error: { root_cause, type, reason, ... }, status }` with the status
 * code Elasticsearch uses for that error type.
 */

/** Extra fields Elasticsearch puts beside `type` and `reason` (e.g. `index`, `index_uuid`). */
export type ErrorDetails = Record<string, unknown>;

/** An error rendered in Elasticsearch's envelope. */
export class EsError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** Elasticsearch's error type, e.g. `index_not_found_exception`. */
  readonly type: string;
  /** Extra fields beside type and reason. */
  readonly details: ErrorDetails;
  /** Nested cause, rendered as `caused_by`. */
  readonly causedBy?: EsError;

  constructor(opts: { status: number; type: string; reason: string; details?: ErrorDetails; causedBy?: EsError }) {
    super(opts.reason);
    this.name = 'EsError';
    this.status = opts.status;
    this.type = opts.type;
    this.details = opts.details ?? {};
    this.causedBy = opts.causedBy;
  }

  /** The inner error object (`error` in responses, `error` per bulk item). */
  toJSON(): Record<string, unknown> {
    const own = { type: this.type, reason: this.message, ...this.details };
    const body: Record<string, unknown> = { root_cause: [own], ...own };
    if (this.causedBy) body.caused_by = this.causedBy.causeJson();
    return body;
  }

  private causeJson(): Record<string, unknown> {
    const body: Record<string, unknown> = { type: this.type, reason: this.message, ...this.details };
    if (this.causedBy) body.caused_by = this.causedBy.causeJson();
    return body;
  }
}

/** 404 for an index (or alias, or pattern without wildcards) that does not exist. */
export const indexNotFound = (index: string): EsError =>
  new EsError({
    status: 404,
    type: 'index_not_found_exception',
    reason: `no such index [${index}]`,
    details: { 'resource.type': 'index_or_alias', 'resource.id': index, index_uuid: '_na_', index },
  });

/** 400 for a request body or parameter that cannot be parsed. */
export const parsingException = (reason: string, details?: ErrorDetails): EsError =>
  new EsError({ status: 400, type: 'parsing_exception', reason, details });

/** 400 for a well-formed request with a wrong value. */
export const illegalArgument = (reason: string): EsError =>
  new EsError({ status: 400, type: 'illegal_argument_exception', reason });

/** 400 for a body that is not valid JSON. */
export const notXContent = (detail: string): EsError =>
  new EsError({
    status: 400,
    type: 'x_content_parse_exception',
    reason: `Failed to parse object: ${detail}`,
    causedBy: new EsError({ status: 400, type: 'json_parse_exception', reason: detail }),
  });

/** 409 when `create` (or `op_type=create`) meets an existing id, or a version check fails. */
export const versionConflict = (opts: { index: string; id: string; reason: string }): EsError =>
  new EsError({
    status: 409,
    type: 'version_conflict_engine_exception',
    reason: `[${opts.id}]: ${opts.reason}`,
    details: { index_uuid: 'tributary', shard: '0', index: opts.index },
  });

/** 404 for a document that does not exist (update of a missing doc). */
export const documentMissing = (opts: { index: string; id: string }): EsError =>
  new EsError({
    status: 404,
    type: 'document_missing_exception',
    reason: `[${opts.id}]: document missing`,
    details: { index_uuid: 'tributary', shard: '0', index: opts.index },
  });

/** 400 for a document value that does not fit its mapping. */
export const mapperParsing = (reason: string, causedBy?: EsError): EsError =>
  new EsError({ status: 400, type: 'document_parsing_exception', reason, causedBy });

/** 400 for a mapping that cannot be applied. */
export const mapperException = (reason: string): EsError =>
  new EsError({ status: 400, type: 'mapper_parsing_exception', reason });

/**
 * 501 for an Elasticsearch feature this emulator does not implement (listed in UNSUPPORTED.md).
 * The message names the feature so the caller knows what to change.
 */
export const unsupported = (feature: string): EsError =>
  new EsError({
    status: 501,
    type: 'unsupported_operation_exception',
    reason: `${feature} is not implemented by the Tributary Elasticsearch emulator (see emulators/elasticsearch/UNSUPPORTED.md)`,
  });
