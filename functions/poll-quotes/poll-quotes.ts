/**
 * pollQuotes (HTTP, on the poller source's schedule): calls CryptoCompare `pricemultifull` and
 * Finnhub `quote` and publishes the raw responses for the `crypto` pipeline to `<id>-raw`, one
 * message per quote in the provider's own format (a `RAW[FROM][TO]` entry; a Finnhub body with
 * the `symbol` added), which is what the crypto raw schema describes. One API failing does not
 * stop the other; the summary names what each did.
 */
import type { Logger } from '../shared/log';
import type { OutgoingMessage, Publisher } from '../shared/publisher';
import { PollError, getJson, type GetOptions } from './retrying-fetch';

/** The APIs a poller can call (`POLL_APIS`). */
export type QuoteApi = 'cryptocompare' | 'finnhub';

/** Options of {@link pollQuotes}. */
export interface PollQuotesOptions {
  readonly apis: readonly QuoteApi[];
  readonly publisher: Publisher;
  /** `RAW_TOPIC`. */
  readonly topic: string;
  /** @default https://min-api.cryptocompare.com */
  readonly cryptocompareBaseUrl?: string;
  /** @default https://finnhub.io/api/v1 */
  readonly finnhubBaseUrl?: string;
  readonly cryptocompareApiKey?: string;
  readonly finnhubApiKey?: string;
  /** @default ['BTC','ETH','SOL','XRP','ADA'] */
  readonly cryptoSymbols?: readonly string[];
  /** @default ['USD','EUR'] */
  readonly currencies?: readonly string[];
  /** @default ['AAPL','MSFT','GOOGL','AMZN','NVDA'] */
  readonly equitySymbols?: readonly string[];
  /** Retry and clock settings for every request. */
  readonly http?: GetOptions;
  readonly log?: Logger;
}

/** What one API did. */
export interface ApiResult {
  status: 'ok' | 'partial' | 'failed';
  published: number;
  errors: string[];
}

/** CryptoCompare's 200-with-error bodies: Type 99 is its rate limit. */
function cryptocompareBodyRetry(body: unknown): number | undefined {
  const b = body as { Response?: string; Type?: number; Message?: string };
  if (b?.Response !== 'Error') return undefined;
  if (b.Type === 99) return 1_000;
  throw new PollError('cryptocompare', 200, b.Message ?? 'error response');
}

async function cryptocompare(opts: PollQuotesOptions): Promise<OutgoingMessage[]> {
  const base = (opts.cryptocompareBaseUrl ?? 'https://min-api.cryptocompare.com').replace(/\/$/, '');
  const q = new URLSearchParams({ fsyms: (opts.cryptoSymbols ?? ['BTC', 'ETH', 'SOL', 'XRP', 'ADA']).join(','), tsyms: (opts.currencies ?? ['USD', 'EUR']).join(',') });
  if (opts.cryptocompareApiKey) q.set('api_key', opts.cryptocompareApiKey);
  const { body } = await getJson(`${base}/data/pricemultifull?${q}`, { ...opts.http, bodyRetry: cryptocompareBodyRetry });
  const raw = (body as { RAW?: Record<string, Record<string, Record<string, unknown>>> }).RAW ?? {};
  const out: OutgoingMessage[] = [];
  for (const [from, byTo] of Object.entries(raw)) {
    for (const [to, entry] of Object.entries(byTo)) {
      out.push({ data: Buffer.from(JSON.stringify(entry)), attributes: { source: 'cryptocompare', symbol: `${from}-${to}` } });
    }
  }
  return out;
}

async function finnhub(opts: PollQuotesOptions, errors: string[]): Promise<OutgoingMessage[]> {
  const base = (opts.finnhubBaseUrl ?? 'https://finnhub.io/api/v1').replace(/\/$/, '');
  const out: OutgoingMessage[] = [];
  for (const symbol of opts.equitySymbols ?? ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA']) {
    const q = new URLSearchParams({ symbol });
    if (opts.finnhubApiKey) q.set('token', opts.finnhubApiKey);
    try {
      const { body } = await getJson(`${base}/quote?${q}`, opts.http);
      const quote = body as { c?: number; t?: number };
      // Finnhub answers an unknown symbol with 200 and zeros.
      if (!quote || typeof quote.c !== 'number' || (quote.c === 0 && !quote.t)) {
        errors.push(`finnhub ${symbol}: no quote (unknown symbol?)`);
        continue;
      }
      out.push({ data: Buffer.from(JSON.stringify({ symbol, ...quote })), attributes: { source: 'finnhub', symbol } });
    } catch (err) {
      errors.push((err as Error).message);
      if ((err as PollError).status === 429) break; // still limited after waiting: leave the rest for the next run
    }
  }
  return out;
}

/** Polls each API, publishes the quotes, and returns what each API did. */
export async function pollQuotes(opts: PollQuotesOptions): Promise<Record<string, ApiResult>> {
  const results: Record<string, ApiResult> = {};
  for (const api of opts.apis) {
    const errors: string[] = [];
    let messages: OutgoingMessage[] = [];
    try {
      messages = api === 'cryptocompare' ? await cryptocompare(opts) : await finnhub(opts, errors);
    } catch (err) {
      errors.push((err as Error).message);
    }
    if (messages.length) await opts.publisher.publish(opts.topic, messages);
    results[api] = { status: errors.length === 0 ? 'ok' : messages.length ? 'partial' : 'failed', published: messages.length, errors };
    if (errors.length) opts.log?.warn('quote poll had errors', { api, errors });
  }
  return results;
}
