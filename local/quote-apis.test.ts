import { pollQuotes } from '../functions/poll-quotes/poll-quotes';
import { memoryPublisher } from '../functions/shared/publisher';
import { processRaw } from '../pipelines/core/process';
import { crypto } from '../pipelines';
import { startQuoteApis, type QuoteApis } from './quote-apis';

describe('local quote API stand-ins', () => {
  let apis: QuoteApis;
  beforeAll(async () => (apis = await startQuoteApis({ seed: 3 })));
  afterAll(() => apis.close());

  it('answers CryptoCompare pricemultifull with RAW and DISPLAY for the asked pairs, and walks on per call', async () => {
    const get = async () => (await (await fetch(`${apis.cryptocompareBaseUrl}/data/pricemultifull?fsyms=BTC,ETH&tsyms=USD`)).json()) as { RAW: Record<string, Record<string, { PRICE: number }>>; DISPLAY: object };
    const a = await get();
    const b = await get();
    expect(Object.keys(a.RAW).sort()).toEqual(['BTC', 'ETH']);
    expect(a.DISPLAY).toHaveProperty('BTC.USD');
    expect(a.RAW.BTC.USD.PRICE).toBeGreaterThan(0);
    expect(b.RAW.BTC.USD.PRICE).not.toBe(a.RAW.BTC.USD.PRICE);
  });

  it('answers a Finnhub quote, zeros for an unknown symbol, and is what pollQuotes reads', async () => {
    const q = (await (await fetch(`${apis.finnhubBaseUrl}/quote?symbol=AAPL`)).json()) as Record<string, number>;
    expect(Object.keys(q).sort()).toEqual(['c', 'd', 'dp', 'h', 'l', 'o', 'pc', 't']);
    expect(((await (await fetch(`${apis.finnhubBaseUrl}/quote?symbol=NOPE`)).json()) as { c: number }).c).toBe(0);
  });

  it('feeds pollQuotes quotes that the crypto pipeline accepts', async () => {
    const publisher = memoryPublisher();
    const results = await pollQuotes({
      apis: ['cryptocompare', 'finnhub'],
      publisher,
      topic: 'crypto-raw',
      cryptocompareBaseUrl: apis.cryptocompareBaseUrl,
      finnhubBaseUrl: apis.finnhubBaseUrl,
      currencies: ['USD'],
    });
    expect(results.cryptocompare.status).toBe('ok');
    expect(results.finnhub.status).toBe('ok');
    const sent = publisher.sent.get('crypto-raw') ?? [];
    expect(sent.length).toBe(10); // 5 pairs and 5 equities by default
    for (const m of sent) {
      const r = processRaw(crypto as never, m.data, { now: new Date(), state: new Map() });
      expect([r.kind, r.kind === 'quarantine' ? r.record.rule : '']).toEqual(['ok', '']);
    }
  });
});
