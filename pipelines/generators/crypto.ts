/**
 * Crypto sample data: what the quote pollers publish. Every poll round (10 s) yields one
 * CryptoCompare `pricemultifull` RAW entry per crypto pair and one Finnhub `/quote` body (plus
 * the symbol asked for) per equity, in the APIs' real field names and order.
 * {@link priceMultiFullBody} wraps entries into the whole CryptoCompare response (RAW and
 * DISPLAY), for serving from a fake API.
 */
import { mulberry32, type Prng } from './prng';
import { DUPLICATE, type DefectSpec, withDefects } from './defects';
import { type SampleGenerator, type GeneratorOptions, type Sample, resolveOptions, round } from './types';
import type { Json } from '../types';

/** A quoted asset: symbol, starting price and volatility per square-root second. */
interface Asset {
  readonly symbol: string;
  readonly price: number;
  readonly volatility: number;
  /** Circulating supply (crypto) for MKTCAP. */
  readonly supply?: number;
}

/** Crypto pairs polled from CryptoCompare, all against USD. */
export const CRYPTO: readonly Asset[] = [
  { symbol: 'BTC', price: 97_500, volatility: 3e-4, supply: 19_800_000 },
  { symbol: 'ETH', price: 3_650, volatility: 4e-4, supply: 120_500_000 },
  { symbol: 'SOL', price: 215, volatility: 6e-4, supply: 480_000_000 },
  { symbol: 'XRP', price: 2.35, volatility: 6e-4, supply: 57_000_000_000 },
  { symbol: 'ADA', price: 1.05, volatility: 6e-4, supply: 35_000_000_000 },
  { symbol: 'DOGE', price: 0.38, volatility: 7e-4, supply: 147_000_000_000 },
];

/** Equities polled from Finnhub. */
export const EQUITIES: readonly Asset[] = [
  { symbol: 'AAPL', price: 243, volatility: 1.2e-4 },
  { symbol: 'MSFT', price: 425, volatility: 1.1e-4 },
  { symbol: 'GOOGL', price: 192, volatility: 1.4e-4 },
  { symbol: 'AMZN', price: 224, volatility: 1.5e-4 },
  { symbol: 'NVDA', price: 138, volatility: 2.5e-4 },
  { symbol: 'TSLA', price: 410, volatility: 3e-4 },
];

const TO_SYMBOL = 'USD';
const POLL_MS = 10_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MARKETS = ['Coinbase', 'Kraken', 'Bitstamp', 'Binance', 'Bitfinex'];

interface Walk {
  price: number;
  day: number;
  open: number;
  high: number;
  low: number;
  volumeDay: number;
  volumeDayTo: number;
  hour: number;
  openHour: number;
  highHour: number;
  lowHour: number;
  volumeHour: number;
  volumeHourTo: number;
  prevClose: number;
  /** Price 24 h ago, approximated by the day open of the previous day. */
  open24: number;
}

function newWalk(price: number): Walk {
  return { price, day: -1, open: price, high: price, low: price, volumeDay: 0, volumeDayTo: 0, hour: -1, openHour: price, highHour: price, lowHour: price, volumeHour: 0, volumeHourTo: 0, prevClose: price, open24: price };
}

/** Advances `w` by one poll interval at time `t` and returns the traded base volume. */
function step(rng: Prng, a: Asset, w: Walk, t: number, digits: number): number {
  w.price = round(w.price * Math.exp(a.volatility * Math.sqrt(POLL_MS / 1000) * rng.normal()), digits);
  const day = Math.floor(t / DAY_MS), hour = Math.floor(t / HOUR_MS);
  if (day !== w.day) {
    if (w.day !== -1) { w.prevClose = w.price; w.open24 = w.open; }
    Object.assign(w, { day, open: w.price, high: w.price, low: w.price, volumeDay: 0, volumeDayTo: 0 });
  }
  if (hour !== w.hour) Object.assign(w, { hour, openHour: w.price, highHour: w.price, lowHour: w.price, volumeHour: 0, volumeHourTo: 0 });
  const volume = round((rng.next() * 50_000) / Math.sqrt(a.price), 8);
  w.high = Math.max(w.high, w.price); w.low = Math.min(w.low, w.price);
  w.highHour = Math.max(w.highHour, w.price); w.lowHour = Math.min(w.lowHour, w.price);
  w.volumeDay = round(w.volumeDay + volume, 8); w.volumeDayTo = round(w.volumeDayTo + volume * w.price, 4);
  w.volumeHour = round(w.volumeHour + volume, 8); w.volumeHourTo = round(w.volumeHourTo + volume * w.price, 4);
  return volume;
}

