/**
 * Metadata DuckDB does not keep: datasets' and tables' descriptions, labels, given schemas (modes,
 * descriptions), views' GoogleSQL text and external tables' configuration. DuckDB's own catalog
 * (schemas, tables, views) says what exists; this adds to it. Persisted as `catalog.json` under
 * dataDir on every change.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Field } from './types';

/** What the emulator keeps about a dataset beyond its DuckDB schema. */
export interface DatasetMeta {
  projectId: string;
  datasetId: string;
  location: string;
  creationTime: string;
  lastModifiedTime: string;
  description?: string;
  friendlyName?: string;
  labels?: Record<string, string>;
  defaultTableExpirationMs?: string;
}

/** What the emulator keeps about a table beyond its DuckDB relation. */
export interface TableMeta {
  projectId: string;
  datasetId: string;
  tableId: string;
  type: 'TABLE' | 'VIEW' | 'EXTERNAL';
  creationTime: string;
  lastModifiedTime: string;
  schema?: { fields: Field[] };
  description?: string;
  friendlyName?: string;
  labels?: Record<string, string>;
  view?: { query: string; useLegacySql?: boolean };
  externalDataConfiguration?: Record<string, unknown>;
  /** An external table whose files did not exist yet (rebuilt before each query until they do). */
  pendingFiles?: boolean;
  timePartitioning?: unknown;
  clustering?: unknown;
}

interface Saved {
  datasets: DatasetMeta[];
  tables: TableMeta[];
}

/** Key of a table: `dataset.table`. */
export const tableKey = (datasetId: string, tableId: string): string => `${datasetId}.${tableId}`;

/** The metadata store. */
export class Catalog {
  readonly datasets = new Map<string, DatasetMeta>();
  readonly tables = new Map<string, TableMeta>();

  constructor(private readonly dir?: string) {
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'catalog.json');
    if (!existsSync(file)) return;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    for (const d of saved.datasets) this.datasets.set(d.datasetId, d);
    for (const t of saved.tables) this.tables.set(tableKey(t.datasetId, t.tableId), t);
  }

  /** Writes `catalog.json` (atomically) when persistent. */
  save(): void {
    if (!this.dir) return;
    const file = join(this.dir, 'catalog.json');
    const saved: Saved = { datasets: [...this.datasets.values()], tables: [...this.tables.values()] };
    writeFileSync(`${file}.tmp`, JSON.stringify(saved, null, 1));
    renameSync(`${file}.tmp`, file);
  }

  /** Forgets a table's metadata. */
  dropTable(datasetId: string, tableId: string): void {
    if (this.tables.delete(tableKey(datasetId, tableId))) this.save();
  }

  /** Forgets a dataset and its tables' metadata. */
  dropDataset(datasetId: string): void {
    this.datasets.delete(datasetId);
    for (const [k, t] of this.tables) if (t.datasetId === datasetId) this.tables.delete(k);
    this.save();
  }
}

/** Milliseconds since the epoch as BigQuery writes them (a decimal string). */
export const nowMs = (): string => String(Date.now());
