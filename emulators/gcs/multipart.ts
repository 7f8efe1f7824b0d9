/**
 * A streaming reader for `multipart/related` upload bodies (`uploadType=multipart`): the first
 * part is the JSON object resource, the second the media. The media part streams into a writer
 * without being buffered whole.
 */
import { badRequest } from './errors';

/** The parts of a multipart upload, minus the media bytes (which went to `sink`). */
export interface MultipartResult {
  readonly metadata: Record<string, unknown>;
  /** The media part's Content-Type, if it had one. */
  readonly mediaContentType?: string;
}

/** The boundary from a `multipart/related; boundary=...` Content-Type. */
export function boundaryOf(contentType: string | undefined): string {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!m) throw badRequest(`uploadType=multipart needs a Content-Type "multipart/related; boundary=..." header; got ${JSON.stringify(contentType ?? '')}.`);
  return m[1] ?? m[2];
}

function parseHeaders(block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return out;
}

/**
 * Reads a multipart/related body from `body`, sending the media part's bytes to `sink`.
 * @throws GcsError 400 when the body is not two well-formed parts.
 */
export async function readMultipart(body: AsyncIterable<Buffer>, boundary: string, sink: (chunk: Buffer) => Promise<void>): Promise<MultipartResult> {
  const dash = Buffer.from(`--${boundary}`);
  const delim = Buffer.from(`\r\n--${boundary}`);
  const headerEnd = Buffer.from('\r\n\r\n');
  let buf: Buffer = Buffer.alloc(0);
  let state: 'preamble' | 'metaHeaders' | 'meta' | 'mediaHeaders' | 'media' | 'done' = 'preamble';
  let metadata: Record<string, unknown> | undefined;
  let mediaContentType: string | undefined;
  const malformed = (why: string): never => {
    throw badRequest(`Malformed multipart body: ${why}.`);
  };
  for await (const chunk of body) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (let progressed = true; progressed && state !== 'done'; ) {
      progressed = false;
      if (state === 'preamble') {
        const at = buf.indexOf(dash);
        if (at < 0) continue;
        buf = buf.subarray(at + dash.length);
        state = 'metaHeaders';
        progressed = true;
      }
      if (state === 'metaHeaders' || state === 'mediaHeaders') {
        const at = buf.indexOf(headerEnd);
        if (at < 0) continue;
        const headers = parseHeaders(buf.subarray(0, at).toString('utf8'));
        buf = buf.subarray(at + headerEnd.length);
        if (state === 'mediaHeaders') mediaContentType = headers['content-type'];
        state = state === 'metaHeaders' ? 'meta' : 'media';
        progressed = true;
      }
      if (state === 'meta') {
        const at = buf.indexOf(delim);
        if (at < 0) continue;
        try {
          metadata = JSON.parse(buf.subarray(0, at).toString('utf8')) as Record<string, unknown>;
        } catch (err) {
          malformed(`the first part is not a JSON object resource (${(err as Error).message})`);
        }
        buf = buf.subarray(at + delim.length);
        state = 'mediaHeaders';
        progressed = true;
      }
      if (state === 'media') {
        const at = buf.indexOf(delim);
        if (at >= 0) {
          if (at > 0) await sink(buf.subarray(0, at));
          buf = Buffer.alloc(0);
          state = 'done';
        } else if (buf.length > delim.length) {
          // Keep a tail that could be the start of the delimiter.
          const keep = delim.length - 1;
          await sink(buf.subarray(0, buf.length - keep));
          buf = Buffer.from(buf.subarray(buf.length - keep));
        }
      }
    }
  }
  if (state !== 'done' || !metadata || typeof metadata !== 'object') malformed('expected a JSON part and a media part, each closed by the boundary');
  return { metadata: metadata as Record<string, unknown>, mediaContentType };
}
