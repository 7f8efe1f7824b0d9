/**
 * Where the Cloud Storage emulator's filesystem backend keeps things under its root. Pure
 * functions only: the BigQuery emulator imports {@link objectFilePath} and
 * {@link objectNameFromFilePath} to read the lake's files straight from disk, so this layout is a
 * contract and stays stable.
 *
 * Layout under `<root>`:
 * - `<root>/<bucket>/<object name>`: the object's bytes as a plain file, one directory per `/`
 *   in the name. A finished object appears atomically (written under `<root>/.tmp/` and renamed),
 *   so a reader never sees a half-written file. Name segments that are not valid file names are
 *   encoded (see {@link encodeSegment}); every other name is stored as it is.
 * - `<root>/.meta/`: metadata (buckets, object generations, hashes, custom metadata), never under
 *   a bucket directory, so a data glob such as `<root>/<bucket>/silver/taxi/**\/*.parquet` cannot
 *   pick it up. Bucket names never start with a dot, so no bucket can collide with it.
 * - `<root>/.uploads/`: resumable-upload sessions and their partial data.
 * - `<root>/.tmp/`: files being written, renamed into place when complete.
 * - `<root>/.overflow/<bucket>/`: the rare object whose plain path is taken by a directory of the
 *   same name (object `a` while `a/b` exists, or the reverse). GCS allows both; a filesystem cannot
 *   hold both, so the later one is kept here under a hashed name and only its metadata knows where.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** A bucket or object name that GCS itself would reject, or that could not be stored safely. */
export class InvalidNameError extends Error {
  override readonly name = 'InvalidNameError';
  constructor(
    message: string,
    /** `bucket` or `object`. */
    readonly kind: 'bucket' | 'object',
  ) {
    super(message);
  }
}

/** Directory names under the root that hold the backend's own state (never valid bucket names). */
export const INTERNAL_DIRS = { meta: '.meta', uploads: '.uploads', tmp: '.tmp', overflow: '.overflow' } as const;

/** Longest file-name component most filesystems accept, in bytes. */
const MAX_SEGMENT_BYTES = 255;
/** GCS's object-name limit, in UTF-8 bytes. */
const MAX_OBJECT_NAME_BYTES = 1024;
/** Prefix of an encoded segment; a plain segment never starts with it. */
const ESCAPE = '%';
/** Prefix of a hashed segment (an encoded segment too long for a file name). */
const HASHED = '%#';

/**
 * Checks a bucket name against GCS's rules: 3–63 characters (up to 222 with dots, each
 * dot-separated part at most 63), lower-case letters, digits, `-`, `_` and `.`, starting and
 * ending with a letter or digit, not an IP address and not starting with `goog`.
 * @throws InvalidNameError when the name breaks a rule.
 */
export function assertValidBucketName(bucket: string): void {
  const fail = (why: string): never => {
    throw new InvalidNameError(`invalid bucket name ${JSON.stringify(bucket)}: ${why}`, 'bucket');
  };
  if (typeof bucket !== 'string' || bucket.length === 0) fail('it is empty');
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(bucket)) {
    fail('use lower-case letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
  }
  const max = bucket.includes('.') ? 222 : 63;
  if (bucket.length < 3 || bucket.length > max) fail(`it must be 3 to ${max} characters long`);
  if (bucket.split('.').some((part) => part.length === 0 || part.length > 63)) fail('each dot-separated part must be 1 to 63 characters');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) fail('it must not look like an IP address');
  if (bucket.startsWith('goog')) fail('it must not start with "goog"');
}

/**
 * Checks an object name against GCS's rules: 1–1024 bytes of well-formed UTF-8, no carriage
 * return or line feed, not `.` or `..`, not under `.well-known/acme-challenge/`.
 * @throws InvalidNameError when the name breaks a rule.
 */
export function assertValidObjectName(name: string): void {
  const fail = (why: string): never => {
    throw new InvalidNameError(`invalid object name ${JSON.stringify(name)}: ${why}`, 'object');
  };
  if (typeof name !== 'string' || name.length === 0) fail('it is empty');
  if (/\p{Cs}/u.test(name)) fail('it is not valid UTF-8');
  if (Buffer.byteLength(name, 'utf8') > MAX_OBJECT_NAME_BYTES) fail(`it is longer than ${MAX_OBJECT_NAME_BYTES} bytes`);
  if (/[\r\n]/.test(name)) fail('it contains a carriage return or line feed');
  if (name === '.' || name === '..') fail('"." and ".." are not object names');
  if (name.startsWith('.well-known/acme-challenge/')) fail('names under .well-known/acme-challenge/ are reserved');
}

/** Escapes the characters that an encoded segment may not contain literally. */
const escapeChars = (s: string): string =>
  s.replace(/[%#.\0]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * Encodes one `/`-separated segment of an object name as a file name. Plain segments are kept as
 * they are. A segment is encoded when it is empty (names like `dir/`), `.` or `..`, contains NUL,
 * starts with `%`, or is longer than 255 bytes; encoded segments start with `%` and escape
 * `% # . NUL` as `%XX`. A segment whose encoding is still too long becomes `%#<sha256 hex>`, which
 * cannot be decoded from the path alone (its metadata holds the name). The mapping is injective:
 * two different names never share a file.
 */
export function encodeSegment(segment: string): string {
  const plain =
    segment.length > 0 &&
    segment !== '.' &&
    segment !== '..' &&
    !segment.includes('\0') &&
    !segment.startsWith(ESCAPE) &&
    Buffer.byteLength(segment, 'utf8') <= MAX_SEGMENT_BYTES;
  if (plain) return segment;
  const escaped = ESCAPE + escapeChars(segment);
  if (Buffer.byteLength(escaped, 'utf8') <= MAX_SEGMENT_BYTES) return escaped;
  return HASHED + createHash('sha256').update(segment, 'utf8').digest('hex');
}

/** Reverses {@link encodeSegment}; undefined for a hashed segment, which cannot be reversed. */
export function decodeSegment(fileName: string): string | undefined {
  if (fileName.startsWith(HASHED)) return undefined;
  if (!fileName.startsWith(ESCAPE)) return fileName;
  return fileName.slice(1).replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The object name as a path relative to the bucket directory (segments encoded, joined by `/`).
 * @throws InvalidNameError for a name GCS rejects.
 */
export function objectRelativePath(objectName: string): string {
  assertValidObjectName(objectName);
  return objectName.split('/').map(encodeSegment).join('/');
}

/**
 * Where the filesystem backend keeps an object's bytes: `<root>/<bucket>/<object name>`, with
 * name segments that are not valid file names encoded by {@link encodeSegment}. The result is
 * always inside `<root>/<bucket>/`. (The rare object whose path is taken by a same-named directory
 * lives under `<root>/.overflow/` instead; see the module comment.)
 * @throws InvalidNameError for a bucket or object name GCS rejects.
 */
export function objectFilePath(root: string, bucket: string, objectName: string): string {
  assertValidBucketName(bucket);
  return join(root, bucket, objectRelativePath(objectName));
}

/**
 * The object name a data file stands for: the inverse of {@link objectFilePath}. Undefined when
 * the path is not inside `<root>/<bucket>/` or holds a hashed segment (look the name up in the
 * metadata instead).
 */
export function objectNameFromFilePath(root: string, bucket: string, filePath: string): string | undefined {
  const base = join(root, bucket) + '/';
  const full = join(filePath);
  if (!full.startsWith(base)) return undefined;
  const segments = full.slice(base.length).split('/').map(decodeSegment);
  if (segments.some((s) => s === undefined)) return undefined;
  return segments.join('/');
}
