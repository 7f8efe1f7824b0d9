/**
 * What the emulator stores about buckets, objects and notification configs, and how each is
 * rendered as a JSON API resource. Records are plain JSON so the filesystem backend can persist
 * them as they are; generations and metagenerations are kept as decimal strings, as the API
 * sends them.
 */

/** A bucket's stored state. */
export interface BucketRecord {
  readonly name: string;
  readonly timeCreated: string;
  updated: string;
  metageneration: string;
  location: string;
  storageClass: string;
  /** Mutable settings the API stores and returns (labels, lifecycle, cors, ...); see {@link STORED_BUCKET_FIELDS}. */
  settings: Record<string, unknown>;
  notifications: NotificationRecord[];
  /** Counter for notification ids. */
  nextNotificationId: number;
}

/** Bucket fields a client may set on insert, patch or update; stored and returned, never enforced. */
export const STORED_BUCKET_FIELDS = [
  'labels',
  'lifecycle',
  'cors',
  'iamConfiguration',
  'defaultEventBasedHold',
  'website',
  'logging',
  'billing',
  'encryption',
  'rpo',
  'autoclass',
  'softDeletePolicy',
  'hierarchicalNamespace',
] as const;

/** A notification config's stored state (the JSON API resource minus `kind`, `etag`, `selfLink`). */
export interface NotificationRecord {
  readonly id: string;
  /** `//pubsub.googleapis.com/projects/<p>/topics/<t>`. */
  readonly topic: string;
  readonly payload_format: 'JSON_API_V1' | 'NONE';
  readonly event_types?: readonly string[];
  readonly object_name_prefix?: string;
  readonly custom_attributes?: Readonly<Record<string, string>>;
}

/** An object's stored metadata. */
export interface ObjectRecord {
  readonly bucket: string;
  readonly name: string;
  readonly generation: string;
  metageneration: string;
  readonly size: number;
  /** Base64 MD5 of the bytes; absent for composite objects, as in GCS. */
  readonly md5Hash?: string;
  /** Base64 big-endian CRC32C of the bytes. */
  readonly crc32c: string;
  readonly timeCreated: string;
  updated: string;
  readonly storageClass: string;
  readonly componentCount?: number;
  /** Client-settable fields: contentType, contentEncoding, cacheControl, metadata, ... ({@link WRITABLE_OBJECT_FIELDS}). */
  fields: Record<string, unknown>;
  /** Where the filesystem backend keeps the bytes, relative to its root, when not at the plain path. */
  dataPath?: string;
}

/** Object fields a client may set on insert, patch, update, copy and compose. */
export const WRITABLE_OBJECT_FIELDS = [
  'contentType',
  'contentEncoding',
  'contentDisposition',
  'contentLanguage',
  'cacheControl',
  'metadata',
  'customTime',
  'temporaryHold',
  'eventBasedHold',
] as const;

/** Picks the writable fields from a client-supplied resource, dropping unknown and null ones. */
export function pickWritable(source: Record<string, unknown> | undefined, allowed: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!source) return out;
  for (const key of allowed) {
    if (source[key] !== undefined && source[key] !== null) out[key] = source[key];
  }
  return out;
}

const enc = encodeURIComponent;

/** The object as the JSON API returns it. `base` is the emulator's URL as the client reached it. */
export function objectResource(o: ObjectRecord, base: string): Record<string, unknown> {
  const path = `b/${enc(o.bucket)}/o/${enc(o.name)}`;
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    selfLink: `${base}/storage/v1/${path}`,
    mediaLink: `${base}/download/storage/v1/${path}?generation=${o.generation}&alt=media`,
    name: o.name,
    bucket: o.bucket,
    generation: o.generation,
    metageneration: o.metageneration,
    contentType: 'application/octet-stream',
    ...o.fields,
    storageClass: o.storageClass,
    size: String(o.size),
    ...(o.md5Hash ? { md5Hash: o.md5Hash } : {}),
    crc32c: o.crc32c,
    ...(o.componentCount ? { componentCount: o.componentCount } : {}),
    etag: objectEtag(o),
    timeCreated: o.timeCreated,
    updated: o.updated,
    timeStorageClassUpdated: o.timeCreated,
    timeFinalized: o.timeCreated,
  };
}

/** GCS's object etag changes with generation and metageneration. */
export const objectEtag = (o: ObjectRecord): string => Buffer.from(`${o.generation}:${o.metageneration}`).toString('base64');

/** The bucket as the JSON API returns it. */
export function bucketResource(b: BucketRecord, base: string): Record<string, unknown> {
  return {
    kind: 'storage#bucket',
    id: b.name,
    selfLink: `${base}/storage/v1/b/${enc(b.name)}`,
    projectNumber: '0',
    name: b.name,
    timeCreated: b.timeCreated,
    updated: b.updated,
    metageneration: b.metageneration,
    location: b.location,
    locationType: b.location.includes('-') ? 'region' : 'multi-region',
    storageClass: b.storageClass,
    etag: Buffer.from(`${b.name}:${b.metageneration}`).toString('base64'),
    iamConfiguration: { uniformBucketLevelAccess: { enabled: false }, publicAccessPrevention: 'inherited' },
    ...b.settings,
  };
}

/** The notification config as the JSON API returns it. */
export function notificationResource(n: NotificationRecord, bucket: string, base: string): Record<string, unknown> {
  return {
    kind: 'storage#notification',
    selfLink: `${base}/storage/v1/b/${enc(bucket)}/notificationConfigs/${n.id}`,
    etag: n.id,
    ...n,
  };
}
