/**
 * The pgSource watermark, kept as a small JSON object in the lake bucket
 * (`state/<id>/pg-source.json`) so it survives restarts and redeploys. Writes are conditional on
 * the generation that was read, so two overlapping runs cannot both move it.
 */
import type { Bucket } from '@google-cloud/storage';

/** What is stored. `watermark` is the column's value as PostgreSQL prints it (exact, any type). */
export interface PgState {
  readonly table: string;
  readonly column: string;
  readonly watermark: string | null;
  readonly updatedAt: string;
  readonly rowsTotal: number;
}

/** Where the state lives. */
export interface StateStore {
  /** The state and the version it was read at (undefined when none was written yet). */
  read(): Promise<{ state?: PgState; version?: string }>;
  /** Writes the state if the stored version is still `version` (none: only if absent). */
  write(state: PgState, version: string | undefined): Promise<void>;
}

/** The watermark moved under us: another run wrote it since this one read it. */
export class WatermarkConflictError extends Error {
  constructor(object: string) {
    super(`the watermark ${object} changed while this run was extracting (two pgSource runs at once?); this run's rows were published and will be deduplicated by event_id, the next run continues from the newer watermark`);
    this.name = 'WatermarkConflictError';
  }
}

/** A {@link StateStore} on a Cloud Storage object, through the official client. */
export function gcsStateStore(bucket: Bucket, object: string): StateStore {
  const file = bucket.file(object);
  return {
    async read() {
      try {
        const [[bytes], [meta]] = await Promise.all([file.download(), file.getMetadata()]);
        return { state: JSON.parse(bytes.toString('utf8')) as PgState, version: String(meta.generation) };
      } catch (err) {
        if ((err as { code?: number }).code === 404) return {};
        throw err;
      }
    },
    async write(state, version) {
      try {
        await file.save(JSON.stringify(state, null, 2), { resumable: false, contentType: 'application/json', preconditionOpts: { ifGenerationMatch: version ?? 0 } });
      } catch (err) {
        if ((err as { code?: number }).code === 412) throw new WatermarkConflictError(`gs://${bucket.name}/${object}`);
        throw err;
      }
    },
  };
}

/** An in-memory {@link StateStore} for tests. */
export function memoryStateStore(): StateStore & { state?: PgState } {
  let version = 0;
  const store: StateStore & { state?: PgState } = {
    async read() {
      return store.state ? { state: store.state, version: String(version) } : {};
    },
    async write(state, v) {
      if ((v ?? '0') !== String(store.state ? version : 0)) throw new WatermarkConflictError('memory');
      store.state = state;
      version++;
    },
  };
  return store;
}
