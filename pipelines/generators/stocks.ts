/**
 * Stocks sample data: full-mode market ticks (Zerodha Kite Connect shape) for ten NSE
 * instruments. Each price is a geometric random walk with a per-instrument trend plus a daily
 * (24 h) seasonal swing, so linear regression and ARIMA have signal to find. Volume is the
 * session's cumulative volume and grows fastest during the NSE session (03:45–10:00 UTC).
 * `ohlc.close` is the previous UTC day's last price, as Kite's ohlc.close is the previous close.
 */
import { mulberry32, type Prng } from './prng';
import { DUPLICATE, type DefectSpec, withDefects } from './defects';
import { type SampleGenerator, type GeneratorOptions, type Sample, resolveOptions, round } from './types';

/** An instrument: real NSE token and symbol, a starting price, trend and volatility per second. */
export interface Instrument {
  readonly token: number;
  readonly symbol: string;
  readonly price: number;
  /** Drift of the log price per second. */
  readonly trend: number;
  /** Standard deviation of the log price per square-root second. */
  readonly volatility: number;
}

/** The ten instruments. */
export const INSTRUMENTS: readonly Instrument[] = [
  { token: 738561, symbol: 'RELIANCE', price: 2950, trend: 2e-7, volatility: 3e-5 },
  { token: 2953217, symbol: 'TCS', price: 4100, trend: 1e-7, volatility: 2.5e-5 },
  { token: 341249, symbol: 'HDFCBANK', price: 1650, trend: -1e-7, volatility: 3e-5 },
  { token: 408065, symbol: 'INFY', price: 1850, trend: 1.5e-7, volatility: 3.5e-5 },
  { token: 1270529, symbol: 'ICICIBANK', price: 1250, trend: 2.5e-7, volatility: 3e-5 },
  { token: 779521, symbol: 'SBIN', price: 820, trend: -2e-7, volatility: 4e-5 },
  { token: 424961, symbol: 'ITC', price: 470, trend: 0.5e-7, volatility: 2e-5 },
  { token: 969473, symbol: 'WIPRO', price: 560, trend: -0.5e-7, volatility: 3.5e-5 },
  { token: 356865, symbol: 'HINDUNILVR', price: 2400, trend: 1e-7, volatility: 2e-5 },
  { token: 2714625, symbol: 'BHARTIARTL', price: 1550, trend: 3e-7, volatility: 3e-5 },
];

const DAY_MS = 86_400_000;
/** Amplitude of the daily seasonal swing of the price (fraction of the price). */
const SEASONAL_AMPLITUDE = 0.01;
/** NSE tick size. */
const TICK = 0.05;
/** Milliseconds between rounds of ticks (one tick per instrument per round). */
const ROUND_MS = 1000;

/** Rounds to the exchange tick size, printed with two decimals. */
const toTick = (p: number): number => round(Math.round(p / TICK) * TICK, 2);

/** Relative trading intensity at a time of the UTC day: high in the NSE session, low outside. */
function intensity(msOfDay: number): number {
  const h = msOfDay / 3_600_000;
  return h >= 3.75 && h < 10 ? 1 + 0.8 * Math.cos(((h - 3.75) / 6.25) * 2 * Math.PI) ** 2 : 0.05;
}

interface State {
  logWalk: number;
  day: number;
  prevClose: number;
  open: number;
  high: number;
  low: number;
  volume: number;
  turnover: number;
  last: number;
}

function tick(rng: Prng, inst: Instrument, s: State, t: number, dtS: number): Sample['event'] {
  s.logWalk += inst.trend * dtS + inst.volatility * Math.sqrt(dtS) * rng.normal();
  const msOfDay = ((t % DAY_MS) + DAY_MS) % DAY_MS;
  const seasonal = SEASONAL_AMPLITUDE * Math.sin((msOfDay / DAY_MS) * 2 * Math.PI);
  const price = toTick(inst.price * Math.exp(s.logWalk + seasonal));
  const day = Math.floor(t / DAY_MS);
  if (day !== s.day) {
    if (s.day !== -1) s.prevClose = s.last;
    Object.assign(s, { day, open: price, high: price, low: price, volume: 0, turnover: 0 });
  }
  const lastQuantity = Math.max(1, Math.round(intensity(msOfDay) * (1 + rng.next() * 50)));
  s.volume += lastQuantity;
  s.turnover += lastQuantity * price;
  s.high = Math.max(s.high, price);
  s.low = Math.min(s.low, price);
  s.last = price;
  const level = (side: 1 | -1, i: number) => ({ price: toTick(price + side * TICK * (i + 1)), quantity: rng.int(1, 500), orders: rng.int(1, 20) });
  return {
    instrument_token: inst.token,
    tradingsymbol: inst.symbol,
    last_price: price,
    last_quantity: lastQuantity,
    average_price: round(s.turnover / s.volume, 2),
    volume: s.volume,
    buy_quantity: rng.int(1_000, 200_000),
    sell_quantity: rng.int(1_000, 200_000),
    ohlc: { open: s.open, high: s.high, low: s.low, close: s.prevClose },
    timestamp: new Date(t).toISOString(),
    depth: {
      buy: [0, 1, 2, 3, 4].map((i) => level(-1, i)),
      sell: [0, 1, 2, 3, 4].map((i) => level(1, i)),
    },
  };
}

function* generate(options: GeneratorOptions): Generator<Sample> {
  const { start } = resolveOptions(options, 0);
  const rng = mulberry32(options.seed);
  const states: State[] = INSTRUMENTS.map((inst) => ({
    logWalk: 0, day: -1, prevClose: inst.price, open: 0, high: 0, low: 0, volume: 0, turnover: 0, last: inst.price,
  }));
  const slot = Math.floor(ROUND_MS / INSTRUMENTS.length);
  for (let i = 0; i < options.count; i++) {
    const round_ = Math.floor(i / INSTRUMENTS.length);
    const k = i % INSTRUMENTS.length;
    const t = start + round_ * ROUND_MS + k * slot + rng.int(0, slot - 1);
    yield { event: tick(rng, INSTRUMENTS[k], states[k], t, round_ === 0 ? 0 : ROUND_MS / 1000) };
  }
}

/** Defects stocks can inject (`--defect-rate`), each with the rule that quarantines it. */
export const STOCKS_DEFECTS: readonly DefectSpec[] = [
  DUPLICATE,
  { kind: 'negative_price', description: 'a negative last price', rule: 'price.negative', spoil: (e) => ({ ...e, last_price: -Math.abs(e.last_price as number) - 1 }) },
  {
    kind: 'ohlc_inverted', description: 'ohlc.low above ohlc.high', rule: 'ohlc.range',
    spoil: (e) => {
      const o = e.ohlc as { open: number; high: number; low: number; close: number };
      return { ...e, ohlc: { ...o, low: o.high + 1 } };
    },
  },
  { kind: 'missing_field', description: 'no volume', rule: 'schema.required', spoil: ({ volume: _, ...rest }) => rest },
];

const defects = { defaultRate: 0, kinds: STOCKS_DEFECTS };

/** The stocks generator. */
export const stocksGenerator: SampleGenerator = {
  id: 'stocks',
  description: 'Kite full-mode ticks for 10 NSE instruments: random walk with trend and daily seasonality',
  generate: withDefects(generate, defects),
  defects,
};
