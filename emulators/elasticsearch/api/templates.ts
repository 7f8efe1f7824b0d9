/**
 * Composable index templates (`_index_template`): put (with `create`), get (by name or
 * wildcard), exists, delete. A template's settings, mappings and aliases apply to indices
 * created afterwards whose names match its `index_patterns`; the highest `priority` wins.
 */
import { EsError, illegalArgument, parsingException, unsupported } from '../errors';
import { globToRegex } from '../store/cluster';
import { Mapping } from '../store/mapping';
import type { Route } from './route';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const notFound = (name: string): EsError => new EsError({ status: 404, type: 'resource_not_found_exception', reason: `index template matching [${name}] not found` });

const put: Route = {
  methods: ['PUT', 'POST'], path: '/_index_template/{name}', op: 'indices.put_index_template',
  handle(req, ctx) {
    const body = req.json();
    const name = req.params.name;
    if (!body) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: an index template is required;' });
    for (const k of Object.keys(body)) {
      if (!['index_patterns', 'template', 'priority', 'version', '_meta', 'composed_of', 'data_stream', 'allow_auto_create', 'ignore_missing_component_templates', 'deprecated'].includes(k)) {
        throw parsingException(`[index_template] unknown field [${k}]`);
      }
    }
    if (body.data_stream !== undefined) throw unsupported('data streams (index templates with [data_stream])');
    if (Array.isArray(body.composed_of) && body.composed_of.length) throw unsupported('component templates ([composed_of])');
    const patterns = typeof body.index_patterns === 'string' ? [body.index_patterns] : body.index_patterns;
    if (!Array.isArray(patterns) || !patterns.length) throw new EsError({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: index patterns are missing;' });
    const template = body.template === undefined ? undefined : body.template;
    if (template !== undefined && !isObj(template)) throw parsingException('[template] must be an object');
    if (template) {
      for (const k of Object.keys(template)) if (!['settings', 'mappings', 'aliases', 'lifecycle', 'data_stream_options'].includes(k)) throw parsingException(`[template] unknown field [${k}]`);
      if (template.mappings !== undefined) {
        if (!isObj(template.mappings)) throw parsingException('[mappings] must be an object');
        new Mapping().merge(template.mappings); // validates types and parameters
      }
    }
    if (req.query.create === 'true' && ctx.cluster.templates.has(name)) throw illegalArgument(`index template [${name}] already exists`);
    const priority = Number(body.priority ?? 0);
    for (const [other, t] of ctx.cluster.templates) {
      if (other === name || Number(t.priority ?? 0) !== priority) continue;
      const theirs = t.index_patterns as string[];
      const overlap = patterns.some((p: string) => theirs.some((q) => p === q || globToRegex(p).test(q) || globToRegex(q).test(p)));
      if (overlap) {
        throw illegalArgument(`index template [${name}] has index patterns ${JSON.stringify(patterns)} matching patterns from existing templates [${other}] with patterns (${other} => ${JSON.stringify(theirs)}) that have the same priority [${priority}], multiple index templates may not match during index creation, please use a different priority`);
      }
    }
    const stored: Json = { index_patterns: patterns.map(String), composed_of: [] };
    if (template) stored.template = structuredClone(template);
    if (body.priority !== undefined) stored.priority = priority;
    for (const k of ['version', '_meta', 'allow_auto_create']) if (body[k] !== undefined) stored[k] = body[k];
    ctx.cluster.templates.set(name, stored);
    ctx.cluster.metaVersion++;
    return { body: { acknowledged: true } };
  },
};

const get = (withName: boolean): Route => ({
  methods: ['GET'], path: withName ? '/_index_template/{name}' : '/_index_template', op: 'indices.get_index_template',
  handle(req, ctx) {
    const name = req.params.name;
    const re = name ? globToRegex(name) : undefined;
    const list = [...ctx.cluster.templates].filter(([n]) => !re || re.test(n)).sort(([a], [b]) => a.localeCompare(b));
    if (name && !name.includes('*') && list.length === 0) throw notFound(name);
    return { body: { index_templates: list.map(([n, t]) => ({ name: n, index_template: structuredClone(t) })) } };
  },
});

const exists: Route = {
  methods: ['HEAD'], path: '/_index_template/{name}', op: 'indices.exists_index_template',
  handle(req, ctx) {
    const re = globToRegex(req.params.name);
    return { status: [...ctx.cluster.templates.keys()].some((n) => re.test(n)) ? 200 : 404 };
  },
};

const del: Route = {
  methods: ['DELETE'], path: '/_index_template/{name}', op: 'indices.delete_index_template',
  handle(req, ctx) {
    const names = req.params.name.split(',');
    const matched = [...ctx.cluster.templates.keys()].filter((n) => names.some((p) => globToRegex(p).test(n)));
    if (!matched.length) throw notFound(req.params.name);
    for (const n of matched) ctx.cluster.templates.delete(n);
    ctx.cluster.metaVersion++;
    return { body: { acknowledged: true } };
  },
};

/** Index template routes. */
export const TEMPLATE_ROUTES: Route[] = [put, get(false), get(true), exists, del];
