/**
 * Errors in Cloud Storage's JSON API shape. Handlers throw a {@link GcsError}; the HTTP adapter
 * renders it as Google's envelope `{error:{code,message,errors:[{domain,reason,message}]}}`,
 * the shape the official client parses into `ApiError`.
 */

/** An error the emulator answers with, carrying the HTTP status and Google's `reason`. */
export class GcsError extends Error {
  override readonly name = 'GcsError';
  constructor(
    /** HTTP status code. */
    readonly status: number,
    /** Google's machine-readable reason, e.g. `notFound`, `conditionNotMet`. */
    readonly reason: string,
    message: string,
    /** Extra headers for the response (e.g. `Content-Range` on a 416). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The JSON envelope Google sends. */
  toJSON(): { error: { code: number; message: string; errors: { domain: string; reason: string; message: string }[] } } {
    return { error: { code: this.status, message: this.message, errors: [{ domain: 'global', reason: this.reason, message: this.message }] } };
  }
}

/** 400 `invalid`: a malformed request or argument. */
export const badRequest = (message: string, reason = 'invalid'): GcsError => new GcsError(400, reason, message);
/** 404 `notFound`. */
export const notFound = (message: string): GcsError => new GcsError(404, 'notFound', message);
/** 409 `conflict`. */
export const conflict = (message: string): GcsError => new GcsError(409, 'conflict', message);
/** 412 `conditionNotMet`: a generation or metageneration precondition failed. */
export const conditionNotMet = (message: string): GcsError => new GcsError(412, 'conditionNotMet', message);
/** 416 `requestedRangeNotSatisfiable`. */
export const rangeNotSatisfiable = (size: number, range: string): GcsError =>
  new GcsError(416, 'requestedRangeNotSatisfiable', `The requested range ${range} cannot be satisfied for an object of ${size} bytes.`, {
    'Content-Range': `bytes */${size}`,
  });
/** 501 `notImplemented`: a real API feature this emulator leaves out (listed in UNSUPPORTED.md). */
export const notImplemented = (what: string): GcsError =>
  new GcsError(501, 'notImplemented', `${what} is not implemented by the Tributary Cloud Storage emulator; see emulators/gcs/UNSUPPORTED.md.`);
