/**
 * CSV fields are text; a pipeline's raw schema says which columns are numbers. `schemaCaster`
 * converts those (nested columns by their dotted name, `client.lat`; array columns from JSON
 * text), and leaves text that does
 * not parse as it is, so validation quarantines it with the right rule instead of replay
 * guessing.
 */
import type { JsonSchema } from '../../schemas/types';
import type { Json } from '../types';
import type { CsvCaster } from './readers';

type Kind = 'number' | 'integer' | 'boolean' | 'json' | 'text';

function typesOf(schema: JsonSchema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
}

/** Collects column kinds from `properties`, and from every `oneOf` / `anyOf` variant. */
function collect(schema: JsonSchema, prefix: string, out: Map<string, Kind>): void {
  for (const key of ['oneOf', 'anyOf'] as const) {
    const variants = schema[key];
    if (Array.isArray(variants)) for (const v of variants as JsonSchema[]) collect(v, prefix, out);
  }
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (!props) return;
  for (const [name, sub] of Object.entries(props)) {
    const column = prefix ? `${prefix}.${name}` : name;
    const types = typesOf(sub);
    if (types.includes('object') || sub.properties) collect(sub, column, out);
    const kind: Kind = types.includes('string') || types.length === 0 ? 'text' : types.includes('integer') ? 'integer' : types.includes('number') ? 'number' : types.includes('boolean') ? 'boolean' : types.includes('array') || types.includes('object') ? 'json' : 'text';
    // A column that is text in any variant stays text.
    if (out.get(column) !== 'text') out.set(column, out.has(column) && out.get(column) !== kind ? 'text' : kind);
  }
}

/** An array or object column written as JSON text (as `tributary generate --format csv` does). */
function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text; // left as text: validation quarantines it with the schema rule
  }
}

/** A CSV caster following a JSON Schema's property types. */
export function schemaCaster(schema: JsonSchema): CsvCaster {
  const kinds = new Map<string, Kind>();
  collect(schema, '', kinds);
  return (column, text) => {
    const kind = kinds.get(column) ?? 'text';
    if (kind === 'number' || kind === 'integer') {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    if (kind === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
    if (kind === 'json') return parseJson(text);
    return text;
  };
}
