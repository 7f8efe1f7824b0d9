import { PubSub } from '@google-cloud/pubsub';
import { Storage, type Bucket } from '@google-cloud/storage';
import { startGcs, type GcsHandle } from '../../emulators/gcs';
import { startPubSub, type PubSubHandle } from '../../emulators/pubsub';
import { memoryPublisher, pubsubPublisher } from '../shared/publisher';
import { subscriptionSource } from '../shared/pubsub';
import { ingestObject, recordTypeFromFile, type IngestOptions } from './ingest';

describe('ingestFile from the Cloud Storage emulator to the Pub/Sub emulator', () => {
  let gcs: GcsHandle;
  let ps: PubSubHandle;
  let landing: Bucket;
  let pubsub: PubSub;
  beforeAll(async () => {
    [gcs, ps] = await Promise.all([startGcs({ port: 0 }), startPubSub({ port: 0, pullWaitMs: 100 })]);
    [landing] = await new Storage({ apiEndpoint: gcs.url, projectId: 'p' }).createBucket('p-landing');
    pubsub = new PubSub({ apiEndpoint: `${ps.host}:${ps.port}`, emulatorMode: true, projectId: 'p' });
    const [topic] = await pubsub.createTopic('retail-raw');
    await topic.createSubscription('retail-raw-lake');
  });
  afterAll(async () => {
    await pubsub.close();
    await Promise.all([gcs.close(), ps.close()]);
  });

  const options = (name: string, over: Partial<IngestOptions> = {}): IngestOptions => ({
    pipeline: 'retail',
    object: { bucket: 'p-landing', name, generation: '1' },
    open: () => landing.file(name).createReadStream(),
    publisher: pubsubPublisher(pubsub),
    topic: 'retail-raw',
    prefix: 'retail/',
    formats: ['csv', 'json', 'ndjson', 'log'],
    annotate: recordTypeFromFile,
    batchSize: 2,
    ...over,
  });

  it('publishes each CSV row with its record_type and reports rows read, published and rejected with reasons', async () => {
    await landing.file('retail/orders-1.csv').save('order_id,line_no,quantity\nA,1,2\nB,1\nC,2,5\n');
    const report = await ingestObject(options('retail/orders-1.csv'));
    expect(report).toMatchObject({ status: 'ingested', format: 'csv', rowsRead: 3, published: 2, rejected: 1, source: 'gs://p-landing/retail/orders-1.csv' });
    expect(Object.keys(report.reasons)).toEqual(['csv']);
    const source = await subscriptionSource({ pubsub, subscription: 'retail-raw-lake' });
    const got = [];
    while (got.length < 2) got.push(...(await source.pull(10)));
    await source.ack(got.map((m) => m.ackId));
    await source.close();
    expect(got.map((m) => JSON.parse(m.data.toString())).sort((a, b) => a.order_id.localeCompare(b.order_id))).toEqual([
      { order_id: 'A', line_no: '1', quantity: '2', record_type: 'order_line' },
      { order_id: 'C', line_no: '2', quantity: '5', record_type: 'order_line' },
    ]);
    expect(got[0].attributes.source).toBe('gs://p-landing/retail/orders-1.csv');
  });

  it('reads JSON arrays, NDJSON and logs, and sets record_type from the file', async () => {
    await landing.file('retail/customers.json').save(JSON.stringify([{ customer_id: 'c1' }, { customer_id: 'c2' }]));
    await landing.file('retail/products.ndjson').save('{"product_id":"p1"}\n{"product_id":"p2","record_type":"product"}\n');
    await landing.file('retail/web.log').save('1.2.3.4 - - [22/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "curl"\n');
    const publisher = memoryPublisher();
    for (const name of ['retail/customers.json', 'retail/products.ndjson', 'retail/web.log']) {
      expect(await ingestObject(options(name, { publisher }))).toMatchObject({ status: 'ingested', rejected: 0 });
    }
    const types = publisher.sent.get('retail-raw')!.map((m) => JSON.parse(m.data.toString()).record_type);
    expect(types).toEqual(['customer', 'customer', 'product', 'product', 'weblog']);
  });

  it('skips objects outside its prefix and reports formats the pipeline does not take', async () => {
    const publisher = memoryPublisher();
    expect((await ingestObject(options('taxi/a.csv', { publisher }))).status).toBe('skipped');
    await landing.file('retail/x.parquet').save('PAR1');
    expect((await ingestObject(options('retail/x.parquet', { publisher }))).status).toBe('unsupported');
    await landing.file('retail/y.log').save('line\n');
    expect((await ingestObject(options('retail/y.log', { publisher, formats: ['csv'] }))).status).toBe('unsupported');
    expect(publisher.sent.size).toBe(0);
  });

  it('fails (so Eventarc retries) when publishing fails, and the error names the cause', async () => {
    await landing.file('retail/orders-2.csv').save('order_id\nA\n');
    const publisher = memoryPublisher(() => new Error('14 UNAVAILABLE: pubsub down'));
    await expect(ingestObject(options('retail/orders-2.csv', { publisher }))).rejects.toThrow('pubsub down');
  });
});
