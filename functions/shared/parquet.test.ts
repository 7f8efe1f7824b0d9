import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { LakeValueError, ParquetEncoder, type LakeColumn } from './parquet';

const columns: LakeColumn[] = [
  { name: 'event_id', type: 'STRING' },
  { name: 'event_time', type: 'TIMESTAMP' },
  { name: 'passengers', type: 'INT64' },
  { name: 'price', type: 'DOUBLE' },
  { name: 'paid', type: 'BOOLEAN' },
  { name: 'event_date', type: 'DATE' },
  { name: 'pickup', type: { struct: [{ name: 'lat', type: 'DOUBLE' }, { name: 'lon', type: 'DOUBLE' }] } },
  { name: 'tags', type: { list: 'STRING' } },
];

const rows = [
  { event_id: 'a', event_time: '2026-11-22T10:00:00.123Z', passengers: 2, price: 12.5, paid: true, event_date: '2026-11-22', pickup: { lat: 40.75, lon: -73.99 }, tags: ['x', 'y'] },
  { event_id: 'b', event_time: '2026-11-22T23:59:59Z', passengers: 1, price: 3, paid: false, event_date: '2026-11-22', pickup: null, tags: [] },
  { event_id: 'c' },
];

describe('ParquetEncoder', () => {
  const encoder = new ParquetEncoder(columns);
  afterAll(() => encoder.close());

  it('writes rows an independent reader (hyparquet) reads back, nested columns included', async () => {
    const bytes = await encoder.encode(rows);
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const back = await parquetReadObjects({ file: buf, compressors });
    expect(back).toHaveLength(3);
    expect(back[0].event_id).toBe('a');
    expect((back[0].event_time as Date).toISOString()).toBe('2026-11-22T10:00:00.123Z');
    expect(back[0].passengers).toBe(2n);
    expect(back[0].pickup).toEqual({ lat: 40.75, lon: -73.99 });
    expect(back[0].tags).toEqual(['x', 'y']);
    expect(back[1].pickup ?? null).toBeNull(); // hyparquet reads a null struct as undefined
    expect(back[2]).toMatchObject({ event_id: 'c', price: null, event_time: null });
  });

  it('stores timestamps as UTC-adjusted microseconds and compresses with zstd', async () => {
    const bytes = await encoder.encode(rows.slice(0, 1));
    const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const ts = meta.schema.find((s) => s.name === 'event_time')!;
    expect(ts.type).toBe('INT64');
    expect(ts.logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' });
    expect(meta.row_groups[0].columns[0].meta_data?.codec).toBe('ZSTD');
  });

  it('rejects a value that does not fit its column, naming the column', async () => {
    await expect(encoder.encode([{ event_id: 'x', passengers: 1.5 }])).rejects.toThrow(LakeValueError);
    await expect(encoder.encode([{ event_id: 'x', event_time: 'not a time' }])).rejects.toThrow(/column event_time/);
    // the encoder stays usable after a rejected batch
    expect((await encoder.encode(rows)).byteLength).toBeGreaterThan(0);
  });
});
