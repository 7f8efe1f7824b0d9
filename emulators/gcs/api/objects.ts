/**
 * objects.get (metadata, or media with `alt=media`, also on `/download/storage/v1`), list,
 * patch, update, delete. Supports `generation` (the live one only: no versioning), the four
 * preconditions, `Range` (`bytes=a-b`, `bytes=a-`, `bytes=-n`; 206 with `Content-Range`, 416
 * when unsatisfiable), and list's `prefix`, `delimiter`, `pageToken`, `maxResults`,
 * `startOffset`, `endOffset`, `matchGlob`, `includeTrailingDelimiter`. Leaves out:
 * `versions=true` history, `projection=full` ACLs, decompressive transcoding (gzip objects are
 * served as stored).
 */
import { badRequest, rangeNotSatisfiable } from '../errors';
import type { GcsRequest, GcsResponse, Route } from '../http';
import { objectEtag, objectResource, pickWritable, WRITABLE_OBJECT_FIELDS, type ObjectRecord } from '../model';
import { preconditionsFrom } from '../preconditions';
import type { GcsService } from '../service';
import type { ByteRange } from '../store/types';

/** Parses a single-range `Range` header against a size; undefined for "whole object". */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // GCS ignores Range headers it cannot parse (including multi-range) and sends the whole object.
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) throw rangeNotSatisfiable(size, header);
    return { start: Math.max(0, size - n), end: size };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size : Math.min(size, Number(m[2]) + 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) {
    if (size === 0 && start === 0) return undefined;
    throw rangeNotSatisfiable(size, header);
  }
  return { start, end };
}

/** Headers that go with a media download. */
function mediaHeaders(o: ObjectRecord): Record<string, string> {
  const hash = [`crc32c=${o.crc32c}`, ...(o.md5Hash ? [`md5=${o.md5Hash}`] : [])].join(',');
  const f = o.fields as Record<string, string | undefined>;
  return {
    'Content-Type': f.contentType ?? 'application/octet-stream',
    'x-goog-hash': hash,
    'x-goog-generation': o.generation,
    'x-goog-metageneration': o.metageneration,
    'x-goog-stored-content-length': String(o.size),
    'x-goog-stored-content-encoding': f.contentEncoding ?? 'identity',
    'x-goog-storage-class': o.storageClass,
    ETag: `"${objectEtag(o)}"`,
    'Last-Modified': new Date(o.updated).toUTCString(),
    'Accept-Ranges': 'bytes',
    ...(f.contentEncoding ? { 'Content-Encoding': f.contentEncoding } : {}),
    ...(f.contentDisposition ? { 'Content-Disposition': f.contentDisposition } : {}),
    ...(f.cacheControl ? { 'Cache-Control': f.cacheControl } : {}),
    ...(f.contentLanguage ? { 'Content-Language': f.contentLanguage } : {}),
  };
}

/** Streams an object's bytes (whole or a range). */
async function download(svc: GcsService, req: GcsRequest): Promise<GcsResponse> {
  const { record, range, stream } = await svc.openRead({
    bucket: req.params.bucket,
    name: req.params.object,
    generation: req.query.generation,
    preconditions: preconditionsFrom(req.query),
    range: (size) => parseRange(req.headers.range, size),
  });
  const headers = mediaHeaders(record);
  if (!range) return { status: 200, headers: { ...headers, 'Content-Length': String(record.size) }, stream };
  return {
    status: 206,
    headers: { ...headers, 'Content-Length': String(range.end - range.start), 'Content-Range': `bytes ${range.start}-${range.end - 1}/${record.size}` },
    stream,
  };
}

/** Merges a patch of writable fields; `null` removes a field, and a `metadata` key set to null removes that key. */
export function applyPatch(fields: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  for (const k of WRITABLE_OBJECT_FIELDS) {
    if (!(k in patch)) continue;
    const v = patch[k];
    if (v === null) delete fields[k];
    else if (k === 'metadata' && typeof v === 'object') {
      const merged: Record<string, unknown> = { ...((fields.metadata as Record<string, unknown>) ?? {}) };
      for (const [mk, mv] of Object.entries(v as Record<string, unknown>)) {
        if (mv === null) delete merged[mk];
        else merged[mk] = String(mv);
      }
      fields.metadata = merged;
    } else fields[k] = v;
  }
  return fields;
}

/** The object routes (reads, listing and metadata changes). */
export function objectRoutes(svc: GcsService): Route[] {
  const get = async (req: GcsRequest): Promise<GcsResponse> => {
    if (req.query.alt === 'media' || req.surface === 'download') return download(svc, req);
    if (req.query.alt && req.query.alt !== 'json') throw badRequest(`Invalid alt ${JSON.stringify(req.query.alt)}: use json or media.`);
    const o = svc.object(req.params.bucket, req.params.object, { generation: req.query.generation, preconditions: preconditionsFrom(req.query), mode: 'read' });
    return { body: objectResource(o, req.baseUrl) };
  };
  const change = (method: 'PATCH' | 'PUT'): Route => ({
    method,
    surface: 'json',
    pattern: '/b/{bucket}/o/{object}',
    op: method === 'PATCH' ? 'objects.patch' : 'objects.update',
    async handle(req) {
      const body = (await req.json()) ?? {};
      const o = await svc.updateObject({
        bucket: req.params.bucket,
        name: req.params.object,
        generation: req.query.generation,
        preconditions: preconditionsFrom(req.query),
        change: (fields) => (method === 'PATCH' ? applyPatch(fields, body) : pickWritable(body, WRITABLE_OBJECT_FIELDS)),
      });
      return { body: objectResource(o, req.baseUrl) };
    },
  });
  return [
    { method: 'GET', surface: 'json', pattern: '/b/{bucket}/o/{object}', op: 'objects.get', handle: get },
    { method: 'GET', surface: 'download', pattern: '/b/{bucket}/o/{object}', op: 'objects.get', handle: get },
    {
      method: 'GET',
      surface: 'json',
      pattern: '/b/{bucket}/o',
      op: 'objects.list',
      async handle(req) {
        const q = req.query;
        const page = svc.list(req.params.bucket, {
          prefix: q.prefix,
          delimiter: q.delimiter,
          startOffset: q.startOffset,
          endOffset: q.endOffset,
          matchGlob: q.matchGlob,
          includeTrailingDelimiter: q.includeTrailingDelimiter === 'true',
          pageToken: q.pageToken,
          maxResults: q.maxResults !== undefined ? Number(q.maxResults) : undefined,
        });
        return {
          body: {
            kind: 'storage#objects',
            ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
            ...(page.prefixes.length ? { prefixes: page.prefixes } : {}),
            // GCS omits `items` (and `prefixes`) when there are none.
            ...(page.items.length ? { items: page.items.map((o) => objectResource(o, req.baseUrl)) } : {}),
          },
        };
      },
    },
    change('PATCH'),
    change('PUT'),
    {
      method: 'DELETE',
      surface: 'json',
      pattern: '/b/{bucket}/o/{object}',
      op: 'objects.delete',
      async handle(req) {
        await svc.deleteObject({ bucket: req.params.bucket, name: req.params.object, generation: req.query.generation, preconditions: preconditionsFrom(req.query) });
        return { status: 204 };
      },
    },
  ];
}
