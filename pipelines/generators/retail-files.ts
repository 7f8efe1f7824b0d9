/**
 * Writes retail sample data as the source systems would export it: `orders.csv` (one order line
 * per row), `customers.json` and `products.json` (JSON arrays), `access.log` (combined log
 * format), plus `defects.json`, a manifest of every deliberate defect (file, 1-based record
 * number in that file, kind, rule) so an ingest test can check each is quarantined.
 *
 * The files carry no `record_type`: the ingest sets it from the file kind. The files are built in
 * memory before writing: meant for samples (up to a few million records), not for load tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../types';
import { csvField } from './format';
import { retailGenerator } from './retail';
import type { GeneratorOptions } from './types';

/** Columns of `orders.csv`, in order. */
export const ORDER_COLUMNS = ['order_id', 'line_no', 'customer_id', 'product_id', 'quantity', 'unit_price', 'currency', 'ordered_at'] as const;

/** Where each record type goes. */
const FILES = { order_line: 'orders.csv', customer: 'customers.json', product: 'products.json', weblog: 'access.log' } as const;

/** One entry of `defects.json`. */
export interface DefectEntry {
  readonly file: string;
  /** 1-based record number within the file (CSV: data row, JSON: array element, log: line). */
  readonly record: number;
  readonly kind: string;
  readonly rule?: string;
}

/** Writes the four retail files and `defects.json` under `dir`; returns the file names. */
export function writeRetailFiles(options: GeneratorOptions & { readonly dir: string }): string[] {
  const orders: string[] = [`${ORDER_COLUMNS.join(',')}\n`];
  const customers: { [key: string]: Json }[] = [];
  const products: { [key: string]: Json }[] = [];
  const log: string[] = [];
  const defects: DefectEntry[] = [];
  for (const { event, defect } of retailGenerator.generate(options)) {
    const { record_type: type, ...rest } = event;
    let record: number;
    if (type === 'order_line') record = orders.push(`${ORDER_COLUMNS.map((c) => csvField(rest[c])).join(',')}\n`) - 1;
    else if (type === 'customer') record = customers.push(rest);
    else if (type === 'product') record = products.push(rest);
    else record = log.push(`${String(rest.line)}\n`);
    if (defect) defects.push({ file: FILES[type as keyof typeof FILES], record, kind: defect.kind, ...(defect.rule ? { rule: defect.rule } : {}) });
  }
  mkdirSync(options.dir, { recursive: true });
  const json = (rows: unknown[]) => `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
  writeFileSync(join(options.dir, FILES.order_line), orders.join(''));
  writeFileSync(join(options.dir, FILES.customer), json(customers));
  writeFileSync(join(options.dir, FILES.product), json(products));
  writeFileSync(join(options.dir, FILES.weblog), log.join(''));
  writeFileSync(join(options.dir, 'defects.json'), json(defects));
  return [...Object.values(FILES), 'defects.json'].sort();
}
