/**
 * Trained models: one JSON file per model under `<dataDir>/models/` (memory only without a
 * dataDir), so models survive restarts like tables do.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArimaFit } from './arima';

/** A KMEANS model's state. */
export interface KMeansState {
  readonly kind: 'KMEANS';
  readonly features: string[];
  /** Per feature mean and standard deviation used to standardise (1 and 0 when not standardising). */
  readonly means: number[];
  readonly stds: number[];
  /** Centroids in standardised space. */
  readonly centroids: number[][];
  readonly counts: number[];
}

/** A LINEAR_REG model's state. */
export interface LinearState {
  readonly kind: 'LINEAR_REG';
  readonly features: string[];
  readonly label: string;
  readonly intercept: number;
  readonly weights: number[];
}

/** An ARIMA_PLUS model's state: one fit per series (`id` null for a single series). */
export interface ArimaState {
  readonly kind: 'ARIMA_PLUS';
  readonly timestampCol: string;
  readonly dataCol: string;
  readonly idCols: string[];
  readonly horizon: number;
  readonly series: { id: (string | null)[]; fit: ArimaFit; lastMicros: string; stepMicros: string }[];
}

/** A stored model. */
export interface ModelRecord {
  projectId: string;
  datasetId: string;
  modelId: string;
  modelType: 'KMEANS' | 'LINEAR_REG' | 'ARIMA_PLUS';
  options: Record<string, unknown>;
  creationTime: string;
  lastModifiedTime: string;
  /** Column names and BigQuery types of the training query. */
  inputColumns: { name: string; type: string }[];
  trainingInfo: { iteration: number; loss: number; durationMs: number }[];
  state: KMeansState | LinearState | ArimaState;
  description?: string;
  labels?: Record<string, string>;
}

/** The model store. */
export class ModelStore {
  private readonly models = new Map<string, ModelRecord>();
  private readonly dir?: string;

  constructor(dataDir?: string) {
    if (!dataDir) return;
    this.dir = join(dataDir, 'models');
    mkdirSync(this.dir, { recursive: true });
    for (const f of readdirSync(this.dir)) {
      if (!f.endsWith('.json')) continue;
      const m = JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as ModelRecord;
      this.models.set(`${m.datasetId}.${m.modelId}`, m);
    }
  }

  /** A model or undefined. */
  get(datasetId: string, modelId: string): ModelRecord | undefined {
    return this.models.get(`${datasetId}.${modelId}`);
  }

  /** Models of a dataset, by id. */
  list(datasetId: string): ModelRecord[] {
    return [...this.models.values()].filter((m) => m.datasetId === datasetId).sort((a, b) => a.modelId.localeCompare(b.modelId));
  }

  /** Stores (and persists) a model. */
  put(m: ModelRecord): void {
    this.models.set(`${m.datasetId}.${m.modelId}`, m);
    if (!this.dir) return;
    const file = join(this.dir, `${m.datasetId}.${m.modelId}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(m));
    renameSync(`${file}.tmp`, file);
  }

  /** Deletes a model; false when there was none. */
  delete(datasetId: string, modelId: string): boolean {
    const had = this.models.delete(`${datasetId}.${modelId}`);
    if (this.dir) {
      const file = join(this.dir, `${datasetId}.${modelId}.json`);
      if (existsSync(file)) rmSync(file);
    }
    return had;
  }

  /** Deletes every model of a dataset. */
  dropDataset(datasetId: string): void {
    for (const m of this.list(datasetId)) this.delete(datasetId, m.modelId);
  }
}
