/**
 * Proto3 JSON mapping for the REST surface, driven by the same descriptor the gRPC side loads:
 * bytes ↔ base64, Duration ↔ "3.5s", Timestamp ↔ RFC 3339, FieldMask ↔ "a,b", int64 ↔ string,
 * enums by name; default values (empty, 0, false, []) are left out of responses. Input accepts lowerCamelCase and original snake_case names; unknown names are
 * refused with the service's "Invalid JSON payload received" INVALID_ARGUMENT.
 */
import { dirname } from 'node:path';
import type * as Protobuf from 'protobufjs';
import { invalidArgument } from './errors';
import { timestamp } from './model';

let root: Protobuf.Root | undefined;

/** protobufjs, the library @grpc/proto-loader itself loads descriptors with. */
function protobufjs(): typeof Protobuf {
  const from = dirname(require.resolve('@grpc/proto-loader'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve('protobufjs', { paths: [from] })) as typeof Protobuf;
}

/** The `google.pubsub.v1` reflection root. */
export function pubsubRoot(): Protobuf.Root {
  if (!root) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    root = protobufjs().Root.fromJSON(require('@google-cloud/pubsub/build/protos/protos.json') as Protobuf.INamespace);
    root.resolveAll();
  }
  return root;
}

/** Request and response types of `google.pubsub.v1.<service>.<method>`. */
export function methodTypes(service: string, method: string): { request: Protobuf.Type; response: Protobuf.Type } {
  const m = pubsubRoot().lookupService(`google.pubsub.v1.${service}`).methods[method];
  if (!m?.resolvedRequestType || !m.resolvedResponseType) throw new Error(`no method ${service}.${method}`);
  return { request: m.resolvedRequestType, response: m.resolvedResponseType };
}

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function parseDuration(v: unknown, field: string): { seconds: string; nanos: number } {
  const m = typeof v === 'string' ? /^(-?\d+)(?:\.(\d{1,9}))?s$/.exec(v) : null;
  if (!m) throw invalidArgument(`Invalid value at '${field}' (type.googleapis.com/google.protobuf.Duration), Field '${field}', Illegal duration format; duration must end with 's'`);
  return { seconds: m[1] as string, nanos: m[2] ? Number((m[2] + '00000000').slice(0, 9)) : 0 };
}

function formatDuration(v: { seconds?: string | number; nanos?: number }): string {
  const nanos = v.nanos ?? 0;
  return `${Number(v.seconds ?? 0)}${nanos ? '.' + String(nanos).padStart(9, '0').replace(/0+$/, '') : ''}s`;
}

function one(f: Protobuf.Field, v: unknown, inbound: boolean, path: string): unknown {
  const t = f.resolvedType;
  if (t && 'fields' in t) {
    switch (t.fullName) {
      case '.google.protobuf.Duration':
        return inbound ? parseDuration(v, path) : formatDuration(v as { seconds?: string; nanos?: number });
      case '.google.protobuf.Timestamp': {
        if (!inbound) {
          const ts = v as { seconds?: string | number; nanos?: number };
          return new Date(Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
        }
        const ms = typeof v === 'string' ? Date.parse(v) : NaN;
        if (Number.isNaN(ms)) throw invalidArgument(`Invalid value at '${path}' (type.googleapis.com/google.protobuf.Timestamp), Field '${path}', Invalid time format: ${String(v)}`);
        return timestamp(ms);
      }
      case '.google.protobuf.FieldMask':
        return inbound ? { paths: typeof v === 'string' && v ? v.split(',').map((p) => p.trim()) : [] } : ((v as { paths?: string[] }).paths ?? []).join(',');
      default:
        return convert(t as Protobuf.Type, v, inbound, path);
    }
  }
  if (f.type === 'bytes') {
    if (!inbound) return Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v as Uint8Array).toString('base64') : v;
    if (typeof v !== 'string') throw invalidArgument(`Invalid value at '${path}' (TYPE_BYTES), ${JSON.stringify(v)}`);
    return Buffer.from(v, 'base64');
  }
  if (['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'].includes(f.type)) return inbound ? String(v) : String(v);
  if (['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'double', 'float'].includes(f.type)) {
    const n = Number(v);
    if (inbound && (typeof v === 'boolean' || Number.isNaN(n))) throw invalidArgument(`Invalid value at '${path}' (TYPE_${f.type.toUpperCase()}), ${JSON.stringify(v)}`);
    return n;
  }
  return v;
}

/** Converts between proto3 JSON (`inbound` = from a REST body) and the proto-loader object form. */
export function convert(type: Protobuf.Type, value: unknown, inbound: boolean, path = ''): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (inbound) throw invalidArgument(`Invalid JSON payload received. Expected an object for ${path || type.name}.`);
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    // proto3 JSON leaves out fields at their default value
    if (!inbound && (v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0))) continue;
    const f = type.fields[key] ?? type.fields[camel(key)];
    if (!f) {
      if (inbound) throw invalidArgument(`Invalid JSON payload received. Unknown name "${key}"${path ? ` at '${path}'` : ''}: Cannot find field.`);
      continue;
    }
    const p = path ? `${path}.${f.name}` : f.name;
    if (f.map) {
      if (!inbound && Object.keys(v as object).length === 0) continue;
      if (typeof v !== 'object') throw invalidArgument(`Invalid JSON payload received. Expected an object for '${p}'.`);
      out[f.name] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, one(f, x, inbound, p)]));
    } else if (f.repeated) {
      if (!Array.isArray(v)) throw invalidArgument(`Invalid JSON payload received. Expected a list for '${p}'.`);
      out[f.name] = v.map((x, i) => one(f, x, inbound, `${p}[${i}]`));
    } else {
      out[f.name] = one(f, v, inbound, p);
    }
  }
  return out;
}
