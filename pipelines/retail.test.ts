import { retail } from './retail';
import { parseWeblog } from './retail-records';
import { CUSTOMER_SAMPLE, ORDER_LINE_SAMPLE, PRODUCT_SAMPLE, WEBLOG_SAMPLE } from './samples';
import { enrichOk, quarantineOf } from './test-helpers';

describe('retail enrichment', () => {
  it('types a CSV order line, normalizes its currency and computes line totals', () => {
    // 6 × 2.55 GBP = 15.30 GBP; × 1.17 EUR/GBP = 17.901 → 17.90 EUR.
    expect(enrichOk(retail, ORDER_LINE_SAMPLE)).toEqual({
      event_id: 'order_line/INV-536365/2',
      dedup_key: 'order_line/INV-536365/2',
      event_time: '2026-11-30T11:58:00.000Z',
      record_type: 'order_line',
      order_id: 'INV-536365',
      line_no: 2,
      customer_id: 'C-17850',
      product_id: '85123A',
      quantity: 6,
      unit_price: 2.55,
      currency: 'GBP',
      line_total_local: 15.3,
      line_total: 17.9,
    });
  });

  it('gives copies of an order line the same event id whatever the number spelling', () => {
    const a = enrichOk(retail, ORDER_LINE_SAMPLE);
    const b = enrichOk(retail, { ...ORDER_LINE_SAMPLE, line_no: 2, quantity: 6, unit_price: 2.55 });
    expect(b.event_id).toBe(a.event_id);
  });

  it('normalizes a customer (country code, email case) and versions its id by update time', () => {
    expect(enrichOk(retail, CUSTOMER_SAMPLE)).toEqual({
      event_id: 'customer/C-17850@2026-11-30T10:00:00.000Z',
      dedup_key: 'customer/C-17850',
      event_time: '2026-11-30T10:00:00.000Z',
      record_type: 'customer',
      customer_id: 'C-17850',
      country: 'GB',
      name: 'Ada Lovelace',
      email: 'ada@example.org',
    });
  });

  it('normalizes a product (category case, currency symbol)', () => {
    expect(enrichOk(retail, PRODUCT_SAMPLE)).toMatchObject({ record_type: 'product', category: 'home decor', currency: 'GBP', price: 2.55, dedup_key: 'product/85123A' });
  });

  it('parses a combined-log-format line into typed fields at UTC', () => {
    expect(enrichOk(retail, WEBLOG_SAMPLE)).toMatchObject({
      record_type: 'weblog',
      event_time: '2026-11-30T11:58:01.000Z',
      ip: '203.0.113.7',
      customer_id: 'C-17850',
      method: 'GET',
      path: '/products/85123A',
      status: 200,
      bytes: 5123,
      referrer: 'https://shop.example/',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
    });
  });

  it('parses a common-log-format line with no size', () => {
    expect(parseWeblog('10.0.0.1 - - [01/Jan/2026:00:00:00 +0000] "HEAD / HTTP/1.0" 304 -')).toMatchObject({ status: 304, bytes: 0, time: '2026-01-01T00:00:00.000Z' });
  });
});

describe('retail rules', () => {
  it('schema.pattern: quarantines a quantity that is not a number (a bad CSV cell)', () => {
    expect(quarantineOf(retail, { ...ORDER_LINE_SAMPLE, quantity: 'six' })).toMatchObject({ rule: 'schema.pattern', detail: expect.stringContaining('/quantity') });
  });

  it('schema.required: quarantines an order line without its product, naming the branch field', () => {
    const { product_id: _p, ...rest } = ORDER_LINE_SAMPLE;
    expect(quarantineOf(retail, rest)).toMatchObject({ rule: 'schema.required', detail: "/ must have required property 'product_id'" });
  });

  it('schema.enum: quarantines an unknown record type, listing the known ones', () => {
    expect(quarantineOf(retail, { record_type: 'invoice' })).toMatchObject({ rule: 'schema.enum', detail: '/record_type must be equal to one of the allowed values: ["order_line","customer","product","weblog"]' });
  });

  it('currency.unknown: quarantines a currency outside the rate table', () => {
    expect(quarantineOf(retail, { ...ORDER_LINE_SAMPLE, currency: 'XYZ' }).rule).toBe('currency.unknown');
  });

  it('price.negative: quarantines a negative unit price', () => {
    expect(quarantineOf(retail, { ...ORDER_LINE_SAMPLE, unit_price: '-2.55' }).rule).toBe('price.negative');
  });

  it('quantity.zero: quarantines an empty order line', () => {
    expect(quarantineOf(retail, { ...ORDER_LINE_SAMPLE, quantity: '0' }).rule).toBe('quantity.zero');
  });

  it('weblog.format: quarantines a line that is not combined log format', () => {
    expect(quarantineOf(retail, { record_type: 'weblog', line: 'GET /index.html' }).rule).toBe('weblog.format');
  });

  it('timestamp.future: quarantines an order placed tomorrow', () => {
    expect(quarantineOf(retail, { ...ORDER_LINE_SAMPLE, ordered_at: '2026-12-01T12:00:00Z' }).rule).toBe('timestamp.future');
  });
});
