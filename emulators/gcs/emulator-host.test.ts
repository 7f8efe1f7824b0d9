import { Storage } from '@google-cloud/storage';
import { startGcs, type GcsHandle } from './index';

/** The Node client sends STORAGE_EMULATOR_HOST verbatim as its base URL: bare paths, no /storage/v1. */
describe('Cloud Storage emulator through STORAGE_EMULATOR_HOST', () => {
  let gcs: GcsHandle;
  const saved = process.env.STORAGE_EMULATOR_HOST;
  beforeAll(async () => {
    gcs = await startGcs({ port: 0 });
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
    else process.env.STORAGE_EMULATOR_HOST = saved;
    await gcs.close();
  });

  it('serves the unchanged client on bare paths, and media at the mediaLink', async () => {
    process.env.STORAGE_EMULATOR_HOST = gcs.url;
    const storage = new Storage({ projectId: 'env-host' });
    const [bucket] = await storage.createBucket('env-bucket');
    await bucket.file('dir/a.txt').save('via env', { resumable: false });
    await bucket.file('dir/b.txt').save('resumable via env', { resumable: true });
    expect((await bucket.file('dir/a.txt').download({ validation: 'crc32c' }))[0].toString()).toBe('via env');
    const [files] = await bucket.getFiles({ prefix: 'dir/' });
    expect(files.map((f) => f.name)).toEqual(['dir/a.txt', 'dir/b.txt']);
    const [meta] = await bucket.file('dir/b.txt').getMetadata();
    const media = await fetch(meta.mediaLink as string);
    expect(media.status).toBe(200);
    expect(media.headers.get('x-goog-hash')).toContain(`crc32c=${meta.crc32c}`);
    expect(await media.text()).toBe('resumable via env');
  });
});
