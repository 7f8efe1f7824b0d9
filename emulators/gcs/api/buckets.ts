/**
 * buckets.insert, list, get, patch, update, delete. Supports: name, location, storageClass and
 * the stored settings (labels, lifecycle, cors, iamConfiguration, ...: kept and returned, not
 * enforced); `ifMetagenerationMatch`/`NotMatch`; `prefix`, `maxResults`, `pageToken` on list.
 * Leaves out: object versioning (`versioning.enabled: true` answers 501), IAM policies, ACLs.
 */
import { badRequest, notImplemented } from '../errors';
import type { GcsRequest, GcsResponse, Route } from '../http';
import { bucketResource, pickWritable, STORED_BUCKET_FIELDS, type BucketRecord } from '../model';
import { checkPreconditions, preconditionsFrom } from '../preconditions';
import type { GcsService } from '../service';

function settingsFrom(body: Record<string, unknown>): Record<string, unknown> {
  const versioning = body.versioning as { enabled?: boolean } | undefined;
  if (versioning?.enabled) throw notImplemented('Object versioning (versioning.enabled=true)');
  return pickWritable(body, STORED_BUCKET_FIELDS);
}

/** The bucket routes. */
export function bucketRoutes(svc: GcsService): Route[] {
  const render = (b: BucketRecord, req: GcsRequest): Record<string, unknown> => bucketResource(b, req.baseUrl);
  return [
    {
      method: 'POST',
      surface: 'json',
      pattern: '/b',
      op: 'buckets.insert',
      async handle(req): Promise<GcsResponse> {
        const body = (await req.json()) ?? {};
        if (typeof body.name !== 'string') throw badRequest('Required field "name" is missing from the bucket resource.', 'required');
        const b = await svc.insertBucket({
          name: body.name,
          location: typeof body.location === 'string' ? body.location.toUpperCase() : 'US',
          storageClass: typeof body.storageClass === 'string' ? body.storageClass : 'STANDARD',
          settings: settingsFrom(body),
        });
        return { body: render(b, req) };
      },
    },
    {
      method: 'GET',
      surface: 'json',
      pattern: '/b',
      op: 'buckets.list',
      async handle(req) {
        const all = svc.listBuckets(req.query.prefix);
        const max = req.query.maxResults ? Number(req.query.maxResults) : 1000;
        if (!Number.isInteger(max) || max < 1) throw badRequest(`Invalid maxResults ${req.query.maxResults}: use a positive integer.`);
        const start = req.query.pageToken ? all.findIndex((b) => b.name > Buffer.from(req.query.pageToken, 'base64url').toString('utf8')) : 0;
        const page = start < 0 ? [] : all.slice(start, start + max);
        const more = start >= 0 && start + max < all.length;
        return {
          body: {
            kind: 'storage#buckets',
            items: page.map((b) => render(b, req)),
            ...(more ? { nextPageToken: Buffer.from(page[page.length - 1].name).toString('base64url') } : {}),
          },
        };
      },
    },
    {
      method: 'GET',
      surface: 'json',
      pattern: '/b/{bucket}',
      op: 'buckets.get',
      async handle(req) {
        const b = svc.bucket(req.params.bucket);
        const p = preconditionsFrom(req.query);
        if (p.ifMetagenerationMatch !== undefined || p.ifMetagenerationNotMatch !== undefined) {
          checkPreconditions({ generation: '1', metageneration: b.metageneration }, p, 'read');
        }
        return { body: render(b, req) };
      },
    },
    ...(['PATCH', 'PUT'] as const).map(
      (method): Route => ({
        method,
        surface: 'json',
        pattern: '/b/{bucket}',
        op: method === 'PATCH' ? 'buckets.patch' : 'buckets.update',
        async handle(req) {
          const body = (await req.json()) ?? {};
          const settings = settingsFrom(body);
          const b = await svc.updateBucket(req.params.bucket, preconditionsFrom(req.query), (rec) => {
            if (method === 'PUT') rec.settings = {};
            for (const [k, v] of Object.entries(body)) {
              // PATCH with null clears a field.
              if (v === null && (STORED_BUCKET_FIELDS as readonly string[]).includes(k)) delete rec.settings[k];
            }
            Object.assign(rec.settings, settings);
            if (typeof body.storageClass === 'string') rec.storageClass = body.storageClass;
          });
          return { body: render(b, req) };
        },
      }),
    ),
    {
      method: 'DELETE',
      surface: 'json',
      pattern: '/b/{bucket}',
      op: 'buckets.delete',
      async handle(req) {
        await svc.deleteBucket(req.params.bucket, preconditionsFrom(req.query));
        return { status: 204 };
      },
    },
  ];
}
