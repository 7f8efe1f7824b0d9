/**
 * One valid raw event per pipeline (per format for crypto, per record type for retail), for
 * tests and the core benchmark. Times are fixed; pair them with {@link SAMPLE_NOW}.
 */
import type { CryptoCompareRaw, FinnhubQuoteRaw } from '../schemas/crypto.schema';
import type { IotRaw } from '../schemas/iot.schema';
import type { RetailCustomerRaw, RetailOrderLineRaw, RetailProductRaw, RetailWeblogRaw } from '../schemas/retail.schema';
import type { StocksRaw } from '../schemas/stocks.schema';
import type { TaxiRaw } from '../schemas/taxi.schema';

/** The pipeline clock the samples are valid at. */
export const SAMPLE_NOW = new Date('2026-11-30T12:00:00.000Z');

export const TAXI_SAMPLE: TaxiRaw = {
  ride_id: 'r-000001',
  taxi_id: 't-042',
  client_id: 'c-1337',
  timestamp: '2026-11-30T11:59:58.120Z',
  taxi: { lat: 48.8566, lon: 2.3522 },
  client: { lat: 48.8656, lon: 2.3522 },
  comfort: 'medium',
};

export const STOCKS_SAMPLE: StocksRaw = {
  instrument_token: 408065,
  tradingsymbol: 'INFY',
  last_price: 1510.5,
  last_quantity: 5,
  average_price: 1502.25,
  volume: 1_234_567,
  buy_quantity: 120_000,
  sell_quantity: 98_000,
  ohlc: { open: 1495, high: 1515, low: 1490.1, close: 1500 },
  timestamp: '2026-11-30T11:59:59+05:30',
  depth: { buy: [{ price: 1510.4, quantity: 30, orders: 2 }], sell: [{ price: 1510.65, quantity: 12, orders: 1 }] },
};

export const IOT_SAMPLE: IotRaw = { room: '413', sensor_type: 'co2', timestamp: 1796036390, value: 612 };

export const CRYPTOCOMPARE_SAMPLE: CryptoCompareRaw = {
  TYPE: '5',
  MARKET: 'CCCAGG',
  FROMSYMBOL: 'BTC',
  TOSYMBOL: 'USD',
  FLAGS: '2049',
  PRICE: 97_250.12,
  LASTUPDATE: 1796036395,
  MEDIAN: 97_249.8,
  LASTVOLUME: 0.0123,
  OPENDAY: 96_100,
  HIGHDAY: 97_800.5,
  LOWDAY: 95_900,
  VOLUMEDAY: 12_345.678,
  OPEN24HOUR: 95_800,
  HIGH24HOUR: 97_900,
  LOW24HOUR: 95_500,
  VOLUME24HOUR: 30_123.4,
  CHANGE24HOUR: 1450.12,
  CHANGEPCT24HOUR: 1.5137,
  MKTCAP: 1_930_000_000_000,
};

export const FINNHUB_SAMPLE: FinnhubQuoteRaw = { symbol: 'AAPL', c: 231.5, d: 1.25, dp: 0.5429, h: 232.1, l: 229.8, o: 230.0, pc: 230.25, t: 1796036380 };

export const ORDER_LINE_SAMPLE: RetailOrderLineRaw = {
  record_type: 'order_line',
  order_id: 'INV-536365',
  line_no: '2',
  customer_id: 'C-17850',
  product_id: '85123A',
  quantity: '6',
  unit_price: '2.55',
  currency: 'gbp',
  ordered_at: '2026-11-30T11:58:00Z',
};

export const CUSTOMER_SAMPLE: RetailCustomerRaw = {
  record_type: 'customer',
  customer_id: 'C-17850',
  name: 'Ada Lovelace ',
  email: 'Ada@Example.org',
  country: 'United Kingdom',
  updated_at: '2026-11-30T10:00:00Z',
};

export const PRODUCT_SAMPLE: RetailProductRaw = {
  record_type: 'product',
  product_id: '85123A',
  name: 'White hanging heart T-light holder',
  category: 'Home Decor',
  price: 2.55,
  currency: '£',
  updated_at: '2026-11-29T08:00:00Z',
};

export const WEBLOG_SAMPLE: RetailWeblogRaw = {
  record_type: 'weblog',
  line: '203.0.113.7 - C-17850 [30/Nov/2026:12:58:01 +0100] "GET /products/85123A HTTP/1.1" 200 5123 "https://shop.example/" "Mozilla/5.0 (X11; Linux x86_64)"',
};

/** Valid raw samples by pipeline id. */
export const SAMPLES: Readonly<Record<string, readonly object[]>> = {
  taxi: [TAXI_SAMPLE],
  stocks: [STOCKS_SAMPLE],
  iot: [IOT_SAMPLE],
  crypto: [CRYPTOCOMPARE_SAMPLE, FINNHUB_SAMPLE],
  retail: [ORDER_LINE_SAMPLE, CUSTOMER_SAMPLE, PRODUCT_SAMPLE, WEBLOG_SAMPLE],
};
