/**
 * Turns zod issues into problems a person can act on: where (file:line:col and field path), what
 * was found, and what is expected, with a "did you mean" for typos.
 */
import type { Document, LineCounter } from 'yaml';
import { z } from 'zod';
import type { Problem } from '../util/errors.js';
import { type DataPath, formatPath, locate } from './places.js';
import { ENV_REF_MESSAGE } from './schema.js';
import { didYouMean } from './suggest.js';

export interface SourceFile {
  /** Path shown to the user and used for annotations (relative to the workspace when inside it). */
  file: string;
  doc: Document;
  counter: LineCounter;
}

/** A problem at a data path of the file. */
export function problemAt(
  src: SourceFile,
  path: DataPath,
  message: string,
  opts: { atKey?: boolean } = {},
): Problem {
  let where = locate(src.doc, src.counter, path, opts.atKey);
  // A missing field is shown at its parent's key ("acme:"), where it has to be added.
  if (where.found < path.length && where.found > 0) {
    where = locate(src.doc, src.counter, path.slice(0, where.found), true);
  }
  return {
    file: src.file,
    line: where.position.line,
    column: where.position.column,
    path: formatPath(path),
    title: `certflow config: ${formatPath(path)}`,
    message,
  };
}

type Issue = z.core.$ZodIssue;

/** All problems of a failed validation, in file order. */
export function issuesToProblems(
  src: SourceFile,
  schema: z.ZodType,
  data: unknown,
  issues: Issue[],
): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) convert(src, schema, data, issue, [], out);
  return out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function convert(
  src: SourceFile,
  schema: z.ZodType,
  data: unknown,
  issue: Issue,
  prefix: PropertyKey[],
  out: Problem[],
): void {
  const path = [...prefix, ...issue.path];
  const value = valueAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, path, data);
      for (const key of issue.keys) {
        const hint = didYouMean(key, allowed);
        const list = allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : '';
        out.push(problemAt(src, [...path, key], `unknown key '${key}'${hint}${list}`, { atKey: true }));
      }
      return;
    }
    case 'invalid_type': {
      const expected =
        issue.expected === 'object' || issue.expected === 'record'
          ? 'a mapping (key: value)'
          : issue.expected === 'array'
            ? 'a list ([a, b] or "- a" lines)'
            : article(issue.expected);
      const message =
        value === undefined
          ? `required: expected ${expected}`
          : `expected ${expected}, found ${describe(value)}`;
      out.push(problemAt(src, path, message));
      return;
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const found = value === undefined ? 'nothing' : describe(value);
      const custom = issue.message.startsWith('Invalid') ? '' : `${issue.message}; `;
      const hint = typeof value === 'string' ? didYouMean(value, options) : '';
      out.push(problemAt(src, path, `${custom}expected one of ${options.join(', ')}, found ${found}${hint}`));
      return;
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const raw = ((issue as { options?: unknown[] }).options ?? []) as unknown[];
        const options = raw.filter((o) => o !== undefined && o !== null).map(String);
        const message =
          value === undefined
            ? `required: ${String(issue.discriminator)}, one of ${options.join(', ')}`
            : `unknown ${String(issue.discriminator)} ${describe(value)}: expected one of ${options.join(', ')}${
                typeof value === 'string' ? didYouMean(value, options) : ''
              }`;
        out.push(problemAt(src, path, message));
        return;
      }
      // `orRef` unions: show the branch that is not "an environment reference".
      const branches = issue.errors.filter((branch) => !branch.every((i) => i.message === ENV_REF_MESSAGE));
      const chosen = branches[0];
      if (chosen && branches.length === 1) {
        for (const sub of chosen) convert(src, schema, data, sub, path, out);
        return;
      }
      out.push(problemAt(src, path, `found ${describe(value)}, which matches none of the accepted forms`));
      return;
    }
    case 'invalid_key': {
      const messages = issue.issues.map((i) => i.message).join('; ');
      out.push(problemAt(src, path, `invalid name '${String(path.at(-1))}': ${messages}`, { atKey: true }));
      return;
    }
    case 'too_small': {
      if (issue.origin === 'string' && Number(issue.minimum) === 1) {
        out.push(problemAt(src, path, 'must not be empty'));
        return;
      }
      out.push(problemAt(src, path, plain(issue.message)));
      return;
    }
    default:
      out.push(problemAt(src, path, plain(issue.message)));
  }
}

/** zod's default messages start with "Invalid input:"; ours are already phrased for people. */
function plain(message: string): string {
  return message.replace(/^Invalid input: /, '');
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** A short, safe picture of a value (strings are cut: they may be long PEM blocks). */
export function describe(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const short = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `'${short.replace(/\n/g, '\\n')}'`;
  }
  return `${typeof value} ${String(value)}`;
}

export function valueAt(data: unknown, path: DataPath): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key as string];
  }
  return node;
}

/** Keys the schema accepts at `path` (to suggest the closest for an unknown key). */
export function allowedKeys(schema: z.ZodType, path: DataPath, data: unknown): string[] {
  let node: z.ZodType | undefined = schema;
  for (let i = 0; i <= path.length && node; i++) {
    node = unwrap(node, valueAt(data, path.slice(0, i)));
    if (i === path.length) break;
    const key = path[i];
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, z.ZodType>)[String(key)];
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType;
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    else node = undefined;
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape) : [];
}

function unwrap(schema: z.ZodType, value: unknown): z.ZodType {
  let node = schema;
  for (let guard = 0; guard < 10; guard++) {
    if (node instanceof z.ZodDefault || node instanceof z.ZodOptional) node = node.unwrap() as z.ZodType;
    else if (node instanceof z.ZodDiscriminatedUnion) {
      const key = node.def.discriminator;
      const wanted = (value as Record<string, unknown> | undefined)?.[key];
      const options = node.options as z.ZodType[];
      node =
        options.find((o) => {
          const shape = o instanceof z.ZodObject ? (o.shape as Record<string, z.ZodType>) : {};
          const disc = shape[key];
          const inner = disc instanceof z.ZodDefault ? disc.unwrap() : disc;
          const literal = inner instanceof z.ZodLiteral ? inner.value : undefined;
          return literal === wanted || (wanted === undefined && disc instanceof z.ZodDefault);
        }) ??
        options[0] ??
        node;
      if (node instanceof z.ZodDiscriminatedUnion) return node;
    } else if (node instanceof z.ZodUnion) {
      const options = node.options as z.ZodType[];
      node = options.find((o) => o instanceof z.ZodObject) ?? node;
      if (node instanceof z.ZodUnion) return node;
    } else return node;
  }
  return node;
}
