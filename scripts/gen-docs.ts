// Writes docs/config-reference.md from the JSON Schema of certflow.yml (npm run docs), so the
// reference never drifts from what the loader accepts. A unit test fails when the checked-in file
// is stale or misses a field.
//
// The walk throws on any schema shape it does not know, rather than leaving a field out: a new kind
// of field must be taught here, not silently skipped.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { configJsonSchema } from '../src/config/json-schema.js';
import { DURATION, ENV_REF, HOST_PORT, LIFETIME_POINT, NAME, SECRET_NOTE } from '../src/config/schema.js';
import { PROVIDERS_DOC, renderProvidersDoc } from './gen-provider-docs.js';

/** The subset of JSON Schema that `z.toJSONSchema` emits for our config. */
export interface SchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  examples?: unknown[];
}

export const REFERENCE_PATH = 'docs/config-reference.md';

/** One table row: a field at a dotted path (`<name>` stands for a key of a map). */
interface Row {
  path: string;
  type: string;
  presence: string;
  description: string;
}

// Split so the linter does not take it for a template placeholder.
const REF = '`$' + '{NAME}`';
const isEnvRef = (n: SchemaNode) => n.type === 'string' && n.pattern === ENV_REF.source && !n.format;

/** Names for the patterns the schema shares; any other pattern is shown as the regex itself. */
const PATTERN_NAMES: Record<string, string> = {
  [DURATION.source]: 'duration',
  [LIFETIME_POINT.source]: 'share of lifetime `"N%"` or days `"Nd"`',
  [HOST_PORT.source]: '`host` or `host:port`',
  [NAME.source]: 'lower-case slug',
};

function fail(path: string, node: SchemaNode, what: string): never {
  throw new Error(
    `gen-docs: ${path}: ${what} (${JSON.stringify(node).slice(0, 200)}); teach scripts/gen-docs.ts this shape`,
  );
}

/** The type column: what a person may write at this place. */
export function typeOf(node: SchemaNode, path: string): string {
  if (isEnvRef(node)) return `**secret**: only ${REF}`;
  if (node.anyOf) {
    const [first, second, ...rest] = node.anyOf;
    if (!first || !second || rest.length > 0) fail(path, node, 'anyOf with other than two branches');
    // orRef(x): the format, or a reference checked against the format once resolved.
    if (isEnvRef(second)) return `${typeOf(first, path)}, or ${REF}`;
    // duration(): seconds as a number, or a string like "90s".
    if (first.type === 'number' && second.pattern === DURATION.source) {
      return 'duration: seconds, or `"90s"`, `"5m"`, `"2h"`, `"1d"`';
    }
    fail(path, node, 'unknown anyOf');
  }
  if (node.const !== undefined) return `\`${YAML.stringify(node.const).trim()}\``;
  if (node.enum) return `one of ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  switch (node.type) {
    case 'string': {
      if (node.format === 'email') return 'email address';
      if (node.format === 'uri') return 'URL';
      if (node.format) fail(path, node, `unknown string format ${node.format}`);
      if (node.pattern) {
        const named = PATTERN_NAMES[node.pattern];
        return named ?? `string matching \`${node.pattern}\``;
      }
      return node.minLength && node.minLength > 0 ? 'string, not empty' : 'string';
    }
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number': {
      const kind = node.type;
      const max =
        node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
      if (node.minimum !== undefined && max !== undefined) return `${kind} ${node.minimum}-${max}`;
      if (node.exclusiveMinimum !== undefined) return `${kind} > ${node.exclusiveMinimum}`;
      if (node.minimum !== undefined) return `${kind} >= ${node.minimum}`;
      return kind;
    }
    case 'array': {
      if (!node.items) fail(path, node, 'array without items');
      const items = typeOf(node.items, `${path}[]`);
      // Parentheses keep the item's own qualifiers apart from the list's ("at least 1").
      const list = items.includes(', ') ? `list of (${items})` : `list of ${items}`;
      return node.minItems ? `${list}, at least ${node.minItems}` : list;
    }
    case 'object':
      if (node.properties) return 'object';
      if (isMap(node)) return `map: name (${typeOf(node.propertyNames!, path)}) to object`;
      return fail(path, node, 'object without properties');
    default:
      return fail(path, node, 'no type');
  }
}

function isMap(node: SchemaNode): node is SchemaNode & { additionalProperties: SchemaNode } {
  return node.type === 'object' && !node.properties && typeof node.additionalProperties === 'object';
}

function presenceOf(node: SchemaNode, required: boolean): string {
  if (required) return 'required';
  if (node.default !== undefined) {
    const text = YAML.stringify(node.default, { collectionStyle: 'flow' }).trim();
    return `default \`${text}\``;
  }
  return 'optional';
}

/**
 * A description may sit on the first branch of `orRef(x)` when the field itself has none. The note
 * that ends a secret's description is dropped: the type column says it.
 */
