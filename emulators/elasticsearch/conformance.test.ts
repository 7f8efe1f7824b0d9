/**
 * Elastic's YAML REST tests for clients (../shared/conformance/elasticsearch, see SOURCE.md
 * there), run through the official client against the emulator. Every test must pass unless
 * UNSUPPORTED.md lists it in its "Conformance exceptions" table with a reason; a listed test
 * that passes fails the run, so the list cannot go stale.
 */
import { Client } from '@elastic/elasticsearch';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startElasticsearch, type ElasticsearchHandle } from './index';

const REPO_ROOT = resolve(__dirname, '../..');
const SPEC_DIR = resolve(REPO_ROOT, '../shared/conformance/elasticsearch');

type Json = Record<string, unknown>;
type Step = Record<string, unknown>;

/** `file :: test name` → reason, from UNSUPPORTED.md's conformance table. */
function readExceptions(): Map<string, string> {
  const text = readFileSync(join(__dirname, 'UNSUPPORTED.md'), 'utf8');
  const section = text.split(/^## Conformance exceptions/m)[1]?.split(/^## /m)[0] ?? '';
  const out = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|$/.exec(line.trim());
    if (m) out.set(`${m[1]} :: ${m[2]}`, m[3]);
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return f.endsWith('.yml') || f.endsWith('.yaml') ? [p] : [];
  });
}

const camel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Resolves `a.b.0.c` (with `\.` escapes) in a response; '' is the whole response. */
function lookup(value: unknown, path: string, stash: Map<string, unknown>): unknown {
  if (path === '' || path === '$body') return value;
  const parts = path.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
  let cur: unknown = value;
  for (let part of parts) {
    if (part.startsWith('$')) part = String(stash.get(part.slice(1)));
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Replaces `$var` strings (deeply) with stashed values. */
function substitute(value: unknown, stash: Map<string, unknown>): unknown {
  if (typeof value === 'string' && value.startsWith('$') && stash.has(value.slice(1))) return stash.get(value.slice(1));
  if (Array.isArray(value)) return value.map((v) => substitute(v, stash));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, stash)]));
  return value;
}

function assertMatch(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'string' && expected.length > 1 && expected.startsWith('/') && expected.endsWith('/')) {
    const re = new RegExp(expected.slice(1, -1).replace(/\s+/g, ''));
    if (!re.test(String(actual))) throw new Error(`${where}: ${JSON.stringify(actual)} does not match ${expected}`);
    return;
  }
  expect({ [where]: actual }).toEqual({ [where]: expected });
}

const CATCHES: Record<string, (status: number) => boolean> = {
  missing: (s) => s === 404, conflict: (s) => s === 409, bad_request: (s) => s === 400, forbidden: (s) => s === 403,
  unauthorized: (s) => s === 401, request_timeout: (s) => s === 408, request: (s) => s >= 400, unavailable: (s) => s === 503,
};

async function runDo(client: Client, spec: Json, stash: Map<string, unknown>): Promise<unknown> {
  const { catch: expectedError, headers, warnings: _w, allowed_warnings: _aw, ...rest } = spec;
  const [api, rawParams] = Object.entries(rest)[0] as [string, Json];
  const params = substitute(rawParams ?? {}, stash) as Json;
  const { ignore, ...callParams } = params;
  let fn: unknown = client;
  let self: unknown = client;
  for (const part of api.split('.')) {
    self = fn;
    fn = (fn as Record<string, unknown>)[camel(part)];
  }
  if (typeof fn !== 'function') throw new Error(`the client has no API ${api}`);
  const options: Json = { meta: true };
  if (ignore !== undefined) options.ignore = Array.isArray(ignore) ? ignore : [ignore];
  if (headers) options.headers = headers;
  try {
    const res = (await (fn as (p: unknown, o: unknown) => Promise<{ body: unknown }>).call(self, callParams, options)) as { body: unknown };
    if (expectedError !== undefined) throw new Error(`${api} was expected to fail with ${String(expectedError)} but succeeded`);
    return res.body;
  } catch (err) {
    const e = err as { meta?: { statusCode?: number; body?: unknown } };
    if (expectedError === undefined || e.meta?.statusCode === undefined) throw err;
    const status = e.meta.statusCode;
    const ok = typeof expectedError === 'string' && expectedError.startsWith('/')
      ? new RegExp(expectedError.slice(1, -1)).test(JSON.stringify(e.meta.body))
      : CATCHES[String(expectedError)]?.(status) ?? false;
    if (!ok) throw new Error(`${api} failed with ${status} ${JSON.stringify(e.meta.body)}, expected ${String(expectedError)}`);
    return e.meta.body;
  }
}

