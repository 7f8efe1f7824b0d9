/**
 * Compiled JSON Schema validators (ajv, draft 2020-12, with ajv-formats), one per schema and
 * cached, and the mapping of ajv's first error to a quarantine rule `schema.<keyword>`.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../../schemas/types';
import type { RuleViolation } from '../types';

let ajv: Ajv2020 | undefined;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.\d{1,9})?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * RFC 3339 `date-time` (the JSON Schema format): one regular expression and a day-of-month check.
 * ajv-formats' full check gives the same answers (except leap seconds, which Date cannot hold
 * and this refuses) at about eight times the cost, which was a third of the taxi pipeline's time
 * (bench/core.bench.ts).
 */
export function isRfc3339DateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS[month - 1] + (leap ? 1 : 0);
}

/** The shared ajv instance: 2020-12, formats, discriminator, Tributary's annotation keywords. */
export function ajvInstance(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: false, discriminator: true, strict: true, strictTypes: false, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addFormat('date-time', { type: 'string', validate: isRfc3339DateTime });
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
