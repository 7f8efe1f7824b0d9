/**
 * Alias APIs: put, get, exists, delete, and `POST _aliases` with add / remove / remove_index
 * actions applied all-or-nothing.
 */
import { EsError, illegalArgument, parsingException } from '../errors';
import { globToRegex } from '../store/cluster';
import { resolveFor } from './indices';
import type { ApiContext, Route } from './route';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const aliasNotFound = (names: string): EsError => new EsError({ status: 404, type: 'aliases_not_found_exception', reason: `aliases [${names}] missing`, details: { 'resource.type': 'aliases', 'resource.id': names } });

function aliasDef(body: Json | undefined): Json {
  const def: Json = {};
  if (!body) return def;
  for (const k of ['filter', 'routing', 'index_routing', 'search_routing', 'is_write_index', 'is_hidden']) if (body[k] !== undefined) def[k] = body[k];
  if (def.filter !== undefined) throw new EsError({ status: 501, type: 'unsupported_operation_exception', reason: 'filtered aliases are not implemented by the Tributary Elasticsearch emulator (see emulators/elasticsearch/UNSUPPORTED.md)' });
  return def;
}

const putAlias = (path: string): Route => ({
  methods: ['PUT', 'POST'], path, op: 'indices.put_alias',
  handle(req, ctx) {
    const indices = resolveFor(req, ctx.cluster);
    const def = aliasDef(req.json());
    for (const i of indices) {
      if (ctx.cluster.indices.has(req.params.name)) throw illegalArgument(`an index or data stream exists with the same name as the alias [${req.params.name}]`);
      i.aliases.set(req.params.name, def);
    }
    ctx.cluster.metaVersion++;
    return { body: { acknowledged: true } };
  },
});

function matching(ctx: ApiContext, indexExpr: string | undefined, nameExpr: string | undefined) {
  const indices = indexExpr ? ctx.cluster.resolve(indexExpr, { allowNoIndices: true }) : [...ctx.cluster.indices.values()];
  const patterns = nameExpr ? nameExpr.split(',').map(globToRegex) : undefined;
  const out: Record<string, { aliases: Json }> = {};
  let found = 0;
  for (const i of indices.sort((a, b) => a.name.localeCompare(b.name))) {
    const aliases: Json = {};
    for (const [a, def] of i.aliases) {
      if (!patterns || patterns.some((p) => p.test(a))) {
        aliases[a] = def;
        found++;
      }
    }
    if (!patterns || Object.keys(aliases).length || indexExpr) out[i.name] = { aliases };
  }
  return { out, found };
}

const getAlias = (path: string): Route => ({
  methods: ['GET'], path, op: 'indices.get_alias',
  handle(req, ctx) {
    const { out, found } = matching(ctx, req.params.index, req.params.name);
    if (req.params.name && found === 0) return { status: 404, body: { error: `alias [${req.params.name}] missing`, status: 404 } };
    if (req.params.name) for (const k of Object.keys(out)) if (!Object.keys(out[k].aliases).length) delete out[k];
    return { body: out };
  },
});

const existsAlias = (path: string): Route => ({
  methods: ['HEAD'], path, op: 'indices.exists_alias',
  handle(req, ctx) {
    const { found } = matching(ctx, req.params.index, req.params.name);
    return { status: found ? 200 : 404 };
  },
});

const deleteAlias = (path: string): Route => ({
  methods: ['DELETE'], path, op: 'indices.delete_alias',
  handle(req, ctx) {
    const indices = resolveFor(req, ctx.cluster);
    const patterns = req.params.name.split(',').map((n) => (n === '_all' ? globToRegex('*') : globToRegex(n)));
    let removed = 0;
    for (const i of indices) {
      for (const a of [...i.aliases.keys()]) {
        if (patterns.some((p) => p.test(a))) {
          i.aliases.delete(a);
          removed++;
        }
      }
    }
    if (!removed) throw aliasNotFound(req.params.name);
    ctx.cluster.metaVersion++;
    return { body: { acknowledged: true } };
  },
});

const updateAliases: Route = {
  methods: ['POST'], path: '/_aliases', op: 'indices.update_aliases',
  handle(req, ctx) {
    const body = req.json();
    if (!body || !Array.isArray(body.actions)) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: no action specified;' });
    // Plan every action first; apply only when all are valid.
    const plan: Array<() => void> = [];
    for (const action of body.actions) {
      if (!isObj(action) || Object.keys(action).length !== 1) throw parsingException('[aliases] each action must be an object with one key');
      const [kind, spec] = Object.entries(action)[0];
      if (!isObj(spec)) throw parsingException(`[${kind}] must be an object`);
      const indexExpr = [spec.index, ...(Array.isArray(spec.indices) ? spec.indices : [])].filter(Boolean).join(',');
      const aliasNames = [spec.alias, ...(Array.isArray(spec.aliases) ? spec.aliases : [])].filter(Boolean).map(String);
      const indices = ctx.cluster.resolve(indexExpr, { allowNoIndices: false });
      if (kind === 'add') {
        if (!aliasNames.length) throw illegalArgument('[alias] is required');
        const def = aliasDef(spec);
        for (const a of aliasNames) if (ctx.cluster.indices.has(a)) throw illegalArgument(`an index or data stream exists with the same name as the alias [${a}]`);
        plan.push(() => { for (const i of indices) for (const a of aliasNames) i.aliases.set(a, def); });
      } else if (kind === 'remove') {
        const patterns = aliasNames.map(globToRegex);
        const hits = indices.flatMap((i) => [...i.aliases.keys()].filter((a) => patterns.some((p) => p.test(a))).map((a) => [i, a] as const));
        if (!hits.length && spec.must_exist !== false) throw aliasNotFound(aliasNames.join(','));
        plan.push(() => { for (const [i, a] of hits) i.aliases.delete(a); });
      } else if (kind === 'remove_index') {
        plan.push(() => ctx.cluster.deleteIndices(indices));
      } else throw parsingException(`Unknown alias action [${kind}]`);
    }
    for (const step of plan) step();
    ctx.cluster.metaVersion++;
    return { body: { acknowledged: true, errors: false } };
  },
};

/** Alias routes. */
export const ALIAS_ROUTES: Route[] = [
  putAlias('/{index}/_alias/{name}'), putAlias('/{index}/_aliases/{name}'),
  getAlias('/_alias'), getAlias('/_alias/{name}'), getAlias('/{index}/_alias'), getAlias('/{index}/_alias/{name}'),
  existsAlias('/_alias/{name}'), existsAlias('/{index}/_alias/{name}'),
  deleteAlias('/{index}/_alias/{name}'), deleteAlias('/{index}/_aliases/{name}'),
  updateAliases,
];