async function runSteps(client: Client, steps: Step[], stash: Map<string, unknown>): Promise<void> {
  let last: unknown;
  for (const step of steps) {
    const [kind, arg] = Object.entries(step)[0];
    const pairs = (arg && typeof arg === 'object' ? Object.entries(arg as Json) : [[arg, undefined]]) as Array<[string, unknown]>;
    switch (kind) {
      case 'do':
        last = await runDo(client, arg as Json, stash);
        break;
      case 'set':
        for (const [path, name] of pairs) stash.set(String(name), lookup(last, path, stash));
        break;
      case 'match':
        for (const [path, expected] of pairs) assertMatch(lookup(last, path, stash), substitute(expected, stash), path);
        break;
      case 'is_true': {
        const v = lookup(last, String(arg ?? ''), stash);
        if (v === undefined || v === null || v === false || v === '' || v === 'false' || v === 0) throw new Error(`is_true: [${String(arg)}] is ${JSON.stringify(v)}`);
        break;
      }
      case 'is_false': {
        const v = lookup(last, String(arg ?? ''), stash);
        if (!(v === undefined || v === null || v === false || v === '' || v === 'false' || v === 0)) throw new Error(`is_false: [${String(arg)}] is ${JSON.stringify(v)}`);
        break;
      }
      case 'length':
        for (const [path, n] of pairs) {
          const v = lookup(last, path, stash);
          expect(Array.isArray(v) || typeof v === 'string' ? (v as unknown[]).length : Object.keys(v as Json).length).toBe(n);
        }
        break;
      case 'gt': case 'gte': case 'lt': case 'lte':
        for (const [path, n] of pairs) {
          const v = Number(lookup(last, path, stash));
          const ok = { gt: v > Number(n), gte: v >= Number(n), lt: v < Number(n), lte: v <= Number(n) }[kind];
          if (!ok) throw new Error(`${kind}: [${path}] is ${v}, expected ${kind} ${String(n)}`);
        }
        break;
      case 'skip': case 'requires':
        break;
      default:
        throw new Error(`unknown YAML test step [${kind}]`);
    }
  }
}

interface SpecFile { file: string; setup: Step[]; teardown: Step[]; tests: Array<[string, Step[]]> }

function loadSpecs(): SpecFile[] {
  return yamlFiles(SPEC_DIR).map((path) => {
    const spec: SpecFile = { file: relative(SPEC_DIR, path), setup: [], teardown: [], tests: [] };
    for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
      const value = doc.toJS() as Json | null;
      if (!value) continue;
      for (const [key, steps] of Object.entries(value)) {
        if (key === 'requires') continue;
        if (key === 'setup') spec.setup = steps as Step[];
        else if (key === 'teardown') spec.teardown = steps as Step[];
        else spec.tests.push([key, steps as Step[]]);
      }
    }
    return spec;
  });
}

if (!existsSync(SPEC_DIR)) {
  throw new Error(`the Elasticsearch conformance tests are expected at ${SPEC_DIR} (Elastic's YAML REST tests, see SOURCE.md there); they are read from ../shared, not copied into the repository`);
}

const exceptions = readExceptions();
const specs = loadSpecs();

describe('Elasticsearch YAML REST conformance (elastic/elasticsearch-clients-tests)', () => {
  let es: ElasticsearchHandle;
  let client: Client;

  beforeAll(async () => {
    es = await startElasticsearch({ port: 0 });
    client = new Client({ node: es.url });
  });
  afterAll(async () => {
    await client.close();
    await es.close();
  });
  afterEach(() => {
    // A clean cluster for the next test, whatever the teardown did.
    es.cluster.indices.clear();
    es.cluster.templates.clear();
  });

  it('lists only exceptions that exist', () => {
    const known = new Set(specs.flatMap((s) => s.tests.map(([name]) => `${s.file} :: ${name}`)));
    expect([...exceptions.keys()].filter((k) => !known.has(k))).toEqual([]);
  });

  for (const spec of specs) {
    for (const [name, steps] of spec.tests) {
      const key = `${spec.file} :: ${name}`;
      const reason = exceptions.get(key);
      it(`${key}${reason ? ' (listed in UNSUPPORTED.md: fails as documented)' : ''}`, async () => {
        const stash = new Map<string, unknown>();
        const run = async () => {
          await runSteps(client, spec.setup, stash);
          try {
            await runSteps(client, steps, stash);
          } finally {
            await runSteps(client, spec.teardown, stash);
          }
        };
        if (!reason) {
          await run();
          return;
        }
        // A listed test must still fail; when it passes, the exception is stale.
        await expect(run()).rejects.toThrow();
      });
    }
  }
});
