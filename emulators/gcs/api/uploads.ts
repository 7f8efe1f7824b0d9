/**
 * objects.insert on `/upload/storage/v1/b/{bucket}/o`: `uploadType=media`, `multipart` and
 * `resumable`. Resumable sessions: initiation answers a `Location` with `upload_id`; chunks are
 * PUTs with `Content-Range: bytes S-E/T` (T may be `*` until the last chunk; `bytes S-*\/*` streams
 * the rest in one request); `bytes *\/T` queries the status; incomplete answers are 308 with
 * `Range: bytes=0-N`; a chunk cut off mid-way keeps the bytes that arrived, and a resent
 * overlapping chunk is accepted from the current offset, as GCS does. DELETE cancels (499).
 * Sessions of the filesystem backend survive restarts. Preconditions are checked when the session
 * starts and again, exactly, when the object is committed. `x-goog-hash` or `md5Hash`/`crc32c` in
 * the resource are verified. Leaves out: customer-supplied encryption keys, `kmsKeyName`, ACLs.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, GcsError, notFound } from '../errors';
import { HashingWriter, parseGoogHash, type Digests } from '../hashing';
import type { GcsRequest, GcsResponse, Route } from '../http';
import { objectResource, pickWritable, WRITABLE_OBJECT_FIELDS, type ObjectRecord } from '../model';
import { boundaryOf, readMultipart } from '../multipart';
import { KeyedMutex } from '../mutex';
import { assertValidObjectName } from '../paths';
import { checkPreconditions, preconditionsFrom, type Preconditions } from '../preconditions';
import type { GcsService } from '../service';
import type { Staging, UploadSessionRecord } from '../store/types';

/** Finished sessions kept to answer late or repeated PUTs with the result. */
const KEEP_FINISHED = 1000;

/** A resumable session in memory. */
interface Session {
  readonly record: UploadSessionRecord;
  readonly staging: Staging;
  /** Created on first use (re-hashing staged bytes for a session recovered after a restart). */
  writer?: HashingWriter;
  /** The object, once finalized; later PUTs answer with it. */
  done?: ObjectRecord;
  /** The error that ended the session at finalize (e.g. a precondition), answered again to later PUTs. */
  failed?: GcsError;
}

