/**
 * notifications.insert, list, get, delete (`/b/{bucket}/notificationConfigs`). Supports `topic`
 * (checked to exist in the Pub/Sub emulator), `payload_format` (`JSON_API_V1` or `NONE`),
 * `event_types`, `object_name_prefix`, `custom_attributes`. Without a Pub/Sub emulator
 * configured, insert answers 400 rather than pretending.
 */
import { badRequest, notFound } from '../errors';
import type { Route } from '../http';
import { notificationResource, type NotificationRecord } from '../model';
import type { GcsService } from '../service';

const EVENT_TYPES = ['OBJECT_FINALIZE', 'OBJECT_DELETE', 'OBJECT_METADATA_UPDATE', 'OBJECT_ARCHIVE'];

/** The notification config routes. */
export function notificationRoutes(svc: GcsService): Route[] {
  const base = '/b/{bucket}/notificationConfigs';
  const find = (bucket: string, id: string): NotificationRecord => {
    const n = svc.bucket(bucket).notifications.find((x) => x.id === id);
    if (!n) throw notFound(`No such notification config ${id} on bucket ${bucket}.`);
    return n;
  };
  return [
    {
      method: 'POST',
      surface: 'json',
      pattern: base,
      op: 'notifications.insert',
      async handle(req) {
        const bucket = svc.bucket(req.params.bucket);
        const body = (await req.json()) ?? {};
        if (typeof body.topic !== 'string' || !/^(\/\/pubsub\.[^/]+\/)?projects\/[^/]+\/topics\/[^/]+$/.test(body.topic)) {
          throw badRequest(`Invalid topic ${JSON.stringify(body.topic)}: use "//pubsub.googleapis.com/projects/<project>/topics/<topic>".`);
        }
        const format = (body.payload_format ?? 'JSON_API_V1') as string;
        if (format !== 'JSON_API_V1' && format !== 'NONE') throw badRequest(`Invalid payload_format ${JSON.stringify(format)}: use JSON_API_V1 or NONE.`);
        const types = body.event_types as unknown;
        if (types !== undefined && (!Array.isArray(types) || types.some((t) => !EVENT_TYPES.includes(t as string)))) {
          throw badRequest(`Invalid event_types ${JSON.stringify(types)}: choose from ${EVENT_TYPES.join(', ')}.`);
        }
        if (!svc.notifier) {
          throw badRequest('This Cloud Storage emulator was started without a Pub/Sub emulator (pubsubEmulatorHost), so it cannot send notifications. Start it with the Pub/Sub emulator running.');
        }
        const topic = body.topic.startsWith('//') ? body.topic : `//pubsub.googleapis.com/${body.topic}`;
        await svc.notifier.checkTopic(topic.replace(/^\/\/pubsub\.[^/]+\//, ''));
        let created!: NotificationRecord;
        await svc.updateBucket(
          bucket.name,
          {},
          (b) => {
            created = {
              id: String(b.nextNotificationId++),
              topic,
              payload_format: format,
              ...(types ? { event_types: types as string[] } : {}),
              ...(typeof body.object_name_prefix === 'string' ? { object_name_prefix: body.object_name_prefix } : {}),
              ...(body.custom_attributes && typeof body.custom_attributes === 'object' ? { custom_attributes: body.custom_attributes as Record<string, string> } : {}),
            };
            b.notifications.push(created);
          },
          false,
        );
        return { body: notificationResource(created, bucket.name, req.baseUrl) };
      },
    },
    {
      method: 'GET',
      surface: 'json',
      pattern: base,
      op: 'notifications.list',
      async handle(req) {
        const b = svc.bucket(req.params.bucket);
        const items = b.notifications.map((n) => notificationResource(n, b.name, req.baseUrl));
        return { body: { kind: 'storage#notifications', ...(items.length ? { items } : {}) } };
      },
    },
    {
      method: 'GET',
      surface: 'json',
      pattern: `${base}/{id}`,
      op: 'notifications.get',
      async handle(req) {
        return { body: notificationResource(find(req.params.bucket, req.params.id), req.params.bucket, req.baseUrl) };
      },
    },
    {
      method: 'DELETE',
      surface: 'json',
      pattern: `${base}/{id}`,
      op: 'notifications.delete',
      async handle(req) {
        find(req.params.bucket, req.params.id);
        await svc.updateBucket(req.params.bucket, {}, (b) => (b.notifications = b.notifications.filter((n) => n.id !== req.params.id)), false);
        return { status: 204 };
      },
    },
  ];
}
