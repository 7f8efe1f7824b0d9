/**
 * Opaque page tokens for `/api/<id>/events`: keyset pagination on (time, event_id), so pages
 * stay stable while new events arrive. A token carries the last row's key and a hash of the
 * query it belongs to; a token from another query, or one that was edited, is a 400.
 */
import { createHash } from 'node:crypto';
import { ApiError } from './params';

/** The position after which the next page starts. */
export interface PageKey {
  readonly time: string;
  readonly id: string;
}

const digest = (query: string) => createHash('sha256').update(query).digest('base64url').slice(0, 16);

/** Encodes the key of a page's last row for the query `query` (the canonical filter string). */
export function encodePageToken(key: PageKey, query: string): string {
  return Buffer.from(JSON.stringify({ t: key.time, i: key.id, q: digest(query) })).toString('base64url');
}

/** Decodes a token, checking it belongs to `query`. */
export function decodePageToken(token: string, query: string): PageKey {
  const invalid = (why: string) => new ApiError(400, `pageToken is not valid: ${why}; pass the nextPageToken of the previous page with the same parameters`);
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(token)) throw invalid('not a token this API issued');
  let v: { t?: unknown; i?: unknown; q?: unknown };
  try {
    v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a token this API issued');
  }
  if (typeof v.t !== 'string' || typeof v.i !== 'string' || !Number.isFinite(Date.parse(v.t))) throw invalid('not a token this API issued');
  if (v.q !== digest(query)) throw invalid('it belongs to a query with other parameters');
  return { time: v.t, id: v.i };
}