/** A CryptoCompare `pricemultifull` RAW entry (`RAW.<FROM>.<TO>`), fields in the API's order. */
function cryptoCompareEntry(rng: Prng, a: Asset, w: Walk, t: number, lastVolume: number): { [key: string]: Json } {
  const s = Math.floor(t / 1000);
  const change24 = round(w.price - w.open24, 8), changeDay = round(w.price - w.open, 8), changeHour = round(w.price - w.openHour, 8);
  const pct = (c: number, base: number) => round((c / base) * 100, 8);
  const supply = a.supply ?? 0;
  return {
    TYPE: '5', MARKET: 'CCCAGG', FROMSYMBOL: a.symbol, TOSYMBOL: TO_SYMBOL, FLAGS: String(rng.int(1, 4)),
    LASTMARKET: MARKETS[rng.int(0, MARKETS.length - 1)], MEDIAN: w.price,
    TOPTIERVOLUME24HOUR: round(w.volumeDay * 0.8, 8), TOPTIERVOLUME24HOURTO: round(w.volumeDayTo * 0.8, 4),
    LASTTRADEID: String(rng.int(100_000_000, 999_999_999)), PRICE: w.price, LASTUPDATE: s,
    LASTVOLUME: lastVolume, LASTVOLUMETO: round(lastVolume * w.price, 6),
    VOLUMEHOUR: w.volumeHour, VOLUMEHOURTO: w.volumeHourTo, OPENHOUR: w.openHour, HIGHHOUR: w.highHour, LOWHOUR: w.lowHour,
    VOLUMEDAY: w.volumeDay, VOLUMEDAYTO: w.volumeDayTo, OPENDAY: w.open, HIGHDAY: w.high, LOWDAY: w.low,
    VOLUME24HOUR: w.volumeDay, VOLUME24HOURTO: w.volumeDayTo, OPEN24HOUR: w.open24, HIGH24HOUR: Math.max(w.high, w.open24), LOW24HOUR: Math.min(w.low, w.open24),
    CHANGE24HOUR: change24, CHANGEPCT24HOUR: pct(change24, w.open24), CHANGEDAY: changeDay, CHANGEPCTDAY: pct(changeDay, w.open),
    CHANGEHOUR: changeHour, CHANGEPCTHOUR: pct(changeHour, w.openHour),
    CONVERSIONTYPE: 'direct', CONVERSIONSYMBOL: '', CONVERSIONLASTUPDATE: s,
    SUPPLY: supply, MKTCAP: round(supply * w.price, 2), MKTCAPPENALTY: 0, CIRCULATINGSUPPLY: supply, CIRCULATINGSUPPLYMKTCAP: round(supply * w.price, 2),
    TOTALVOLUME24H: round(w.volumeDay * 3, 8), TOTALVOLUME24HTO: round(w.volumeDayTo * 3, 4),
    TOTALTOPTIERVOLUME24H: round(w.volumeDay * 2.4, 8), TOTALTOPTIERVOLUME24HTO: round(w.volumeDayTo * 2.4, 4),
    IMAGEURL: `/media/${37746238 + CRYPTO.indexOf(a)}/${a.symbol.toLowerCase()}.png`,
  };
}

/** A Finnhub `/quote` body (c, d, dp, h, l, o, pc, t) with the `symbol` the poller asked for. */
function finnhubQuote(a: Asset, w: Walk, t: number): { [key: string]: Json } {
  const d = round(w.price - w.prevClose, 4);
  return { symbol: a.symbol, c: w.price, d, dp: round((d / w.prevClose) * 100, 4), h: w.high, l: w.low, o: w.open, pc: w.prevClose, t: Math.floor(t / 1000) };
}

