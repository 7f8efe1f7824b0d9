/**
 * The lake's {@link ObjectStore} on Cloud Storage through the official client: create-only
 * uploads (`ifGenerationMatch: 0`); a 412 means the object was already written by an earlier
 * delivery of the same batch.
 */
import type { Bucket } from '@google-cloud/storage';
import type { ObjectStore } from './lake-sink';

/** An {@link ObjectStore} over a bucket. */
export function gcsStore(bucket: Bucket): ObjectStore {
  return {
    async createIfAbsent(name, bytes) {
      try {
        await bucket.file(name).save(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
          resumable: false,
          contentType: 'application/vnd.apache.parquet',
          preconditionOpts: { ifGenerationMatch: 0 },
        });
        return 'created';
      } catch (err) {
        if ((err as { code?: number }).code === 412) return 'exists';
        throw err;
      }
    },
  };
}