function descriptionOf(node: SchemaNode): string {
  const text = node.description ?? node.anyOf?.find((b) => !isEnvRef(b))?.description ?? '';
  return isEnvRef(node) && text.endsWith(SECRET_NOTE) ? text.slice(0, -SECRET_NOTE.length) : text;
}

function rowOf(node: SchemaNode, path: string, required: boolean): Row {
  return {
    path,
    type: typeOf(node, path),
    presence: presenceOf(node, required),
    description: descriptionOf(node),
  };
}

/** Rows for a field and everything under it (objects, maps of single-kind objects). */
export function rowsOf(node: SchemaNode, path: string, required: boolean): Row[] {
  const rows = [rowOf(node, path, required)];
  if (node.type === 'object' && node.properties) {
    const needed = new Set(node.required ?? []);
    for (const [key, child] of Object.entries(node.properties)) {
      rows.push(...rowsOf(child, `${path}.${key}`, needed.has(key)));
    }
  } else if (isMap(node)) {
    if (node.additionalProperties.oneOf) fail(path, node, 'a map of several kinds below the top level');
    rows.push(...rowsOf(node.additionalProperties, `${path}.<name>`, true).slice(1));
  } else if (node.type === 'array' && node.items?.type === 'object') {
    rows.push(...rowsOf(node.items, `${path}[]`, true).slice(1));
  }
  return rows;
}

/** Markdown table cell: one line, pipes escaped (also inside code spans, as GFM wants). */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

export function table(rows: Row[]): string {
  const lines = ['| Field | Type | Required / default | Description |', '| --- | --- | --- | --- |'];
  for (const r of rows) {
    lines.push(`| \`${cell(r.path)}\` | ${cell(r.type)} | ${cell(r.presence)} | ${cell(r.description)} |`);
  }
  return lines.join('\n');
}

/** The `type` of one branch of a map of several kinds (dns providers, targets). */
function kindOf(branch: SchemaNode, path: string): string {
  const kind = branch.properties?.type?.const;
  if (typeof kind !== 'string') fail(path, branch, 'a branch without a constant `type`');
  return kind;
}

function section(key: string, node: SchemaNode, required: boolean): string {
  // The section's description is in its first row; only the kinds of a map get a paragraph.
  const parts = [`## \`${key}\``, ''];
  if (isMap(node) && node.additionalProperties.oneOf) {
    // One table per kind, each complete, so a reader of one provider needs no other table.
    parts.push(table([rowOf(node, key, required)]), '');
    const kinds = node.additionalProperties.oneOf;
    if (node.additionalProperties.description) {
      parts.push(`Each entry is ${node.additionalProperties.description}.`, '');
    }
    for (const branch of kinds) {
      const kind = kindOf(branch, key);
      parts.push(`### \`${key}\`: \`type: ${kind}\``, '');
      if (branch.description) parts.push(`${capitalize(branch.description)}.`, '');
      parts.push(table(rowsOf(branch, `${key}.<name>`, true).slice(1)), '');
    }
  } else {
    parts.push(table(rowsOf(node, key, required)), '');
  }
  return parts.join('\n');
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The whole document: stable for a given schema (schema order, no dates). */
export function renderConfigReference(schema: SchemaNode = configJsonSchema() as SchemaNode): string {
  const props = schema.properties ?? fail('(root)', schema, 'no properties');
  const needed = new Set(schema.required ?? []);
  const scalars: Row[] = [];
  const sections: string[] = [];
  for (const [key, node] of Object.entries(props)) {
    const isSection = node.type === 'object';
    if (!isSection) scalars.push(...rowsOf(node, key, needed.has(key)));
    else sections.push(section(key, node, needed.has(key)));
  }
  const head = [
    '# Configuration reference: every field of `certflow.yml`',
    '',
    '<!-- Generated by scripts/gen-docs.ts (`npm run docs`) from src/config/schema.ts; the texts are in',
    'src/config/schema-text.ts. Do not edit by hand. -->',
    '',
    'This page is generated from the same schema that validates the file and produces',
    '[`schema/certflow.schema.json`](../schema/certflow.schema.json); a unit test fails when it is stale.',
    'For examples and the rules behind the fields, see [configuration.md](configuration.md).',
    '',
    '- `<name>` in a path stands for a key you choose: a lower-case slug (`a-z 0-9 . _ -`, starting',
    '  with a letter or digit).',
    `- **secret**: the field accepts only an environment reference ${REF}, so secrets never sit in the`,
    '  repository; map the secret to that variable in the workflow.',
    `- ", or ${REF}": a reference is also accepted; its value is checked against the format when the`,
    '  file is loaded.',
    '- Unknown keys are errors at every level.',
    '',
    '## Top level',
    '',
    table(scalars),
    '',
  ];
  return `${[...head, ...sections].join('\n').trimEnd()}\n`;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const target = join(root, REFERENCE_PATH);
  await writeFile(target, renderConfigReference());
  console.log(`wrote ${target}`);
  const providers = join(root, PROVIDERS_DOC);
  await writeFile(providers, renderProvidersDoc(await readFile(providers, 'utf8')));
  console.log(`wrote ${providers}`);
}
