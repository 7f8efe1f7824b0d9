import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGcs, type GcsHandle } from './index';

/** Malformed and hostile requests straight over HTTP: each gets a 4xx in Google's envelope and nothing escapes the root. */
describe('Cloud Storage emulator answers malformed requests with 4xx', () => {
  let outer: string;
  let gcs: GcsHandle;
  const call = async (method: string, path: string, init: { body?: string | Buffer; headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${gcs.url}${path}`, { method, body: init.body, headers: init.headers });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as { error?: { code: number; errors: { reason: string }[] } }) : undefined };
  };
  const expectError = async (p: ReturnType<typeof call>, status: number, reason?: string) => {
    const r = await p;
    expect(r.status).toBe(status);
    expect(r.json?.error?.code).toBe(status);
    if (reason) expect(r.json?.error?.errors[0].reason).toBe(reason);
  };

  beforeAll(async () => {
    outer = await mkdtemp(join(tmpdir(), 'gcs-malformed-'));
    await mkdir(join(outer, 'root'));
    gcs = await startGcs({ port: 0, root: join(outer, 'root') });
    const created = await call('POST', '/storage/v1/b?project=p', { body: JSON.stringify({ name: 'm-bucket' }), headers: { 'content-type': 'application/json' } });
    expect(created.status).toBe(200);
  });
  afterAll(async () => {
    await gcs.close();
    await rm(outer, { recursive: true, force: true });
  });

  it('rejects bad bucket names, including ones that would leave the root', async () => {
    for (const name of ['../escape', '.meta', 'UPPER', 'a', 'goog-x', '..']) {
      await expectError(call('POST', '/b?project=p', { body: JSON.stringify({ name }) }), 400, 'invalid');
    }
    await expectError(call('POST', '/b?project=p', { body: '{not json' }), 400, 'parseError');
    await expectError(call('POST', '/b?project=p', { body: '{}' }), 400, 'required');
  });

  it('rejects invalid object names and malformed paths', async () => {
    const media = (name: string) => call('POST', `/upload/storage/v1/b/m-bucket/o?uploadType=media&name=${encodeURIComponent(name)}`, { body: 'x' });
    await expectError(media('line\nbreak'), 400);
    await expectError(media('..'), 400);
    await expectError(media('x'.repeat(1025)), 400);
    // A lone surrogate can only arrive through JSON escapes.
    await expectError(call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=resumable', { body: '{"name":"a\\ud800"}' }), 400);
    await expectError(call('GET', '/storage/v1/b/m-bucket/o/%E0%A4%A'), 400);
    await expectError(call('GET', '/storage/v1/nothing/here'), 404, 'notFound');
    await expectError(call('PATCH', '/storage/v1/b'), 405);
  });

  it('rejects bad query parameters and headers', async () => {
    await expectError(call('GET', '/b/m-bucket/o?maxResults=0'), 400);
    await expectError(call('GET', '/b/m-bucket/o?pageToken=%%%'), 400);
    await expectError(call('GET', '/b/m-bucket/o?matchGlob=%5Bunclosed'), 400);
    await expectError(call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=media&name=a&ifGenerationMatch=abc', { body: 'x' }), 400);
    await expectError(call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=weird&name=a', { body: 'x' }), 400);
    await expectError(call('POST', '/b/m-bucket/o?name=a', { body: 'x' }), 400, 'wrongUrlForUpload');
  });

  it('rejects malformed multipart bodies and resumable requests', async () => {
    await expectError(call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=multipart', { body: 'x', headers: { 'content-type': 'multipart/related' } }), 400);
    const truncated = '--zz\r\nContent-Type: application/json\r\n\r\n{"name":"t"}\r\n--zz\r\nContent-Type: text/plain\r\n\r\nhalf a body';
    await expectError(call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=multipart', { body: truncated, headers: { 'content-type': 'multipart/related; boundary=zz' } }), 400);
    await expectError(call('PUT', '/upload/storage/v1/b/m-bucket/o?upload_id=nope', { body: 'x' }), 404, 'notFound');
    const started = await call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=resumable&name=r', { body: '{}' });
    const id = new URL(started.headers.get('location') as string).searchParams.get('upload_id');
    await expectError(call('PUT', `/upload/storage/v1/b/m-bucket/o?upload_id=${id}`, { body: 'x', headers: { 'content-range': 'bytes=0-1' } }), 400);
    await expectError(call('PUT', `/upload/storage/v1/b/m-bucket/o?upload_id=${id}`, { body: 'abc', headers: { 'content-range': 'bytes 5-7/8' } }), 400);
    await expectError(call('PUT', `/upload/storage/v1/b/m-bucket/o?upload_id=${id}`, { body: 'abcdef', headers: { 'content-range': 'bytes 0-5/4' } }), 400);
    expect((await call('DELETE', `/upload/storage/v1/b/m-bucket/o?upload_id=${id}`)).status).toBe(499);
  });

  it('checks declared hashes on media and resumable uploads', async () => {
    const wrong = { 'x-goog-hash': 'crc32c=AAAAAA==' };
    await expectError(call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=media&name=hashed', { body: 'abc', headers: wrong }), 400);
    const started = await call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=resumable&name=hashed', { body: '{}' });
    const id = new URL(started.headers.get('location') as string).searchParams.get('upload_id');
    await expectError(call('PUT', `/upload/storage/v1/b/m-bucket/o?upload_id=${id}`, { body: 'abc', headers: { ...wrong, 'content-range': 'bytes 0-2/3' } }), 400);
    await expectError(call('GET', '/b/m-bucket/o/hashed'), 404);
    // The right hash (CRC32C of "abc" is 0x364B3FB7) is accepted.
    const ok = await call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=media&name=hashed', { body: 'abc', headers: { 'x-goog-hash': 'crc32c=Nks/tw==' } });
    expect(ok.status).toBe(200);
  });

  it('answers unsatisfiable ranges with 416 and unimplemented APIs with 501', async () => {
    expect((await call('POST', '/upload/storage/v1/b/m-bucket/o?uploadType=media&name=small', { body: 'abc' })).status).toBe(200);
    const r = await call('GET', '/b/m-bucket/o/small?alt=media', { headers: { range: 'bytes=10-20' } });
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe('bytes */3');
    await expectError(call('GET', '/b/m-bucket/iam'), 501, 'notImplemented');
    await expectError(call('PATCH', '/b/m-bucket', { body: JSON.stringify({ versioning: { enabled: true } }) }), 501, 'notImplemented');
  });

  it('never answers arbitrary requests with a 5xx other than 501', async () => {
    const segment = fc.oneof(
      fc.constantFrom('b', 'm-bucket', 'o', 'small', 'upload', 'storage', 'v1', 'compose', 'rewriteTo', 'copyTo', 'notificationConfigs', '..', '%2e%2e', '%2F', '%00', '%', '%zz', ''),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    );
    const path = fc.array(segment, { minLength: 1, maxLength: 8 }).map((parts) => `/${parts.join('/')}`);
    const prefix = fc.constantFrom('', '/storage/v1', '/upload/storage/v1', '/download/storage/v1');
    const query = fc.dictionary(
      fc.constantFrom('alt', 'name', 'uploadType', 'upload_id', 'ifGenerationMatch', 'ifMetagenerationMatch', 'maxResults', 'pageToken', 'prefix', 'delimiter', 'matchGlob', 'generation', 'startOffset'),
      fc.oneof(fc.constantFrom('media', 'json', 'multipart', 'resumable', '0', '-1', '1e3', '../x', '[', '{a,', '**'), fc.string({ maxLength: 10 })),
    );
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD');
    const body = fc.oneof(fc.constant(undefined), fc.constant('{"name":"m-bucket"}'), fc.constant('{"sourceObjects":[{"name":"small"}]}'), fc.string({ maxLength: 40 }));
    const headers = fc.record({ 'content-range': fc.constantFrom('bytes */*', 'bytes 0-0/1', 'bytes 5-1/2', 'junk'), 'content-type': fc.constantFrom('application/json', 'multipart/related; boundary=x', 'text/plain') }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(method, prefix, path, query, body, headers, async (m, pre, p, q, b, h) => {
        const qs = new URLSearchParams(q).toString();
        const res = await fetch(`${gcs.url}${pre}${p}${qs ? `?${qs}` : ''}`, { method: m, body: m === 'GET' || m === 'HEAD' ? undefined : b, headers: h });
        await res.arrayBuffer();
        if (res.status >= 500) expect(res.status).toBe(501);
      }),
      { numRuns: 300 },
    );
  });

  it('wrote nothing outside its root', async () => {
    expect(await readdir(outer)).toEqual(['root']);
  });
});