function* generate(options: GeneratorOptions): Generator<Sample> {
  const { start } = resolveOptions(options, 0);
  const rng = mulberry32(options.seed);
  const cryptoWalks = CRYPTO.map((a) => newWalk(a.price));
  const equityWalks = EQUITIES.map((a) => newWalk(a.price));
  const perRound = CRYPTO.length + EQUITIES.length;
  for (let i = 0; i < options.count; i++) {
    const k = i % perRound;
    const t = start + Math.floor(i / perRound) * POLL_MS + k * 50 + rng.int(0, 49);
    if (k < CRYPTO.length) {
      const a = CRYPTO[k], w = cryptoWalks[k];
      const digits = a.price >= 100 ? 2 : 6;
      const lastVolume = step(rng, a, w, t, digits);
      yield { event: cryptoCompareEntry(rng, a, w, t, lastVolume) };
    } else {
      const a = EQUITIES[k - CRYPTO.length], w = equityWalks[k - CRYPTO.length];
      step(rng, a, w, t, 2);
      yield { event: finnhubQuote(a, w, t) };
    }
  }
}

/**
 * The whole CryptoCompare `pricemultifull` response for `entries` (RAW entries as yielded by the
 * generator): `{ RAW: { FROM: { TO: entry } }, DISPLAY: { FROM: { TO: {...} } } }`.
 */
export function priceMultiFullBody(entries: readonly { [key: string]: Json }[]): { [key: string]: Json } {
  const raw: { [from: string]: { [to: string]: Json } } = {};
  const display: { [from: string]: { [to: string]: Json } } = {};
  const money = (n: Json) => `$ ${Number(n).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
  for (const e of entries) {
    const from = String(e.FROMSYMBOL), to = String(e.TOSYMBOL);
    (raw[from] ??= {})[to] = e;
    (display[from] ??= {})[to] = {
      FROMSYMBOL: from, TOSYMBOL: '$', MARKET: 'CryptoCompare Index', LASTMARKET: e.LASTMARKET, PRICE: money(e.PRICE),
      LASTUPDATE: 'Just now', OPENDAY: money(e.OPENDAY), HIGHDAY: money(e.HIGHDAY), LOWDAY: money(e.LOWDAY),
      CHANGEPCT24HOUR: Number(e.CHANGEPCT24HOUR).toFixed(2), MKTCAP: money(e.MKTCAP),
    };
  }
  return { RAW: raw, DISPLAY: display };
}

/** Defects crypto can inject (`--defect-rate`), each with the rule that quarantines it. */
export const CRYPTO_DEFECTS: readonly DefectSpec[] = [
  DUPLICATE,
  {
    kind: 'empty_quote', description: 'Finnhub\'s answer for an unknown symbol (all zeros, t 0)', rule: 'quote.empty',
    spoil: (e) => ('c' in e ? { symbol: e.symbol, c: 0, d: null, dp: null, h: 0, l: 0, o: 0, pc: 0, t: 0 } : undefined),
  },
  { kind: 'negative_price', description: 'a negative CryptoCompare PRICE', rule: 'price.negative', spoil: (e) => ('PRICE' in e ? { ...e, PRICE: -1 } : undefined) },
];

const defects = { defaultRate: 0, kinds: CRYPTO_DEFECTS };

/** The Finnhub `/quote` response body of a generated quote (the event without its `symbol`). */
export function finnhubQuoteBody(event: { [key: string]: Json }): { [key: string]: Json } {
  const { symbol: _, ...body } = event;
  return body;
}

/** The crypto generator. */
export const cryptoGenerator: SampleGenerator = {
  id: 'crypto',
  description: 'polled quotes: CryptoCompare pricemultifull RAW entries (6 pairs) and Finnhub /quote bodies (6 equities)',
  generate: withDefects(generate, defects),
  defects,
};
