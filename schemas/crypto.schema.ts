/**
 * crypto: a polled quote in one of two real response formats (raw): a CryptoCompare
 * `pricemultifull` RAW entry (`RAW[FROM][TO]`), or a Finnhub `/quote` body with the `symbol` the
 * poller asked for added. Enriched: one normalized quote shape with the asset class.
 */
import { DIALECT, eventIdField, eventTimeField, keyword, num } from './common';
import type { JsonSchema } from './types';

/** A CryptoCompare `pricemultifull` RAW entry (the fields Tributary reads; others pass through). */
export interface CryptoCompareRaw {
  TYPE?: string;
  MARKET?: string;
  FROMSYMBOL: string;
  TOSYMBOL: string;
  FLAGS?: string;
  PRICE: number;
  LASTUPDATE: number;
  OPENDAY?: number;
  HIGHDAY?: number;
  LOWDAY?: number;
  VOLUMEDAY?: number;
  OPEN24HOUR?: number;
  HIGH24HOUR?: number;
  LOW24HOUR?: number;
  VOLUME24HOUR?: number;
  [field: string]: unknown;
}

/** A Finnhub `/quote` body plus the symbol it was asked for. */
export interface FinnhubQuoteRaw {
  symbol: string;
  c: number;
  d?: number | null;
  dp?: number | null;
  h: number;
  l: number;
  o: number;
  pc: number;
  t: number;
}

/** Raw crypto event (`crypto.raw`). */
export type CryptoRaw = CryptoCompareRaw | FinnhubQuoteRaw;

/** Sources and asset classes. */
export const QUOTE_SOURCES = ['cryptocompare', 'finnhub'] as const;
export const ASSET_CLASSES = ['crypto', 'equity'] as const;

/** Enriched quote (silver, index). */
export interface CryptoEnriched {
  event_id: string;
  event_time: string;
  source: (typeof QUOTE_SOURCES)[number];
  symbol: string;
  asset_class: (typeof ASSET_CLASSES)[number];
  currency?: string;
  price: number;
  open?: number;
  high?: number;
  low?: number;
  prev_close?: number;
  volume?: number;
}

const unixSeconds = (d: string): JsonSchema => num(`${d}, unix seconds`, { minimum: 0 });

/** The CryptoCompare variant. */
export const cryptoCompareSchema: JsonSchema = {
  type: 'object',
  title: 'CryptoCompare pricemultifull RAW entry',
  required: ['FROMSYMBOL', 'TOSYMBOL', 'PRICE', 'LASTUPDATE'],
  properties: {
    TYPE: keyword('CryptoCompare message type'),
    MARKET: keyword('market, e.g. CCCAGG'),
    FROMSYMBOL: keyword('base asset, e.g. BTC', { minLength: 1 }),
    TOSYMBOL: keyword('quote currency, e.g. USD', { minLength: 1 }),
    FLAGS: keyword('price direction flags'),
    PRICE: num('last price'),
    LASTUPDATE: unixSeconds('last update'),
    OPENDAY: num('open of the UTC day'),
    HIGHDAY: num('high of the UTC day'),
    LOWDAY: num('low of the UTC day'),
    VOLUMEDAY: num('volume of the UTC day, base units'),
    OPEN24HOUR: num('price 24 hours ago'),
    HIGH24HOUR: num('24-hour high'),
    LOW24HOUR: num('24-hour low'),
    VOLUME24HOUR: num('24-hour volume, base units'),
  },
};

const nullableNum = (d: string): JsonSchema => ({ type: ['number', 'null'], description: d });

/** The Finnhub variant. */
export const finnhubQuoteSchema: JsonSchema = {
  type: 'object',
  title: 'Finnhub /quote body with its symbol',
  required: ['symbol', 'c', 'h', 'l', 'o', 'pc', 't'],
  properties: {
    symbol: keyword('ticker asked for, e.g. AAPL', { minLength: 1 }),
    c: num('current price'),
    d: nullableNum('change'),
    dp: nullableNum('percent change'),
    h: num('high of the day'),
    l: num('low of the day'),
    o: num('open of the day'),
    pc: num('previous close'),
    t: unixSeconds('quote time'),
  },
};

/** JSON Schema of the raw quote: exactly one of the two formats. */
export const cryptoRawSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/crypto.raw.json',
  title: 'crypto raw quote',
  type: 'object',
  oneOf: [cryptoCompareSchema, finnhubQuoteSchema],
};

/** JSON Schema of the normalized quote. */
export const cryptoEnrichedSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/crypto.enriched.json',
  title: 'crypto normalized quote',
  type: 'object',
  required: ['event_id', 'event_time', 'source', 'symbol', 'asset_class', 'price'],
  properties: {
    event_id: eventIdField,
    event_time: eventTimeField,
    source: { type: 'string', enum: QUOTE_SOURCES, description: 'API the quote came from' },
    symbol: keyword('BASE-QUOTE for crypto (BTC-USD), the ticker for equities'),
    asset_class: { type: 'string', enum: ASSET_CLASSES, description: 'crypto (CryptoCompare) or equity (Finnhub)' },
    currency: keyword('currency of the prices, when the source says'),
    price: num('last price'),
    open: num('open of the day'),
    high: num('high of the day'),
    low: num('low of the day'),
    prev_close: num('previous close (for crypto, the UTC day open)'),
    volume: num('volume of the day, base units (crypto only)'),
  },
};
