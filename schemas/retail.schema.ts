/**
 * retail: four record types in one stream (raw), told apart by `record_type`, which the file
 * ingest sets from the file kind: order lines (CSV rows, so numbers may arrive as text),
 * customers and products (JSON), web access logs (one combined-log-format line each). Enriched:
 * one typed, flat row per record with line totals, a normalized currency and a dedup key.
 */
import { DIALECT, MAX_SAFE, dateTime, eventIdField, eventTimeField, int, keyword, num } from './common';
import type { JsonSchema } from './types';

/** Record types. */
export const RETAIL_RECORD_TYPES = ['order_line', 'customer', 'product', 'weblog'] as const;
export type RetailRecordType = (typeof RETAIL_RECORD_TYPES)[number];

/** A number, or its decimal text as a CSV cell holds it. */
export type Numeric = number | string;

/** Raw order line (a CSV row). */
export interface RetailOrderLineRaw {
  record_type: 'order_line';
  order_id: string;
  line_no: Numeric;
  customer_id: string;
  product_id: string;
  quantity: Numeric;
  unit_price: Numeric;
  currency: string;
  ordered_at: string;
}
/** Raw customer. */
export interface RetailCustomerRaw {
  record_type: 'customer';
  customer_id: string;
  name?: string;
  email?: string;
  country: string;
  updated_at: string;
}
/** Raw product. */
export interface RetailProductRaw {
  record_type: 'product';
  product_id: string;
  name: string;
  category: string;
  price?: Numeric;
  currency?: string;
  updated_at: string;
}
/** Raw web access log line (combined log format). */
export interface RetailWeblogRaw {
  record_type: 'weblog';
  line: string;
}
/** Raw retail event (`retail.raw`). */
export type RetailRaw = RetailOrderLineRaw | RetailCustomerRaw | RetailProductRaw | RetailWeblogRaw;

/** Enriched retail row (silver, index): fields that do not apply to a record type are absent. */
export interface RetailEnriched {
  event_id: string;
  event_time: string;
  record_type: RetailRecordType;
  dedup_key: string;
  order_id?: string;
  line_no?: number;
  customer_id?: string;
  product_id?: string;
  quantity?: number;
  unit_price?: number;
  currency?: string;
  line_total_local?: number;
  line_total?: number;
  name?: string;
  email?: string;
  country?: string;
  category?: string;
  price?: number;
  ip?: string;
  method?: string;
  path?: string;
  status?: number;
  bytes?: number;
  referrer?: string;
  user_agent?: string;
}

// Numbers as a CSV cell holds them: up to 15 digits, so they convert exactly.
const integerText: JsonSchema = { type: ['integer', 'string'], pattern: '^\\s*-?\\d{1,15}\\s*$', minimum: -MAX_SAFE, maximum: MAX_SAFE };
const decimalText: JsonSchema = { type: ['number', 'string'], pattern: '^\\s*-?\\d{1,15}(\\.\\d{1,6})?\\s*$' };
const id = (d: string): JsonSchema => keyword(d, { minLength: 1 });
const currencyText = keyword('currency: ISO 4217 code in any case, or a symbol (€, $, £)', { minLength: 1, maxLength: 8 });

const variant = (type: RetailRecordType, required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required: ['record_type', ...required],
  properties: { record_type: { const: type }, ...properties },
});

/** JSON Schema of the raw retail record: one of four, by `record_type`. */
export const retailRawSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/retail.raw.json',
  title: 'retail raw record',
  type: 'object',
  required: ['record_type'],
  properties: { record_type: { type: 'string', enum: RETAIL_RECORD_TYPES, description: 'record type, set by the ingest from the file kind' } },
  discriminator: { propertyName: 'record_type' },
  oneOf: [
    variant('order_line', ['order_id', 'line_no', 'customer_id', 'product_id', 'quantity', 'unit_price', 'currency', 'ordered_at'], {
      order_id: id('order (invoice) id'),
      line_no: { ...integerText, description: 'line number within the order' },
      customer_id: id('customer id'),
      product_id: id('product (stock code) id'),
      quantity: { ...integerText, description: 'units; negative for a return' },
      unit_price: { ...decimalText, description: 'price per unit in currency' },
      currency: currencyText,
      ordered_at: dateTime('order time (RFC 3339 with zone)'),
    }),
    variant('customer', ['customer_id', 'country', 'updated_at'], {
      customer_id: id('customer id'),
      name: keyword('customer name'),
      email: keyword('email address'),
      country: keyword('country name or ISO 3166 code', { minLength: 1 }),
      updated_at: dateTime('when the record was last changed'),
    }),
    variant('product', ['product_id', 'name', 'category', 'updated_at'], {
      product_id: id('product id'),
      name: keyword('product name'),
      category: id('category'),
      price: { ...decimalText, description: 'list price in currency' },
      currency: currencyText,
      updated_at: dateTime('when the record was last changed'),
    }),
    variant('weblog', ['line'], { line: keyword('one combined-log-format line', { minLength: 1 }) }),
  ],
};

/** JSON Schema of the enriched retail row. */
export const retailEnrichedSchema: JsonSchema = {
  $schema: DIALECT,
  $id: 'https://tributary.dev/schemas/retail.enriched.json',
  title: 'retail enriched row',
  type: 'object',
  required: ['event_id', 'event_time', 'record_type', 'dedup_key'],
  properties: {
    event_id: eventIdField,
    event_time: eventTimeField,
    record_type: { type: 'string', enum: RETAIL_RECORD_TYPES, description: 'which record this row is' },
    dedup_key: keyword('business key: copies of the same record share it (order_line/<order>/<line>, customer/<id>, product/<id>, weblog/<hash>)'),
    order_id: keyword('order id'),
    line_no: int('line number'),
    customer_id: keyword('customer id'),
    product_id: keyword('product id'),
    quantity: int('units'),
    unit_price: num('price per unit, order currency'),
    currency: keyword('ISO 4217 code of the order or product, upper case'),
    line_total_local: num('quantity × unit_price in the order currency'),
    line_total: num('line total in the reporting currency (EUR)'),
    name: { type: 'string', description: 'customer or product name', 'x-es': 'text' },
    email: keyword('customer email, lower case'),
    country: keyword('customer country, ISO 3166-1 alpha-2 when known'),
    category: keyword('product category, lower case'),
    price: num('product list price'),
    ip: { type: 'string', description: 'client address', 'x-es': 'ip' },
    method: keyword('HTTP method'),
    path: keyword('request path'),
    status: int('HTTP status'),
    bytes: int('response bytes'),
    referrer: keyword('referrer'),
    user_agent: { type: 'string', description: 'user agent', 'x-es': 'text' },
  },
};
