/**
 * The env-driven targets that the other tests do not drive through the functions framework:
 * ingestFile (Storage CloudEvent → publish → report in the lake) and pollQuotes (HTTP → publish),
 * with the official clients against the emulators and the real retail/crypto definitions.
 */
import * as ff from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGcs, type GcsHandle } from '../emulators/gcs';
import { startPubSub, type PubSubHandle } from '../emulators/pubsub';
import { getPipeline } from '../pipelines/index';
import type { Runtime } from './runtime';
import { subscriptionSource } from './shared/pubsub';
import { pipelineTargets } from './targets';

const P = 'targets-project';

describe('ingestFile and pollQuotes targets', () => {
  let ps: PubSubHandle;
  let gcs: GcsHandle;
  let pubsub: PubSub;
  let storage: Storage;
  let quotes: Server;
  const servers: Server[] = [];
  const savedLevel = process.env.LOG_LEVEL;

  const runtime = (env: Record<string, string>): Runtime => ({
    env: { GOOGLE_CLOUD_PROJECT: P, ...env },
    definitions: { get: getPipeline, processor: () => { throw new Error('unused'); }, esMapping: () => ({}), parquetColumns: () => [] },
    clients: { pubsub: () => pubsub, storage: () => storage, elasticsearch: () => { throw new Error('unused'); }, bigquery: () => { throw new Error('unused'); } },
  });
  const listen = (name: string) => {
    const s = getTestServer(name).listen(0);
    servers.push(s);
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  const pullAll = async (subscription: string, want: number) => {
    const source = await subscriptionSource({ pubsub, subscription, maxWaitMs: 500 });
    const got: Record<string, unknown>[] = [];
    const deadline = Date.now() + 20_000;
    while (got.length < want && Date.now() < deadline) {
      const ms = await source.pull(100);
      await source.ack(ms.map((m) => m.ackId));
      got.push(...ms.map((m) => JSON.parse(m.data.toString())));
    }
    await source.close();
    return got;
  };

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'ERROR';
    [ps, gcs] = await Promise.all([startPubSub({ port: 0, pullWaitMs: 100 }), startGcs({ port: 0 })]);
    pubsub = new PubSub({ apiEndpoint: `${ps.host}:${ps.port}`, emulatorMode: true, projectId: P });
    storage = new Storage({ apiEndpoint: gcs.url, projectId: P });
    await storage.createBucket(`${P}-landing`);
    await storage.createBucket(`${P}-lake`);
    for (const id of ['retail', 'crypto']) await (await pubsub.createTopic(`${id}-raw`))[0].createSubscription(`${id}-raw-lake`);
    quotes = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url?.startsWith('/data/') ? { RAW: { BTC: { USD: { FROMSYMBOL: 'BTC', TOSYMBOL: 'USD', PRICE: 91000, LASTUPDATE: 1795860000 } } } } : { c: 200, d: 1, dp: 0.5, h: 201, l: 199, o: 199.5, pc: 199, t: 1795860000 }));
    });
    await new Promise<void>((r) => quotes.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    if (savedLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = savedLevel;
    for (const s of [...servers, quotes]) s.close();
    await pubsub.close();
    await Promise.all([ps.close(), gcs.close()]);
  });

  it('ingestFile publishes a landed file and writes its report to the lake; other buckets and prefixes are ignored', async () => {
    const t = pipelineTargets(runtime({ PIPELINE: 'retail', LANDING_BUCKET: `${P}-landing`, LANDING_PREFIX: 'retail/', RAW_TOPIC: 'retail-raw', FILE_FORMATS: 'csv,json,ndjson,log' }));
    ff.cloudEvent('ingestUnderTest', t.ingestFile);
    const url = listen('ingestUnderTest');
    await storage.bucket(`${P}-landing`).file('retail/orders-7.csv').save('order_id,line_no\nA,1\nB,2\n');
    const post = (data: object) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'ce-id': String(Math.random()), 'ce-specversion': '1.0', 'ce-type': 'google.cloud.storage.object.v1.finalized', 'ce-source': `//storage.googleapis.com/projects/_/buckets/${P}-landing` },
        body: JSON.stringify(data),
      });
    expect((await post({ bucket: `${P}-landing`, name: 'retail/orders-7.csv', generation: '42' })).status).toBeLessThan(300);
    expect((await post({ bucket: 'someone-else', name: 'retail/orders-7.csv', generation: '1' })).status).toBeLessThan(300);
    expect((await post({ bucket: `${P}-landing`, name: 'taxi/x.csv', generation: '1' })).status).toBeLessThan(300);
    const got = await pullAll('retail-raw-lake', 2);
    expect(got.sort((a, b) => String(a.order_id).localeCompare(String(b.order_id)))).toEqual([{ order_id: 'A', line_no: '1', record_type: 'order_line' }, { order_id: 'B', line_no: '2', record_type: 'order_line' }]);
    const [report] = await storage.bucket(`${P}-lake`).file('reports/ingest/retail/retail/orders-7.csv.42.json').download();
    expect(JSON.parse(report.toString())).toMatchObject({ status: 'ingested', rowsRead: 2, published: 2, rejected: 0 });
    const [reports] = await storage.bucket(`${P}-lake`).getFiles({ prefix: 'reports/' });
    expect(reports).toHaveLength(1);
  });

  it('pollQuotes publishes the quotes of POLL_APIS and answers a per-API summary', async () => {
    const base = `http://127.0.0.1:${(quotes.address() as AddressInfo).port}`;
    const t = pipelineTargets(runtime({ PIPELINE: 'crypto', RAW_TOPIC: 'crypto-raw', POLL_APIS: 'cryptocompare,finnhub', CRYPTOCOMPARE_BASE_URL: base, FINNHUB_BASE_URL: `${base}/api/v1`, EQUITY_SYMBOLS: 'AAPL' }));
    ff.http('pollUnderTest', t.pollQuotes);
    const res = await fetch(listen('pollUnderTest'), { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cryptocompare: { status: 'ok', published: 1, errors: [] }, finnhub: { status: 'ok', published: 1, errors: [] } });
    const got = await pullAll('crypto-raw-lake', 2);
    expect(got.map((m) => m.FROMSYMBOL ?? m.symbol).sort()).toEqual(['AAPL', 'BTC']);
  });
});
