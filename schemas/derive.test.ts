import type { LakeColumn as EncoderColumn } from '../functions/shared/parquet';
import type { BqField as InfraBqField } from '../infra/constructs/warehouse';
import { fieldsOf, SchemaDerivationError, toBigQuerySchema, toElasticsearchMapping, toParquetSchema } from './derive';
import { cryptoRawSchema, taxiEnrichedSchema, iotEnrichedSchema, retailEnrichedSchema } from './index';

const sample = {
  type: 'object',
  required: ['id', 'at', 'pos', 'tags'],
  properties: {
    id: { type: 'string', description: 'the id' },
    at: { type: 'string', format: 'date-time' },
    day: { type: 'string', format: 'date' },
    n: { type: 'integer' },
    x: { type: ['number', 'null'] },
    ok: { type: 'boolean' },
    pos: { type: 'object', 'x-es': 'geo_point', required: ['lat', 'lon'], properties: { lat: { type: 'number' }, lon: { type: 'number' } } },
    nested: { type: 'object', properties: { a: { type: 'integer' } } },
    blob: { type: 'object' },
    tags: { type: 'array', items: { type: 'string' } },
    body: { type: 'string', 'x-es': 'text' },
    raw: { type: 'string', 'x-bq': 'JSON' },
  },
};

describe('toBigQuerySchema', () => {
  it('maps types, modes, descriptions and records', () => {
    expect(toBigQuerySchema(sample)).toEqual([
      { name: 'id', type: 'STRING', mode: 'REQUIRED', description: 'the id' },
      { name: 'at', type: 'TIMESTAMP', mode: 'REQUIRED' },
      { name: 'day', type: 'DATE', mode: 'NULLABLE' },
      { name: 'n', type: 'INT64', mode: 'NULLABLE' },
      { name: 'x', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'ok', type: 'BOOL', mode: 'NULLABLE' },
      { name: 'pos', type: 'RECORD', mode: 'REQUIRED', fields: [{ name: 'lat', type: 'FLOAT64', mode: 'REQUIRED' }, { name: 'lon', type: 'FLOAT64', mode: 'REQUIRED' }] },
      { name: 'nested', type: 'RECORD', mode: 'NULLABLE', fields: [{ name: 'a', type: 'INT64', mode: 'NULLABLE' }] },
      { name: 'blob', type: 'JSON', mode: 'NULLABLE' },
      { name: 'tags', type: 'STRING', mode: 'REPEATED' },
      { name: 'body', type: 'STRING', mode: 'NULLABLE' },
      { name: 'raw', type: 'JSON', mode: 'NULLABLE' },
    ]);
  });

  it('gives taxi the columns the SQL reads (client.lat, price_estimate, …)', () => {
    const byName = new Map(toBigQuerySchema(taxiEnrichedSchema).map((f) => [f.name, f]));
    expect(byName.get('client')?.fields?.map((f) => f.name)).toEqual(['lat', 'lon']);
    expect(byName.get('event_time')?.type).toBe('TIMESTAMP');
    expect(byName.get('price_estimate')?.type).toBe('FLOAT64');
  });

  it('merges oneOf variants into optional columns', () => {
    const names = toBigQuerySchema(cryptoRawSchema);
    expect(names.find((f) => f.name === 'PRICE')).toMatchObject({ type: 'FLOAT64', mode: 'NULLABLE' });
    expect(names.find((f) => f.name === 'c')).toMatchObject({ type: 'FLOAT64', mode: 'NULLABLE' });
  });

  it('turns a field both variants define with different types into JSON', () => {
    const s = { type: 'object', oneOf: [{ properties: { v: { type: 'string' } } }, { properties: { v: { type: 'integer' } } }] };
    expect(toBigQuerySchema(s)).toEqual([{ name: 'v', type: 'JSON', mode: 'NULLABLE' }]);
  });

  it('names the path of a field it cannot map', () => {
    expect(() => toBigQuerySchema({ type: 'object', properties: { a: { type: 'object', properties: { b: {} } } } })).toThrow(new SchemaDerivationError('a.b', 'has no type; give it a "type" (or "x-bq": "JSON")'));
  });
});

describe('toElasticsearchMapping', () => {
  it('maps geo_point, keyword, text, dates and nested objects', () => {
    const m = toElasticsearchMapping(sample);
    expect(m.dynamic).toBe(false);
    expect(m.properties).toMatchObject({
      id: { type: 'keyword' },
      at: { type: 'date' },
      day: { type: 'date', format: 'strict_date' },
      n: { type: 'long' },
      x: { type: 'double' },
      ok: { type: 'boolean' },
      pos: { type: 'geo_point' },
      nested: { properties: { a: { type: 'long' } } },
      blob: { type: 'object', dynamic: false },
      tags: { type: 'keyword' },
      body: { type: 'text', fields: { keyword: { type: 'keyword' } } },
    });
  });

  it('gives the iot and retail indices their types', () => {
    expect(toElasticsearchMapping(iotEnrichedSchema).properties.event_date).toEqual({ type: 'date', format: 'strict_date' });
    expect(toElasticsearchMapping(retailEnrichedSchema).properties.ip).toEqual({ type: 'ip' });
    expect(toElasticsearchMapping(taxiEnrichedSchema).properties.client).toEqual({ type: 'geo_point' });
  });
});

describe('toParquetSchema', () => {
  it('maps to lake columns with structs and lists', () => {
    expect(toParquetSchema(sample)).toEqual([
      { name: 'id', type: 'STRING' },
      { name: 'at', type: 'TIMESTAMP' },
      { name: 'day', type: 'DATE' },
      { name: 'n', type: 'INT64' },
      { name: 'x', type: 'DOUBLE' },
      { name: 'ok', type: 'BOOLEAN' },
      { name: 'pos', type: { struct: [{ name: 'lat', type: 'DOUBLE' }, { name: 'lon', type: 'DOUBLE' }] } },
      { name: 'nested', type: { struct: [{ name: 'a', type: 'INT64' }] } },
      { name: 'blob', type: 'JSON' },
      { name: 'tags', type: { list: 'STRING' } },
      { name: 'body', type: 'STRING' },
      { name: 'raw', type: 'JSON' },
    ]);
  });

  it('leaves out the fields asked for (partition keys)', () => {
    expect(toParquetSchema(iotEnrichedSchema, { omit: ['room', 'sensor_type'] }).map((c) => c.name)).not.toContain('room');
  });

  it('lists the same fields as the BigQuery schema', () => {
    for (const s of [taxiEnrichedSchema, iotEnrichedSchema, retailEnrichedSchema]) {
      expect(toParquetSchema(s).map((c) => c.name)).toEqual(fieldsOf(s).map((f) => f.name));
      expect(toBigQuerySchema(s).map((c) => c.name)).toEqual(fieldsOf(s).map((f) => f.name));
    }
  });
});

describe('the derived types', () => {
  it('are what infra and the Parquet encoder take (checked by tsc)', () => {
    const bq: readonly InfraBqField[] = toBigQuerySchema(sample);
    const lake: readonly EncoderColumn[] = toParquetSchema(sample);
    expect(bq.length).toBe(lake.length);
  });
});
