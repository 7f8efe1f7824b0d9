/**
 * Retail sample data: order lines (as read from an orders CSV: numbers are text), customer and
 * product records (as read from JSON exports) and web access-log lines (combined log format),
 * mixed in time order with a `record_type` as the ingest sets it. A known share of samples is
 * spoiled on purpose (duplicates, bad types, missing fields, negative prices) and tagged with
 * the rule that must quarantine it, so tests can check quarantine end to end.
 */
import { mulberry32, type Prng } from './prng';
import { pickWeighted } from './taxi';
import { DUPLICATE, type DefectSpec, withDefects } from './defects';
import { type SampleGenerator, type GeneratorOptions, type Sample, resolveOptions } from './types';
import type { Json } from '../types';

/** Product categories. */
export const CATEGORIES = ['home', 'kitchen', 'garden', 'toys', 'stationery', 'lighting', 'gifts', 'textiles'] as const;
const ADJECTIVES = ['WHITE', 'RED', 'VINTAGE', 'REGENCY', 'JUMBO', 'SET OF 3', 'HEART', 'GLASS', 'PAPER', 'WOODEN', 'PINK', 'RETRO'];
const ITEMS: Record<(typeof CATEGORIES)[number], string[]> = {
  home: ['DOORMAT', 'CUSHION COVER', 'PHOTO FRAME', 'WALL CLOCK'],
  kitchen: ['TEACUP AND SAUCER', 'CAKE TIN', 'LUNCH BAG', 'JAM JAR'],
  garden: ['PLANT POT', 'BIRD FEEDER', 'WATERING CAN', 'GARDEN SIGN'],
  toys: ['SPACEBOY TOY', 'DOLLY GIRL', 'SKITTLES', 'PLAYING CARDS'],
  stationery: ['NOTEBOOK', 'WRAPPING PAPER', 'PENCIL CASE', 'GIFT TAG'],
  lighting: ['T-LIGHT HOLDER', 'LANTERN', 'STRING LIGHTS', 'CANDLE'],
  gifts: ['GIFT BOX', 'KEYRING', 'TRINKET BOX', 'MUG'],
  textiles: ['TEA TOWEL', 'TOTE BAG', 'APRON', 'HOT WATER BOTTLE'],
};
const FIRST = ['Alice', 'Bruno', 'Chloé', 'Daniel', 'Emma', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Kai', 'Lucía', 'Mia', 'Noah', 'Olga', 'Pieter'];
const LAST = ['Smith', 'Müller', 'Martin', 'García', 'de Vries', 'Rossi', 'Dubois', 'Murphy', 'Silva', 'Novak', "O'Brien", 'Jensen'];
/** Countries as the source writes them: names, sometimes ISO codes. */
const COUNTRIES: readonly { name: string; weight: number }[] = [
  { name: 'United Kingdom', weight: 0.55 }, { name: 'Germany', weight: 0.1 }, { name: 'France', weight: 0.09 }, { name: 'EIRE', weight: 0.06 },
  { name: 'Spain', weight: 0.05 }, { name: 'NL', weight: 0.05 }, { name: 'Belgium', weight: 0.04 }, { name: 'CH', weight: 0.03 }, { name: 'Portugal', weight: 0.03 },
];
/** Order currencies as the source writes them (codes in any case, or symbols). */
const CURRENCIES: readonly { text: string; weight: number }[] = [
  { text: 'GBP', weight: 0.7 }, { text: 'EUR', weight: 0.15 }, { text: 'eur', weight: 0.05 }, { text: '€', weight: 0.04 }, { text: '£', weight: 0.03 }, { text: 'USD', weight: 0.03 },
];
const PATHS = ['/', '/products', '/cart', '/checkout', '/search?q=lantern', '/account', '/static/app.js', '/static/style.css'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'curl/8.5.0',
];
const REFERRERS = ['-', 'https://www.google.com/', 'https://shop.example.com/', 'https://www.bing.com/'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The defects retail injects, each with the rule its quarantine record must carry. */
export const RETAIL_DEFECTS: readonly DefectSpec[] = [
  DUPLICATE,
  { kind: 'bad_type', description: 'an order line whose quantity is not a number ("three")', rule: 'schema.pattern', spoil: (e) => orderLine(e, { quantity: 'three' }) },
  { kind: 'missing_field', description: 'an order line without customer_id', rule: 'schema.required', spoil: (e) => (e.record_type === 'order_line' ? (({ customer_id: _, ...rest }) => rest)(e) : undefined) },
  { kind: 'negative_price', description: 'an order line with a negative unit price', rule: 'price.negative', spoil: (e) => orderLine(e, { unit_price: `-${String(e.unit_price)}` }) },
  { kind: 'zero_quantity', description: 'an order line with quantity 0', rule: 'quantity.zero', spoil: (e) => orderLine(e, { quantity: '0' }) },
  { kind: 'unknown_currency', description: 'an order line in currency "XYZ"', rule: 'currency.unknown', spoil: (e) => orderLine(e, { currency: 'XYZ' }) },
  { kind: 'bad_weblog', description: 'a web-log line cut off after the client address', rule: 'weblog.format', spoil: (e) => (e.record_type === 'weblog' ? { ...e, line: String(e.line).split(' ')[0] } : undefined) },
];

/** `e` with `changes` when it is an order line; undefined otherwise. */
function orderLine(e: { [key: string]: Json }, changes: { [key: string]: Json }): { [key: string]: Json } | undefined {
  return e.record_type === 'order_line' ? { ...e, ...changes } : undefined;
}

const N_PRODUCTS = 120;
const N_CUSTOMERS = 300;

interface Catalog {
  products: { product_id: string; name: string; category: string; price: string }[];
  customers: { customer_id: string; name: string; email: string; country: string }[];
}

function catalog(rng: Prng): Catalog {
  const products = Array.from({ length: N_PRODUCTS }, (_, i) => {
    const category = CATEGORIES[i % CATEGORIES.length];
    const items = ITEMS[category];
    return {
      product_id: String(20000 + i * 7 + rng.int(0, 6)) + (rng.next() < 0.2 ? 'A' : ''),
      name: `${ADJECTIVES[rng.int(0, ADJECTIVES.length - 1)]} ${items[rng.int(0, items.length - 1)]}`,
      category,
      price: (rng.int(29, 1999) / 100).toFixed(2),
    };
  });
  const customers = Array.from({ length: N_CUSTOMERS }, (_, i) => {
    const first = FIRST[rng.int(0, FIRST.length - 1)], last = LAST[rng.int(0, LAST.length - 1)];
    return {
      customer_id: String(12346 + i * 3),
      name: `${first} ${last}`,
      email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `${i}@example.com`,
      country: COUNTRIES[pickWeighted(rng, COUNTRIES.map((c) => c.weight))].name,
    };
  });
  return { products, customers };
}

/** `[06/Jan/2025:00:00:01 +0000]`-style time of the combined log format. */
function clfTime(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function weblogLine(rng: Prng, cat: Catalog, t: number): string {
  const ip = `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  const path = rng.next() < 0.3 ? `/products/${cat.products[rng.int(0, N_PRODUCTS - 1)].product_id}` : PATHS[rng.int(0, PATHS.length - 1)];
  const method = path === '/checkout' && rng.next() < 0.5 ? 'POST' : 'GET';
  const status = [200, 200, 200, 200, 200, 304, 301, 404, 500][rng.int(0, 8)];
  const bytes = status === 304 ? 0 : rng.int(200, 60_000);
  return `${ip} - - [${clfTime(t)}] "${method} ${path} HTTP/1.1" ${status} ${bytes} "${REFERRERS[rng.int(0, REFERRERS.length - 1)]}" "${AGENTS[rng.int(0, AGENTS.length - 1)]}"`;
}

function* generate(options: GeneratorOptions): Generator<Sample> {
  const { start } = resolveOptions(options, 0);
  const rng = mulberry32(options.seed);
  const cat = catalog(rng);
  let t = start;
  let orderNo = 536_365;
  let queue: { [key: string]: Json }[] = []; // remaining lines of the current order
  for (let i = 0; i < options.count; i++) {
    t += rng.int(50, 900);
    const time = new Date(t).toISOString();
    let event: { [key: string]: Json };
    const pick = queue.length > 0 ? 0 : rng.next();
    if (queue.length > 0 || pick < 0.55) {
      if (queue.length === 0) {
        const c = cat.customers[rng.int(0, N_CUSTOMERS - 1)];
        const currency = CURRENCIES[pickWeighted(rng, CURRENCIES.map((x) => x.weight))].text;
        const id = `${orderNo++}`;
        const lines = rng.int(1, 5);
        queue = Array.from({ length: lines }, (_, n) => {
          const p = cat.products[rng.int(0, N_PRODUCTS - 1)];
          return { record_type: 'order_line', order_id: id, line_no: String(n + 1), customer_id: c.customer_id, product_id: p.product_id, quantity: String(rng.int(1, 24)), unit_price: p.price, currency, ordered_at: time };
        });
      }
      event = queue.shift()!;
    } else if (pick < 0.8) {
      event = { record_type: 'weblog', line: weblogLine(rng, cat, t) };
    } else if (pick < 0.9) {
      event = { record_type: 'customer', ...cat.customers[rng.int(0, N_CUSTOMERS - 1)], updated_at: time };
    } else {
      const p = cat.products[rng.int(0, N_PRODUCTS - 1)];
      event = { record_type: 'product', ...p, currency: 'GBP', updated_at: time };
    }
    yield { event };
  }
}

const defects = { defaultRate: 0.05, kinds: RETAIL_DEFECTS };

/** The retail generator. */
export const retailGenerator: SampleGenerator = {
  id: 'retail',
  description: 'order lines, customers, products and web-log lines, with 5% deliberate defects tagged with the rule they break',
  generate: withDefects(generate, defects),
  defects,
};
