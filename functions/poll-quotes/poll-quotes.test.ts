import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { memoryPublisher } from '../shared/publisher';
import { pollQuotes, type PollQuotesOptions } from './poll-quotes';
import { getJson, retryAfterMs } from './retrying-fetch';

/** Response bodies in the providers' real formats (trimmed to a few fields per entry). */
const pricemultifull = {
  RAW: {
    BTC: { USD: { TYPE: '5', MARKET: 'CCCAGG', FROMSYMBOL: 'BTC', TOSYMBOL: 'USD', FLAGS: '2049', PRICE: 91234.5, LASTUPDATE: 1795860000, VOLUME24HOUR: 12345.6, OPENDAY: 90000, HIGHDAY: 92000, LOWDAY: 89900 } },
    ETH: { USD: { TYPE: '5', MARKET: 'CCCAGG', FROMSYMBOL: 'ETH', TOSYMBOL: 'USD', FLAGS: '2050', PRICE: 3120.12, LASTUPDATE: 1795860001, VOLUME24HOUR: 98765.4, OPENDAY: 3100, HIGHDAY: 3150, LOWDAY: 3080 } },
  },
  DISPLAY: { BTC: { USD: { PRICE: '$ 91,234.5' } }, ETH: { USD: { PRICE: '$ 3,120.12' } } },
};
const quote = (c: number) => ({ c, d: -0.63, dp: -0.2401, h: c + 2, l: c - 1, o: c - 0.5, pc: c + 0.63, t: 1795860000 });
const rateLimitBody = { Response: 'Error', Message: 'You are over your rate limit please upgrade your account!', HasWarning: false, Type: 99, RateLimit: { calls_made: { second: 51 } }, Data: {} };

describe('pollQuotes against a local server in the providers formats', () => {
  let server: Server;
  let base: string;
  const hits: string[] = [];
  let script: ((path: string) => { status: number; body: unknown; headers?: Record<string, string> } | undefined) | undefined;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      hits.push(url.pathname + url.search);
      const scripted = script?.(url.pathname + url.search);
      const reply = scripted ?? (url.pathname === '/data/pricemultifull' ? { status: 200, body: pricemultifull } : url.pathname === '/api/v1/quote' ? { status: 200, body: url.searchParams.get('symbol') === 'NOPE' ? { c: 0, d: null, dp: null, h: 0, l: 0, o: 0, pc: 0, t: 0 } : quote(200) } : { status: 404, body: { error: 'no route' } });
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => {
    hits.length = 0;
    script = undefined;
  });

  const slept: number[] = [];
  const options = (over: Partial<PollQuotesOptions> = {}): PollQuotesOptions => ({
    apis: ['cryptocompare', 'finnhub'],
    publisher: memoryPublisher(),
    topic: 'crypto-raw',
    cryptocompareBaseUrl: base,
    finnhubBaseUrl: `${base}/api/v1`,
    cryptocompareApiKey: 'cc-key',
    finnhubApiKey: 'fh-key',
    cryptoSymbols: ['BTC', 'ETH'],
    currencies: ['USD'],
    equitySymbols: ['AAPL', 'MSFT'],
    http: { sleep: async (ms) => void slept.push(ms), backoffMs: 10 },
    ...over,
  });

  it('publishes one raw message per RAW entry and per Finnhub quote, with the symbol added', async () => {
    const publisher = memoryPublisher();
    const result = await pollQuotes(options({ publisher }));
    expect(result).toEqual({ cryptocompare: { status: 'ok', published: 2, errors: [] }, finnhub: { status: 'ok', published: 2, errors: [] } });
    const bodies = publisher.sent.get('crypto-raw')!.map((m) => JSON.parse(m.data.toString()));
    expect(bodies[0]).toEqual(pricemultifull.RAW.BTC.USD);
    expect(bodies[2]).toEqual({ symbol: 'AAPL', ...quote(200) });
    expect(hits).toContain('/data/pricemultifull?fsyms=BTC%2CETH&tsyms=USD&api_key=cc-key');
    expect(hits).toContain('/api/v1/quote?symbol=AAPL&token=fh-key');
  });

  it('waits what Retry-After says on 429, then succeeds', async () => {
    let n = 0;
    script = (p) => (p.startsWith('/api/v1/quote') && n++ === 0 ? { status: 429, body: { error: 'API limit reached. Please try again later. Remaining Limit: 0' }, headers: { 'retry-after': '3' } } : undefined);
    slept.length = 0;
    const result = await pollQuotes(options({ apis: ['finnhub'] }));
    expect(result.finnhub).toEqual({ status: 'ok', published: 2, errors: [] });
    expect(slept).toEqual([3_000]);
  });

  it("retries CryptoCompare's rate-limit body (200 with Type 99) and backs off on 5xx", async () => {
    let n = 0;
    script = (p) => (p.startsWith('/data/') ? [{ status: 200, body: rateLimitBody }, { status: 503, body: { error: 'busy' } }][n++] : undefined);
    slept.length = 0;
    const result = await pollQuotes(options({ apis: ['cryptocompare'] }));
    expect(result.cryptocompare.published).toBe(2);
    expect(slept).toEqual([1_000, 20]);
  });

  it('reports an API that keeps failing without stopping the other, and hides keys in errors', async () => {
    script = (p) => (p.startsWith('/data/') ? { status: 500, body: { error: 'down' } } : undefined);
    const result = await pollQuotes(options({ equitySymbols: ['AAPL', 'NOPE'] }));
    expect(result.cryptocompare.status).toBe('failed');
    expect(result.cryptocompare.errors[0]).toMatch(/api_key=\*\*\*.*500/);
    expect(result.cryptocompare.errors[0]).not.toContain('cc-key');
    expect(result.finnhub).toMatchObject({ status: 'partial', published: 1, errors: ['finnhub NOPE: no quote (unknown symbol?)'] });
  });

  it('gives up when Retry-After is longer than the run may wait', async () => {
    await expect(getJson(`${base}/x`, { fetch: async () => new Response('{}', { status: 429, headers: { 'retry-after': '120' } }) })).rejects.toThrow(/429/);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
  });
});
