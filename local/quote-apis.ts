/**
 * Local stand-ins for the two quote APIs the crypto pipeline polls, answering in their real
 * formats: CryptoCompare `GET /data/pricemultifull?fsyms=&tsyms=` (RAW and DISPLAY) and Finnhub
 * `GET /api/v1/quote?symbol=` (c, d, dp, h, l, o, pc, t). Quotes come from the crypto generator,
 * one poll round per request, so prices walk on from call to call. `tributary up` points
 * `pollQuotes` here unless real API keys are configured.
 */
import { createServer, type Server } from 'node:http';
import { cryptoGenerator, priceMultiFullBody } from '../pipelines/generators/crypto';
import type { Json } from '../pipelines/types';

type Entry = { [key: string]: Json };

/** A running stand-in. */
export interface QuoteApis {
  /** Base URL for `CRYPTOCOMPARE_BASE_URL`. */
  readonly cryptocompareBaseUrl: string;
  /** Base URL for `FINNHUB_BASE_URL`. */
  readonly finnhubBaseUrl: string;
  close(): Promise<void>;
}

/** Starts the stand-in APIs on a free port. */
export async function startQuoteApis(opts: { seed?: number; start?: Date } = {}): Promise<QuoteApis> {
  const samples = cryptoGenerator.generate({ count: Number.MAX_SAFE_INTEGER, seed: opts.seed ?? 1, start: opts.start ?? new Date(Date.now() - 3_600_000) })[Symbol.iterator]();
  const latest = { crypto: new Map<string, Entry>(), equity: new Map<string, Entry>() };
  // One generator round = every asset once; advance a round per request so each call sees fresh quotes.
  const advance = () => {
    const seen = new Set<string>();
    for (;;) {
      const { value } = samples.next();
      const e = value.event as Entry;
      const key = 'c' in e ? `E:${e.symbol}` : `C:${e.FROMSYMBOL}/${e.TOSYMBOL}`;
      if (seen.has(key)) {
        stash(e);
        return;
      }
      seen.add(key);
      stash(e);
    }
  };
  const stash = (e: Entry) => ('c' in e ? latest.equity.set(String(e.symbol), e) : latest.crypto.set(`${e.FROMSYMBOL}/${e.TOSYMBOL}`, e));
  advance();

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/data/pricemultifull') {
      advance();
      const fsyms = (url.searchParams.get('fsyms') ?? '').split(',').filter(Boolean);
      const tsyms = (url.searchParams.get('tsyms') ?? '').split(',').filter(Boolean);
      if (!fsyms.length || !tsyms.length) {
        // CryptoCompare's error shape: HTTP 200 with Response "Error".
        return json(200, { Response: 'Error', Message: 'fsyms and tsyms are required parameters.', HasWarning: false, Type: 2, RateLimit: {}, Data: {} });
      }
      const entries = fsyms.flatMap((f) => tsyms.map((t) => latest.crypto.get(`${f}/${t}`)).filter((e): e is Entry => Boolean(e)));
      return json(200, priceMultiFullBody(entries));
    }
    if (url.pathname === '/api/v1/quote') {
      const symbol = url.searchParams.get('symbol');
      if (!symbol) return json(422, { error: 'Wrong symbol format.' });
      advance();
      const q = latest.equity.get(symbol);
      // Finnhub answers an unknown symbol with zeros.
      return json(200, q ? withoutSymbol(q) : { c: 0, d: null, dp: null, h: 0, l: 0, o: 0, pc: 0, t: 0 });
    }
    json(404, { error: `no such endpoint ${url.pathname}: this stand-in serves /data/pricemultifull and /api/v1/quote` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    cryptocompareBaseUrl: `http://127.0.0.1:${port}`,
    finnhubBaseUrl: `http://127.0.0.1:${port}/api/v1`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function withoutSymbol(q: Entry): Entry {
  const { symbol: _symbol, ...rest } = q;
  return rest;
}
