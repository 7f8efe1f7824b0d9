/**
 * The state every handler works on: the DuckDB {@link Engine}, the metadata {@link Catalog}, and
 * lookups that join the two (a dataset is a DuckDB schema; a table, view or external table is a
 * DuckDB relation in it).
 */
import { Catalog, nowMs, tableKey, type DatasetMeta, type TableMeta } from './catalog';
import { Engine } from './engine';
import { ModelStore } from './ml/store';
import { notFound } from './errors';
import { fieldOf, lit, q, type Field } from './types';

/** DuckDB schemas that are not datasets. */
const SYSTEM_SCHEMAS = new Set(['main', 'information_schema', 'pg_catalog']);

/** A relation in a dataset. */
export interface Relation {
  readonly name: string;
  readonly kind: 'TABLE' | 'VIEW';
}

/** Options for {@link Warehouse.open}. */
export interface WarehouseOptions {
  /** Directory for `warehouse.duckdb`, `catalog.json` and models; memory when unset. */
  readonly dataDir?: string;
  /** The Cloud Storage emulator's root: `gs://b/n` is read at `<storageRoot>/<b>/<n>`. */
  readonly storageRoot?: string;
  /** Location datasets report. @default 'US' */
  readonly location?: string;
}

/** Engine + catalog. */
export class Warehouse {
  private constructor(
    readonly engine: Engine,
    readonly catalog: Catalog,
    readonly options: WarehouseOptions,
    /** Trained BigQuery ML models. */
    readonly models: ModelStore,
  ) {}

  /** Opens (or creates) the warehouse. */
  static async open(options: WarehouseOptions): Promise<Warehouse> {
    const { mkdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const engine = await Engine.open(options.dataDir ? join(options.dataDir, 'warehouse.duckdb') : ':memory:');
    return new Warehouse(engine, new Catalog(options.dataDir), options, new ModelStore(options.dataDir));
  }

  /** Dataset ids (DuckDB schemas), sorted. */
  async datasetIds(): Promise<string[]> {
    const r = await this.engine.query(
      `SELECT schema_name FROM information_schema.schemata WHERE catalog_name = current_database() ORDER BY 1`,
    );
    return r.rows.map((row) => String(row[0])).filter((s) => !SYSTEM_SCHEMAS.has(s));
  }

  /** The dataset's metadata (made up for one created through SQL), or a 404. */
  async dataset(projectId: string, datasetId: string): Promise<DatasetMeta> {
    const meta = this.catalog.datasets.get(datasetId);
    if (meta) return meta;
    if (!(await this.datasetIds()).includes(datasetId)) throw notFound(`Dataset ${projectId}:${datasetId}`);
    const now = nowMs();
    const made: DatasetMeta = { projectId, datasetId, location: this.location, creationTime: now, lastModifiedTime: now };
    this.catalog.datasets.set(datasetId, made);
    this.catalog.save();
    return made;
  }

  /** Location every dataset reports. */
  get location(): string {
    return this.options.location ?? 'US';
  }

  /** Relations in a dataset, sorted by name. */
  async relations(datasetId: string): Promise<Relation[]> {
    const r = await this.engine.query(
      `SELECT table_name, table_type FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = ${lit(datasetId)} ORDER BY 1`,
    );
    return r.rows.map((row) => ({ name: String(row[0]), kind: String(row[1]) === 'VIEW' ? 'VIEW' : 'TABLE' }));
  }

  /** The table's metadata joined with DuckDB's, or a 404. */
  async table(projectId: string, datasetId: string, tableId: string): Promise<TableMeta> {
    await this.dataset(projectId, datasetId);
    const rel = (await this.relations(datasetId)).find((r) => r.name === tableId);
    if (!rel) throw notFound(`Table ${projectId}:${datasetId}.${tableId}`);
    const stored = this.catalog.tables.get(tableKey(datasetId, tableId));
    const now = nowMs();
    const meta: TableMeta = stored ?? { projectId, datasetId, tableId, type: rel.kind, creationTime: now, lastModifiedTime: now };
    if (!stored) {
      this.catalog.tables.set(tableKey(datasetId, tableId), meta);
      this.catalog.save();
    }
    return meta;
  }

  /** The schema DuckDB gives the relation, with modes and descriptions from a stored schema where names match. */
  async schemaOf(datasetId: string, tableId: string): Promise<Field[]> {
    const r = await this.engine.query(`SELECT * FROM ${q(datasetId)}.${q(tableId)} LIMIT 0`);
    const stored = this.catalog.tables.get(tableKey(datasetId, tableId))?.schema?.fields ?? [];
    return r.names.map((name, i) => {
      const derived = fieldOf(name, r.types[i]);
      const given = stored.find((f) => f.name.toLowerCase() === name.toLowerCase());
      return given && given.type !== 'RECORD' && given.type !== 'STRUCT' ? { ...derived, ...given, type: derived.type === 'STRING' && given.type === 'GEOGRAPHY' ? 'GEOGRAPHY' : given.type.toUpperCase() } : derived;
    });
  }

  /** Closes DuckDB. */
  close(): Promise<void> {
    return this.engine.close();
  }
}
