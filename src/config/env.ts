/**
 * `${NAME}` references: the whole value of a string field names an environment variable. Only a
 * whole value is a reference, so shell commands (`validate`, `reload`) keep their own `$VAR`s.
 */
import type { Logger } from '../util/log.js';
import type { DataPath } from './places.js';
import { ENV_REF } from './schema.js';

export interface MissingVariable {
  path: PropertyKey[];
  name: string;
  /** Set but empty: reported like a missing one, since an empty secret is never what was meant. */
  empty: boolean;
}

export interface Resolved<T> {
  data: T;
  missing: MissingVariable[];
  /** Data path (dotted) -> variable name, to say where a bad value came from. */
  references: Map<string, string>;
}

/**
 * Returns a copy of `data` with every reference replaced. Each value read from the environment is
 * registered with `log.secret` before anything else can print it, whole: the loggers mask a
 * multi-line PEM line by line themselves. Registering its lines one by one would hand the armour
 * lines (`-----BEGIN PRIVATE KEY-----`) to the runner as `::add-mask::` commands, and the body
 * lines too if the whole value were not registered first.
 */
export function resolveReferences<T>(
  data: T,
  env: Readonly<Record<string, string | undefined>>,
  log: Pick<Logger, 'secret'>,
): Resolved<T> {
  const missing: MissingVariable[] = [];
  const references = new Map<string, string>();
  const walk = (node: unknown, path: PropertyKey[]): unknown => {
    if (typeof node === 'string') {
      const match = ENV_REF.exec(node);
      if (!match) return node;
      const name = match[1] as string;
      const value = env[name];
      references.set(pathKey(path), name);
      if (value === undefined || value === '') {
        missing.push({ path, name, empty: value === '' });
        return node;
      }
      log.secret(value);
      return value;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) out[key] = walk(value, [...path, key]);
      return out;
    }
    return node;
  };
  return { data: walk(data, []) as T, missing, references };
}

export function pathKey(path: DataPath): string {
  return path.map(String).join('\u0000');
}
