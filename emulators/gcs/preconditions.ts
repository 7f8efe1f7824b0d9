/**
 * Generation and metageneration preconditions: `ifGenerationMatch` (0 = the object must not
 * exist), `ifGenerationNotMatch`, `ifMetagenerationMatch`, `ifMetagenerationNotMatch`, and the
 * `ifSource…` forms for copy and rewrite sources. A failed condition is 412 `conditionNotMet`
 * (304 for a read whose `…NotMatch` fails, as GCS answers).
 */
import { badRequest, conditionNotMet, GcsError } from './errors';

/** Generation and metageneration of the current object, if there is one. */
export interface Versioned {
  readonly generation: string;
  readonly metageneration: string;
}

/** Preconditions as query strings. */
export type Preconditions = Partial<Record<'ifGenerationMatch' | 'ifGenerationNotMatch' | 'ifMetagenerationMatch' | 'ifMetagenerationNotMatch', string>>;

const KEYS = ['ifGenerationMatch', 'ifGenerationNotMatch', 'ifMetagenerationMatch', 'ifMetagenerationNotMatch'] as const;

/** Pulls the preconditions (or the `ifSource…` ones, when `source`) out of a query. */
export function preconditionsFrom(query: Readonly<Record<string, string>>, source = false): Preconditions {
  const out: Preconditions = {};
  for (const key of KEYS) {
    const param = source ? `ifSource${key.slice(2)}` : key;
    const value = query[param];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value)) throw badRequest(`Invalid value for ${param}: ${JSON.stringify(value)}; use a generation number (0 for "must not exist").`);
    out[key] = value;
  }
  return out;
}

/**
 * Throws when a precondition does not hold for `current` (undefined: no live object).
 * @param mode `write` for mutations (412 on every failure), `read` for GETs (304 for `…NotMatch`).
 */
export function checkPreconditions(current: Versioned | undefined, p: Preconditions, mode: 'read' | 'write' = 'write'): void {
  const fail = (what: string, notMatch: boolean): never => {
    if (mode === 'read' && notMatch) throw new GcsError(304, 'notModified', `Not modified: ${what}.`);
    throw conditionNotMet(`At least one of the pre-conditions you specified did not hold: ${what}.`);
  };
  const gen = current?.generation;
  const meta = current?.metageneration;
  if (p.ifGenerationMatch !== undefined) {
    if (p.ifGenerationMatch === '0' ? gen !== undefined : gen !== p.ifGenerationMatch) {
      fail(`ifGenerationMatch=${p.ifGenerationMatch}, live generation is ${gen ?? 'none (no such object)'}`, false);
    }
  }
  if (p.ifGenerationNotMatch !== undefined) {
    if (p.ifGenerationNotMatch === '0' ? gen === undefined : gen === p.ifGenerationNotMatch) {
      fail(`ifGenerationNotMatch=${p.ifGenerationNotMatch}, live generation is ${gen ?? 'none'}`, true);
    }
  }
  if (p.ifMetagenerationMatch !== undefined && meta !== p.ifMetagenerationMatch) {
    fail(`ifMetagenerationMatch=${p.ifMetagenerationMatch}, live metageneration is ${meta ?? 'none (no such object)'}`, false);
  }
  if (p.ifMetagenerationNotMatch !== undefined && meta === p.ifMetagenerationNotMatch) {
    fail(`ifMetagenerationNotMatch=${p.ifMetagenerationNotMatch}, live metageneration is ${meta}`, true);
  }
}