const header = (req: GcsRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

function declaredFrom(resource: Record<string, unknown>, req: GcsRequest): Partial<Digests> {
  const fromHeader = parseGoogHash(req.headers['x-goog-hash']);
  return {
    md5Hash: typeof resource.md5Hash === 'string' ? resource.md5Hash : fromHeader.md5Hash,
    crc32c: typeof resource.crc32c === 'string' ? resource.crc32c : fromHeader.crc32c,
  };
}

/** Resumable sessions plus the three upload types. */
export class Uploads {
  private readonly sessions = new Map<string, Session>();
  private readonly locks = new KeyedMutex();
  constructor(private readonly svc: GcsService) {}

  /** Takes back sessions persisted by the backend (filesystem: across restarts). */
  adopt(recovered: readonly { session: UploadSessionRecord; staging: Staging }[]): void {
    for (const r of recovered) this.sessions.set(r.session.id, { record: r.session, staging: r.staging });
  }

  routes(): Route[] {
    const pattern = '/b/{bucket}/o';
    return [
      { method: 'POST', surface: 'upload', pattern, op: 'objects.insert', handle: (req) => this.insert(req) },
      { method: 'PUT', surface: 'upload', pattern, op: 'objects.insert.resumable', handle: (req) => this.chunk(req) },
      { method: 'DELETE', surface: 'upload', pattern, op: 'objects.insert.cancel', handle: (req) => this.cancel(req) },
      {
        method: 'POST',
        surface: 'json',
        pattern,
        op: 'objects.insert',
        handle: async () => {
          throw badRequest('Upload requests must include an uploadType URL parameter and a URL path beginning with /upload/.', 'wrongUrlForUpload');
        },
      },
    ];
  }

  private async insert(req: GcsRequest): Promise<GcsResponse> {
    if (req.query.upload_id) return this.chunk(req);
    const bucket = req.params.bucket;
    this.svc.bucket(bucket);
    const preconditions = preconditionsFrom(req.query);
    switch (req.query.uploadType) {
      case 'media': {
        const name = req.query.name;
        if (!name) throw badRequest('uploadType=media needs the object name in the "name" query parameter.', 'required');
        assertValidObjectName(name);
        const writer = await this.svc.newWriter();
        try {
          for await (const c of req.raw) await writer.append(c as Buffer);
        } catch (err) {
          await writer.discard();
          throw err;
        }
        const contentType = header(req, 'content-type');
        const o = await this.svc.commit({ bucket, name, writer, fields: contentType ? { contentType } : {}, preconditions, declared: declaredFrom({}, req) });
        return { body: objectResource(o, req.baseUrl) };
      }
      case 'multipart': {
        const boundary = boundaryOf(header(req, 'content-type'));
        const writer = await this.svc.newWriter();
        let parsed;
        try {
          parsed = await readMultipart(req.raw as AsyncIterable<Buffer>, boundary, (c) => writer.append(c));
        } catch (err) {
          await writer.discard();
          throw err;
        }
        const name = req.query.name ?? (parsed.metadata.name as string | undefined);
        if (typeof name !== 'string') {
          await writer.discard();
          throw badRequest('The object name is missing: set "name" in the resource or the query.', 'required');
        }
        const fields = pickWritable(parsed.metadata, WRITABLE_OBJECT_FIELDS);
        if (!fields.contentType && parsed.mediaContentType) fields.contentType = parsed.mediaContentType;
        const o = await this.svc.commit({ bucket, name, writer, fields, preconditions, declared: declaredFrom(parsed.metadata, req) });
        return { body: objectResource(o, req.baseUrl) };
      }
      case 'resumable':
        return this.start(req, preconditions);
      default:
        throw badRequest(`Unsupported uploadType ${JSON.stringify(req.query.uploadType ?? '')}: use media, multipart or resumable.`, 'invalidParameter');
    }
  }

  /** Starts a resumable session. */
  private async start(req: GcsRequest, preconditions: Preconditions): Promise<GcsResponse> {
    const bucket = req.params.bucket;
    const resource = (await req.json()) ?? {};
    const name = req.query.name ?? (resource.name as string | undefined);
    if (typeof name !== 'string') throw badRequest('The object name is missing: set "name" in the resource or the query.', 'required');
    assertValidObjectName(name);
    // Fail early as GCS does; the commit checks again.
    checkPreconditions(this.svc.find(bucket, name), preconditions);
    const fields = pickWritable(resource, WRITABLE_OBJECT_FIELDS);
    const uploadType = header(req, 'x-upload-content-type');
    if (!fields.contentType && uploadType) fields.contentType = uploadType;
    const declaredHeader = header(req, 'x-upload-content-length');
    const declaredSize = declaredHeader !== undefined ? Number(declaredHeader) : undefined;
    if (declaredSize !== undefined && !(Number.isInteger(declaredSize) && declaredSize >= 0)) {
      throw badRequest(`Invalid X-Upload-Content-Length ${JSON.stringify(declaredHeader)}: use a byte count.`);
    }
    const id = randomUUID().replace(/-/g, '');
    const record: UploadSessionRecord = { id, bucket, name, fields, preconditions: preconditions as Record<string, string>, declaredSize, created: new Date().toISOString() };
    const staging = await this.svc.backend.newStaging(id);
    await staging.idle();
    await this.svc.backend.putUploadSession(record);
    this.sessions.set(id, { record, staging, writer: new HashingWriter(staging) });
    const location = `${req.baseUrl}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${id}`;
    return { status: 200, headers: { Location: location, 'X-GUploader-UploadID': id } };
  }

  private session(req: GcsRequest): Session {
    const id = req.query.upload_id;
    const s = id ? this.sessions.get(id) : undefined;
    if (!s || s.record.bucket !== req.params.bucket) throw notFound(`No such upload session: ${id ?? '(no upload_id)'}; start a new resumable upload.`);
    return s;
  }

  private async cancel(req: GcsRequest): Promise<GcsResponse> {
    const s = this.session(req);
    return this.locks.run(s.record.id, async () => {
      this.sessions.delete(s.record.id);
      if (!s.done) {
        await (s.writer ? s.writer.discard() : s.staging.discard());
        await this.svc.backend.removeUploadSession(s.record.id);
      }
      // GCS answers a cancelled session with 499 "Client Closed Request".
      return { status: 499 };
    });
  }

  /** A chunk PUT or a status query. */
  private async chunk(req: GcsRequest): Promise<GcsResponse> {
    const s = this.session(req);
    return this.locks.run(s.record.id, async () => {
      if (s.done || s.failed) {
        req.raw.resume();
        if (s.failed) throw s.failed;
        return { status: 200, body: objectResource(s.done as ObjectRecord, req.baseUrl) };
      }
      const writer = (s.writer ??= await HashingWriter.resume(s.staging));
      const range = header(req, 'content-range') ?? 'bytes 0-*/*';
      const status = /^bytes \*\/(\d+|\*)$/.exec(range);
      const data = /^bytes (\d+)-(\d+|\*)\/(\d+|\*)$/.exec(range);
      if (!status && !data) throw badRequest(`Invalid Content-Range ${JSON.stringify(range)}: use "bytes S-E/T", "bytes S-*/*" or "bytes */T".`);
      const total = (status ? status[1] : (data as RegExpExecArray)[3]) === '*' ? undefined : Number(status ? status[1] : (data as RegExpExecArray)[3]);
      let streamedToEnd = false;
      if (data) {
        const start = Number(data[1]);
        if (start > writer.size) {
          req.raw.resume();
          throw badRequest(`Content-Range starts at byte ${start}, but only ${writer.size} bytes were received; query the offset with "bytes */*" and resume from it.`);
        }
        let skip = writer.size - start;
        let taken = 0;
        const cut = req.interrupt?.afterBytes;
        try {
          for await (const raw of req.raw) {
            let c = raw as Buffer;
            if (skip > 0) {
              const n = Math.min(skip, c.length);
              c = c.subarray(n);
              skip -= n;
            }
            if (cut !== undefined && taken + c.length >= cut) {
              await writer.append(c.subarray(0, cut - taken));
              await writer.idle();
              req.raw.socket.destroy();
              return { status: 503 };
            }
            taken += c.length;
            if (c.length) await writer.append(c);
          }
        } catch (err) {
          // The client went away mid-chunk: what arrived is kept, as GCS does; it resumes from the offset.
          this.svc.log('INFO', 'resumable chunk cut off; kept the bytes received', { uploadId: s.record.id, offset: writer.size, error: String(err) });
          await writer.idle();
          return { status: 503 };
        }
        streamedToEnd = data[2] === '*' && total === undefined;
      } else req.raw.resume();
      const declaredTotal = total ?? s.record.declaredSize;
      if (declaredTotal !== undefined && writer.size > declaredTotal) {
        throw badRequest(`Received ${writer.size} bytes but the upload declared ${declaredTotal}; start a new upload.`);
      }
      const final = streamedToEnd || (total !== undefined && writer.size === total);
      if (!final) {
        // Sessions may wait long between chunks (or be abandoned): hold no file handle or hash batch meanwhile.
        await writer.idle();
        return { status: 308, headers: writer.size > 0 ? { Range: `bytes=0-${writer.size - 1}` } : {} };
      }
      if (s.record.declaredSize !== undefined && writer.size !== s.record.declaredSize) {
        throw badRequest(`Upload ended after ${writer.size} bytes but X-Upload-Content-Length declared ${s.record.declaredSize}.`);
      }
      return this.finish(s, writer, req);
    });
  }

  /** Drops the oldest finished sessions beyond {@link KEEP_FINISHED} (Map order is creation order). */
  private forgetOldFinished(): void {
    let finished = 0;
    for (const s of this.sessions.values()) if (s.done || s.failed) finished++;
    for (const [id, s] of this.sessions) {
      if (finished <= KEEP_FINISHED) break;
      if (s.done || s.failed) {
        this.sessions.delete(id);
        finished--;
      }
    }
  }

  private async finish(s: Session, writer: HashingWriter, req: GcsRequest): Promise<GcsResponse> {
    try {
      s.done = await this.svc.commit({
        bucket: s.record.bucket,
        name: s.record.name,
        writer,
        fields: s.record.fields,
        preconditions: s.record.preconditions,
        declared: parseGoogHash(req.headers['x-goog-hash']),
      });
    } catch (err) {
      if (err instanceof GcsError) s.failed = err;
      throw err;
    } finally {
      await this.svc.backend.removeUploadSession(s.record.id);
      this.forgetOldFinished();
    }
    return { status: 200, body: objectResource(s.done, req.baseUrl) };
  }
}
