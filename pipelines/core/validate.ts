/**
 * Compiled JSON Schema validators (ajv, draft 2020-12, with ajv-formats), one per schema and
 * cached, and the mapping of ajv's first error to a quarantine rule `schema.<keyword>`.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../../schemas/types';
import type { RuleViolation } from '../types';

let ajv: Ajv2020 | undefined;

/** The shared ajv instance: 2020-12, formats, discriminator, Tributary's annotation keywords. */
export function ajvInstance(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: false, discriminator: true, strict: true, strictTypes: false, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addKeyword({ keyword: 'x-es', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'x-bq', schemaType: 'string' });
  }
  return ajv;
}

const cache = new WeakMap<JsonSchema, ValidateFunction>();

/** The compiled validator of a schema (compiled once per schema object). */
export function compiledValidator(schema: JsonSchema): ValidateFunction {
  let v = cache.get(schema);
  if (!v) {
    v = ajvInstance().compile(schema as object);
    cache.set(schema, v);
  }
  return v;
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

function describe(e: ErrorObject): string {
  const at = e.instancePath || '/';
  return `${at} ${e.message ?? 'is invalid'}${e.keyword === 'enum' ? `: ${show(e.params.allowedValues)}` : ''}${e.keyword === 'additionalProperties' ? `: ${show(e.params.additionalProperty)}` : ''}`;
}

/**
 * The violation for a failed validation. ajv stops at the first error; for `oneOf` / `anyOf`
 * (crypto's two formats) the rule is the combinator and the detail lists what each branch missed.
 */
export function schemaViolation(errors: readonly ErrorObject[] | null | undefined): RuleViolation {
  if (!errors || errors.length === 0) return { rule: 'schema', detail: 'does not match the schema' };
  const last = errors[errors.length - 1];
  if ((last.keyword === 'oneOf' || last.keyword === 'anyOf') && errors.length > 1) {
    const branches = errors.slice(0, -1).slice(0, 4).map(describe).join('; ');
    return { rule: `schema.${last.keyword}`, detail: `${last.instancePath || '/'} matches none of the formats (${branches})` };
  }
  return { rule: `schema.${errors[0].keyword}`, detail: describe(errors[0]) };
}

/** Validates a decoded value against a schema: undefined when valid, else the violation. */
export function validateAgainst(schema: JsonSchema, value: unknown): RuleViolation | undefined {
  const v = compiledValidator(schema);
  return v(value) ? undefined : schemaViolation(v.errors);
}
