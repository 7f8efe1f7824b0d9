/**
 * Resource names: `projects/{project}/topics/{topic}` and `projects/{project}/subscriptions/{sub}`.
 * IDs start with a letter, are 3–255 characters of `[A-Za-z0-9-_.~+%]` and do not start with
 * `goog`, as in the service; a bad name answers INVALID_ARGUMENT with the service's wording.
 */
import { invalidArgument } from './errors';

const ID = /^[A-Za-z][A-Za-z0-9\-_.~+%]{2,254}$/;
const PROJECT = /^[a-z0-9][a-z0-9\-.:]{0,62}$/i;

/** The kinds of named resources. */
export type Kind = 'topics' | 'subscriptions' | 'snapshots';

/** The project of a name, or undefined. */
export function parseName(name: string, kind: Kind): { project: string; id: string } | undefined {
  const parts = typeof name === 'string' ? name.split('/') : [];
  if (parts.length !== 4 || parts[0] !== 'projects' || parts[2] !== kind) return undefined;
  const [, project, , id] = parts as [string, string, string, string];
  if (!PROJECT.test(project) || !ID.test(id) || id.toLowerCase().startsWith('goog')) return undefined;
  return { project, id };
}

/** Throws INVALID_ARGUMENT unless `name` is a valid resource name of `kind`. */
export function checkName(name: unknown, kind: Kind): string {
  if (typeof name !== 'string' || !parseName(name, kind)) {
    throw invalidArgument(`Invalid [${kind}] name: (name=${String(name ?? '')})`);
  }
  return name;
}

/** Throws INVALID_ARGUMENT unless `project` is `projects/{project}`; returns the project id. */
export function checkProject(project: unknown): string {
  const parts = typeof project === 'string' ? project.split('/') : [];
  if (parts.length !== 2 || parts[0] !== 'projects' || !PROJECT.test(parts[1] ?? '')) {
    throw invalidArgument(`Invalid [projects] name: (name=${String(project ?? '')})`);
  }
  return parts[1] as string;
}

/** The project id in a name already checked. */
export const projectOf = (name: string): string => name.split('/')[1] as string;
