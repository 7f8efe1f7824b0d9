/**
 * Cluster state: indices, composable index templates and aliases, and the resolution of index
 * expressions (`logs-*,-logs-old`, aliases, `_all`) the way Elasticsearch resolves them.
 */
import { EsError, illegalArgument, indexNotFound, mapperException, parsingException } from '../errors';
import { EsIndex } from './es-index';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Options of {@link Cluster.resolve}. */
export interface ResolveOptions {
  /** Missing concrete names are skipped instead of failing. @default false */
  readonly ignoreUnavailable?: boolean;
  /** A wildcard that matches nothing is fine. @default true */
  readonly allowNoIndices?: boolean;
}

/** Converts an Elasticsearch wildcard pattern to a regex. */
export const globToRegex = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** Flattens `{ index: { number_of_shards: 1 } }` and `{ "index.number_of_shards": "1" }` to `{ number_of_shards: '1' }`. */
export function flattenSettings(settings: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(settings)) return out;
  for (const [k, v] of Object.entries(settings)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObj(v)) Object.assign(out, flattenSettings(v, key));
    else out[key.startsWith('index.') ? key.slice(6) : key] = Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}

/** The cluster. */
export class Cluster {
  readonly indices = new Map<string, EsIndex>();
  readonly templates = new Map<string, Json>();
  /** Bumped on every metadata change (for snapshots). */
  metaVersion = 0;

  /** Validates an index name as Elasticsearch does. */
  static validateName(name: string): void {
    const bad = (why: string): never => {
      throw new EsError({ status: 400, type: 'invalid_index_name_exception', reason: `Invalid index name [${name}], ${why}`, details: { index_uuid: '_na_', index: name } });
    };
    if (name !== name.toLowerCase()) bad('must be lowercase');
    if (/[\\/*?"<>| ,#:]/.test(name)) bad('must not contain the following characters [\'\\\\\', \'/\', \'*\', \'?\', \'"\', \'<\', \'>\', \'|\', \' \', \',\', \'#\', \':\']');
    if (/^[_\-+]/.test(name)) bad("must not start with '_', '-', or '+'");
    if (name === '.' || name === '..' || name === '') bad("must not be '.' or '..'");
    if (Buffer.byteLength(name) > 255) bad('index name is too long, (' + Buffer.byteLength(name) + ' > 255)');
  }

  /** Index names an alias points to. */
  aliasTargets(alias: string): EsIndex[] {
    return [...this.indices.values()].filter((i) => i.aliases.has(alias));
  }

  /** All alias names. */
  aliasNames(): Set<string> {
    const out = new Set<string>();
    for (const i of this.indices.values()) for (const a of i.aliases.keys()) out.add(a);
    return out;
  }

  /** Resolves an index expression to indices (deduplicated, in name order). */
  resolve(expression: string | undefined, opts: ResolveOptions = {}): EsIndex[] {
    const parts = (expression ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const chosen = new Set<string>();
    if (parts.length === 0 || (parts.length === 1 && (parts[0] === '_all' || parts[0] === '*'))) {
      for (const n of this.indices.keys()) chosen.add(n);
      return this.ordered(chosen);
    }
    for (const part of parts) {
      if (part.startsWith('-') && chosen.size > 0) {
        const re = globToRegex(part.slice(1));
        for (const n of [...chosen]) if (re.test(n)) chosen.delete(n);
        continue;
      }
      if (part === '_all') {
        for (const n of this.indices.keys()) chosen.add(n);
      } else if (part.includes('*')) {
        const re = globToRegex(part);
        for (const n of this.indices.keys()) if (re.test(n)) chosen.add(n);
        for (const a of this.aliasNames()) if (re.test(a)) for (const i of this.aliasTargets(a)) chosen.add(i.name);
      } else if (this.indices.has(part)) {
        chosen.add(part);
      } else {
        const targets = this.aliasTargets(part);
        if (targets.length) for (const i of targets) chosen.add(i.name);
        else if (!opts.ignoreUnavailable) throw indexNotFound(part);
      }
    }
    if (chosen.size === 0 && opts.allowNoIndices === false) throw indexNotFound(expression ?? '_all');
    return this.ordered(chosen);
  }

  private ordered(names: Set<string>): EsIndex[] {
    return [...names].sort().map((n) => this.indices.get(n)!);
  }

  /** The index a write to `name` goes to (an index, or an alias's write index); undefined when neither exists. */
  writeTarget(name: string): EsIndex | undefined {
    const direct = this.indices.get(name);
    if (direct) return direct;
    const targets = this.aliasTargets(name);
    if (targets.length === 0) return undefined;
    const writers = targets.filter((i) => i.aliases.get(name)?.is_write_index === true);
    if (writers.length === 1) return writers[0];
    if (targets.length === 1 && targets[0].aliases.get(name)?.is_write_index !== false) return targets[0];
    throw illegalArgument(`no write index is defined for alias [${name}]. The write index may be explicitly disabled using is_write_index=false or the alias points to multiple indices without one being designated as a write index`);
  }

  /** The index for a write, auto-creating it (with templates) as Elasticsearch does by default. */
  indexForWrite(name: string): EsIndex {
    return this.writeTarget(name) ?? this.createIndex(name, {});
  }

  /** Templates matching an index name, highest priority first. */
  matchingTemplates(name: string): Array<[string, Json]> {
    return [...this.templates.entries()]
      .filter(([, t]) => (t.index_patterns as string[]).some((p) => globToRegex(p).test(name)))
      .sort((a, b) => Number(b[1].priority ?? 0) - Number(a[1].priority ?? 0));
  }

  /** Creates an index from a create-index body, applying the best matching template first. */
  createIndex(name: string, body: Json): EsIndex {
    Cluster.validateName(name);
    if (this.indices.has(name)) {
      throw new EsError({ status: 400, type: 'resource_already_exists_exception', reason: `index [${name}/${this.indices.get(name)!.uuid}] already exists`, details: { index_uuid: this.indices.get(name)!.uuid, index: name } });
    }
    if (this.aliasNames().has(name)) throw new EsError({ status: 400, type: 'invalid_index_name_exception', reason: `Invalid index name [${name}], already exists as alias`, details: { index: name } });
    for (const key of Object.keys(body)) {
      if (!['settings', 'mappings', 'aliases'].includes(key)) throw parsingException(`unknown key [${key}] for create index`);
    }
    const index = new EsIndex({ name });
    const [template] = this.matchingTemplates(name);
    const t = template ? ((template[1].template as Json | undefined) ?? {}) : {};
    index.settings = { number_of_shards: '1', number_of_replicas: '1', ...flattenSettings(t.settings), ...flattenSettings(body.settings) };
    if (isObj(t.mappings)) index.mapping.merge(t.mappings);
    if (body.mappings !== undefined) {
      if (!isObj(body.mappings)) throw mapperException('[mappings] must be an object');
      index.mapping.merge(body.mappings);
    }
    for (const source of [t.aliases, body.aliases]) {
      if (source === undefined) continue;
      if (!isObj(source)) throw parsingException('[aliases] must be an object');
      for (const [alias, def] of Object.entries(source)) index.aliases.set(alias.replace('{index}', name), isObj(def) ? def : {});
    }
    this.indices.set(name, index);
    this.metaVersion++;
    return index;
  }

  /** Deletes indices. */
  deleteIndices(indices: readonly EsIndex[]): void {
    for (const i of indices) this.indices.delete(i.name);
    this.metaVersion++;
  }
}
