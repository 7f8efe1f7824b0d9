/**
 * stocks: a market tick in the shape of Zerodha Kite Connect's full-mode ticks (raw), and the
 * same with change, change % and spread (enriched). As in Kite, `ohlc.close` is the previous
 * session's close.
 */
import { DIALECT, dateTime, eventIdField, eventTimeField, int, keyword, num } from './common';
import type { JsonSchema } from './types';

/** Open, high, low and (previous) close. */
export interface Ohlc {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** One level of market depth. */
export interface DepthLevel {
  price: number;
  quantity: number;
  orders?: number;
}

/** Raw tick (`stocks.raw`). */
export interface StocksRaw {
  instrument_token: number;
  tradingsymbol: string;
  last_price: number;
  last_quantity?: number;
  average_price?: number;
  volume: number;
  buy_quantity: number;
  sell_quantity: number;
  ohlc: Ohlc;
  timestamp: string;
  depth?: { buy: DepthLevel[]; sell: DepthLevel[] };
}

/** Enriched tick (silver, index). */
export interface StocksEnriched {
  event_id: string;
  event_time: string;
  instrument_token: number;
  tradingsymbol: string;
  last_price: number;
  last_quantity?: number;
  average_price?: number;
  volume: number;
  buy_quantity: number;
  sell_quantity: number;
  ohlc: Ohlc;
  change: number;
  change_pct: number;
  spread?: number;
}

const ohlc: JsonSchema = {
  type: 'object',
  description: 'session open, high, low; close is the previous session close',
  required: ['open', 'high', 'low', 'close'],
  properties: { open: num('open'), high: num('high'), low: num('low'), close: num('previous close') },
};

const level: JsonSchema = {
  type: 'object',
  required: ['price', 'quantity'],
  properties: { price: num('price'), quantity: int('quantity'), orders: int('orders') },
};

const tickProperties = {
  instrument_token: int('exchange instrument token', { minimum: 0 }),
  tradingsymbol: keyword('trading symbol, e.g. INFY'),
  last_price: num('last traded price'),
  last_quantity: int('last traded quantity'),
  average_price: num('volume-weighted average price of the session'),
  volume: int('volume traded in the session so far (cumulative)', { minimum: 0 }),
  buy_quantity: int('total pending buy quantity', { minimum: 0 }),
  sell_quantity: int('total pending sell quantity', { minimum: 0 }),
  ohlc,
};

/** JSON Schema of the raw tick. */
export const stocksRawSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/stocks.raw.json',
  title: 'stocks raw tick',
  type: 'object',
  required: ['instrument_token', 'tradingsymbol', 'last_price', 'volume', 'buy_quantity', 'sell_quantity', 'ohlc', 'timestamp'],
  properties: {
    ...tickProperties,
    timestamp: dateTime('exchange timestamp of the tick (RFC 3339 with zone)'),
    depth: {
      type: 'object',
      description: 'market depth, best first',
      required: ['buy', 'sell'],
      properties: { buy: { type: 'array', items: level }, sell: { type: 'array', items: level } },
    },
  },
};

/** JSON Schema of the enriched tick. */
export const stocksEnrichedSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/stocks.enriched.json',
  title: 'stocks enriched tick',
  type: 'object',
  required: ['event_id', 'event_time', 'instrument_token', 'tradingsymbol', 'last_price', 'volume', 'buy_quantity', 'sell_quantity', 'ohlc', 'change', 'change_pct'],
  properties: {
    event_id: eventIdField,
    event_time: eventTimeField,
    ...tickProperties,
    change: num('last_price minus the previous close'),
    change_pct: num('change in percent of the previous close (0 when the previous close is 0)'),
    spread: num('best ask minus best bid, when the tick carries depth'),
  },
};
