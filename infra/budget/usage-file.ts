/**
 * Infracost usage files (`infracost-usage.yml`, `version: 0.1`): `resource_type_default_usage`
 * per Terraform type and `resource_usage` per resource. Resources are named by Terraform
 * address (`google_pubsub_topic.taxi_raw_1A2B3C`, as Infracost does) or, our extension, by
 * `type.cloud-name` (`google_pubsub_topic.taxi-raw`), which survives a re-synth. A nested value
 * (Infracost's egress maps) is the sum of its numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ResourceGraph } from '../graph';
import { resolvedConfig, resourceName } from './estimate';
import type { UsageValues } from './types';

/** A usage file that is not valid. */
export class UsageFileError extends Error {
  constructor(file: string, detail: string) {
    super(`usage file ${file}: ${detail}`);
    this.name = 'UsageFileError';
  }
}

/** A parsed usage file. */
export interface UsageFile {
  readonly file: string;
  readonly typeDefaults: ReadonlyMap<string, UsageValues>;
  readonly resources: ReadonlyMap<string, UsageValues>;
}

function flatten(file: string, where: string, v: unknown): UsageValues {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UsageFileError(file, `${where} must be a map of usage keys`);
  const out: Record<string, number | string | boolean> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean') out[k] = x;
    else if (x && typeof x === 'object') out[k] = sum(x);
    else if (x !== null) throw new UsageFileError(file, `${where}.${k} must be a number`);
  }
  return out;
}

function sum(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object') return Object.values(v).reduce((s: number, x) => s + sum(x), 0);
  return 0;
}

/** Parses a usage file's text. */
export function parseUsageFile(text: string, file = 'usage file'): UsageFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new UsageFileError(file, `not YAML: ${(err as Error).message}`);
  }
  const d = (doc ?? {}) as Record<string, unknown>;
  if (String(d.version) !== '0.1') throw new UsageFileError(file, `version is ${JSON.stringify(d.version)}; write "version: 0.1" (the Infracost usage file format)`);
  const known = new Set(['version', 'resource_type_default_usage', 'resource_usage']);
  const unknown = Object.keys(d).filter((k) => !known.has(k));
  if (unknown.length) throw new UsageFileError(file, `unknown top-level key(s) ${unknown.join(', ')}; expected resource_type_default_usage and resource_usage`);
  const map = (key: string) => new Map(Object.entries((d[key] ?? {}) as Record<string, unknown>).map(([k, v]) => [k, flatten(file, `${key}.${k}`, v)]));
  return { file, typeDefaults: map('resource_type_default_usage'), resources: map('resource_usage') };
}

/** Reads and parses a usage file. */
export function readUsageFile(file: string): UsageFile {
  if (!existsSync(file)) throw new UsageFileError(file, 'does not exist; pass an Infracost usage file (example: infra/budget/infracost-usage.example.yml)');
  return parseUsageFile(readFileSync(file, 'utf8'), file);
}

/**
 * Usage per address from the file for the graph's resources. Throws when `resource_usage` names
 * a resource the graph does not have (a typo would otherwise be ignored).
 */
export function usageFromFile(u: UsageFile, graph: ResourceGraph): Map<string, UsageValues> {
  const out = new Map<string, UsageValues>();
  const matched = new Set<string>();
  for (const r of graph.resources()) {
    const byName = `${r.type}.${resourceName(r, resolvedConfig(graph, r))}`;
    const own = u.resources.get(r.address) ?? u.resources.get(byName);
    if (u.resources.has(r.address)) matched.add(r.address);
    if (u.resources.has(byName)) matched.add(byName);
    const merged = { ...(u.typeDefaults.get(r.type) ?? {}), ...(own ?? {}) };
    if (Object.keys(merged).length) out.set(r.address, merged);
  }
  const stray = [...u.resources.keys()].filter((k) => !matched.has(k));
  if (stray.length) throw new UsageFileError(u.file, `resource_usage names resources not in the stack: ${stray.join(', ')} (use the Terraform address or type.cloud-name)`);
  return out;
}
