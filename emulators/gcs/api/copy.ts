/**
 * objects.copy (`copyTo`), objects.rewrite (`rewriteTo`, always done in one call) and
 * objects.compose (up to 32 sources of one bucket; the result keeps a CRC32C and a
 * `componentCount` but no MD5, as in GCS). Supports destination preconditions, `ifSource…`
 * preconditions and `sourceGeneration`, per-source `generation` and
 * `objectPreconditions.ifGenerationMatch`. A copy without a resource in the body keeps the
 * source's metadata. Leaves out: `destinationKmsKeyName`, `destinationPredefinedAcl`,
 * `maxBytesRewrittenPerCall` chunking (every rewrite completes at once, which GCS may also do).
 */
import { badRequest } from '../errors';
import type { GcsRequest, GcsResponse, Route } from '../http';
import { objectResource, pickWritable, WRITABLE_OBJECT_FIELDS, type ObjectRecord } from '../model';
import { preconditionsFrom } from '../preconditions';
import type { GcsService } from '../service';

/** Copies source bytes into a new destination object; returns the new object. */
async function copyObject(svc: GcsService, req: GcsRequest): Promise<ObjectRecord> {
  const { srcBucket, srcObject, dstBucket, dstObject } = req.params;
  svc.bucket(dstBucket);
  const body = (await req.json()) ?? {};
  // The bytes are copied as they are (in the kernel for the filesystem backend) and keep the source's hashes.
  const { record: source, writer } = await svc.copyOf({ bucket: srcBucket, name: srcObject, generation: req.query.sourceGeneration, preconditions: preconditionsFrom(req.query, true) });
  const given = pickWritable(body, WRITABLE_OBJECT_FIELDS);
  const fields = Object.keys(given).length ? given : { ...source.fields };
  return svc.commit({ bucket: dstBucket, name: dstObject, writer, fields, preconditions: preconditionsFrom(req.query), componentCount: source.componentCount });
}

interface SourceObject {
  name?: unknown;
  generation?: unknown;
  objectPreconditions?: { ifGenerationMatch?: unknown };
}

/** The copy, rewrite and compose routes. */
export function copyRoutes(svc: GcsService): Route[] {
  const copyPattern = (verb: string): string => `/b/{srcBucket}/o/{srcObject}/${verb}/b/{dstBucket}/o/{dstObject}`;
  return [
    {
      method: 'POST',
      surface: 'json',
      pattern: copyPattern('copyTo'),
      op: 'objects.copy',
      async handle(req): Promise<GcsResponse> {
        return { body: objectResource(await copyObject(svc, req), req.baseUrl) };
      },
    },
    {
      method: 'POST',
      surface: 'json',
      pattern: copyPattern('rewriteTo'),
      op: 'objects.rewrite',
      async handle(req): Promise<GcsResponse> {
        const o = await copyObject(svc, req);
        return {
          body: { kind: 'storage#rewriteResponse', totalBytesRewritten: String(o.size), objectSize: String(o.size), done: true, resource: objectResource(o, req.baseUrl) },
        };
      },
    },
    {
      method: 'POST',
      surface: 'json',
      pattern: '/b/{bucket}/o/{object}/compose',
      op: 'objects.compose',
      async handle(req): Promise<GcsResponse> {
        const bucket = req.params.bucket;
        svc.bucket(bucket);
        const body = (await req.json()) ?? {};
        const sources = body.sourceObjects as SourceObject[] | undefined;
        if (!Array.isArray(sources) || sources.length === 0) throw badRequest('compose needs a non-empty "sourceObjects" list.', 'required');
        if (sources.length > 32) throw badRequest(`compose takes at most 32 source objects; got ${sources.length}. Compose in stages.`);
        const writer = await svc.newWriter();
        let components = 0;
        try {
          for (const s of sources) {
            if (typeof s?.name !== 'string') throw badRequest('Every source object needs a "name".', 'required');
            const wanted = s.objectPreconditions?.ifGenerationMatch;
            const opened = await svc.openRead({
              bucket,
              name: s.name,
              generation: s.generation !== undefined ? String(s.generation) : undefined,
              preconditions: wanted !== undefined ? { ifGenerationMatch: String(wanted) } : undefined,
            });
            components += opened.record.componentCount ?? 1;
            for await (const c of opened.stream) await writer.append(c as Buffer);
          }
        } catch (err) {
          await writer.discard();
          throw err;
        }
        if (components > 1024) {
          await writer.discard();
          throw badRequest(`The composite would have ${components} components; GCS allows at most 1024.`);
        }
        const fields = pickWritable(body.destination as Record<string, unknown> | undefined, WRITABLE_OBJECT_FIELDS);
        const o = await svc.commit({ bucket, name: req.params.object, writer, fields, preconditions: preconditionsFrom(req.query), componentCount: components });
        return { body: objectResource(o, req.baseUrl) };
      },
    },
  ];
}
