import { Storage } from '@google-cloud/storage';
import { GcsError } from './errors';
import { startGcs, type GcsHandle } from './index';

describe('Cloud Storage emulator fault hooks', () => {
  let gcs: GcsHandle;
  let storage: Storage;
  const ops: string[] = [];
  let failNext: { op: string; error: Error } | undefined;

  beforeAll(async () => {
    gcs = await startGcs({
      port: 0,
      faults: (op) => {
        ops.push(op);
        if (failNext?.op === op) {
          const { error } = failNext;
          failNext = undefined;
          return error;
        }
        return undefined;
      },
    });
    storage = new Storage({ apiEndpoint: gcs.url, projectId: 'faults', retryOptions: { autoRetry: true, maxRetries: 3, retryDelayMultiplier: 1.1 } });
  });
  afterAll(() => gcs.close());
  beforeEach(() => {
    ops.length = 0;
  });

  it('names every operation it runs', async () => {
    const [bucket] = await storage.createBucket('faults-bucket');
    await bucket.file('a').save('a', { resumable: false });
    await bucket.file('b').save('b', { resumable: true });
    await bucket.file('a').getMetadata();
    await bucket.file('a').download();
    await bucket.getFiles();
    await bucket.combine(['a', 'b'], 'ab');
    await bucket.file('ab').copy('ab2');
    await bucket.file('ab2').setMetadata({ metadata: { x: '1' } });
    await bucket.file('ab2').delete();
    expect(ops).toEqual([
      'buckets.insert',
      'objects.insert',
      'objects.insert',
      'objects.insert.resumable',
      'objects.get',
      'objects.get',
      'objects.list',
      'objects.compose',
      'objects.rewrite',
      'objects.patch',
      'objects.delete',
    ]);
  });

  it('fails an operation with the error a hook returns, and the client retries a 503', async () => {
    // A fresh client: some client calls switch auto-retry off on the shared one.
    const bucket = new Storage({ apiEndpoint: gcs.url, projectId: 'faults', retryOptions: { autoRetry: true, maxRetries: 3, retryDelayMultiplier: 1.1 } }).bucket('faults-bucket');
    failNext = { op: 'objects.get', error: new GcsError(503, 'backendError', 'injected outage') };
    const [meta] = await bucket.file('a').getMetadata();
    expect(meta.name).toBe('a');
    expect(ops.filter((o) => o === 'objects.get')).toHaveLength(2);
    failNext = { op: 'objects.list', error: new GcsError(403, 'forbidden', 'injected: no access') };
    await expect(bucket.getFiles()).rejects.toMatchObject({ code: 403, message: 'injected: no access' });
  });
});
