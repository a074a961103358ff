// docs/config-reference.md is generated from the schema (scripts/gen-docs.ts). These tests walk the
// JSON Schema on their own, not through the generator, so a field the generator skips or mislabels
// is caught.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_PATH, renderConfigReference, type SchemaNode } from '../../scripts/gen-docs.js';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { ENV_REF } from '../../src/config/schema.js';
import { DNS_TYPES } from '../../src/dns/providers/index.js';

const ROOT = join(import.meta.dirname, '../..');
const schema = configJsonSchema() as SchemaNode;

/** A field of the schema: where its row must be (section, and kind for maps of several kinds). */
interface Field {
  section: string;
  kind?: string;
  path: string;
  node: SchemaNode;
  required: boolean;
  leaf: boolean;
}

function fields(root: SchemaNode): Field[] {
  const out: Field[] = [];
  const walk = (
    node: SchemaNode,
    path: string,
    section: string,
    kind: string | undefined,
    required: boolean,
  ) => {
    const ap = node.additionalProperties;
    const isObject = node.type === 'object' && (node.properties !== undefined || typeof ap === 'object');
    out.push({ section, kind, path, node, required, leaf: !isObject });
    if (node.properties) {
      for (const [key, child] of Object.entries(node.properties)) {
        walk(child, `${path}.${key}`, section, kind, (node.required ?? []).includes(key));
      }
    } else if (typeof ap === 'object') {
      for (const branch of ap.oneOf ?? [ap]) {
        const own = ap.oneOf ? String(branch.properties?.type?.const) : kind;
        // A map entry itself has no row of its own: its fields do.
        for (const [key, child] of Object.entries(branch.properties ?? {})) {
          walk(child, `${path}.<name>.${key}`, section, own, (branch.required ?? []).includes(key));
        }
      }
    }
  };
  for (const [key, node] of Object.entries(root.properties ?? {})) {
    const section = node.type === 'object' ? key : 'Top level';
    walk(node, key, section, undefined, (root.required ?? []).includes(key));
  }
  return out;
}

interface DocRow {
  type: string;
  presence: string;
  description: string;
}

/** Rows of the document by block ("acme", "dns/rfc2136", "Top level") and dotted path. */
function parse(doc: string): Map<string, Map<string, DocRow>> {
  const blocks = new Map<string, Map<string, DocRow>>();
  let section = '';
  let block = new Map<string, DocRow>();
  for (const line of doc.split('\n')) {
    const h2 = /^## (?:`(.+)`|(.+))$/.exec(line);
    const h3 = /^### `(.+)`: `type: (.+)`$/.exec(line);
    if (h2) section = (h2[1] ?? h2[2])!;
    if (h2 || h3) {
      block = new Map();
      blocks.set(h3 ? `${section}/${h3[2]}` : section, block);
      continue;
    }
    const row = /^\| `([^`]+)` \| (.*) \|$/.exec(line);
    if (!row) continue;
    const [type = '', presence = '', description = ''] = row[2]!.split(/(?<!\\) \| /);
    block.set(row[1]!, { type, presence, description });
  }
  return blocks;
}

const isSecret = (n: SchemaNode) => n.type === 'string' && n.pattern === ENV_REF.source;

/** Everything the document gets wrong or leaves out, as readable lines (empty when right). */
function problems(doc: string, root: SchemaNode): string[] {
  const blocks = parse(doc);
  const out: string[] = [];
  for (const f of fields(root)) {
    const where = f.kind ? `${f.section}/${f.kind}` : f.section;
    const row = blocks.get(where)?.get(f.path);
    if (!row) {
      out.push(`${f.path}: no row in ${where}`);
      continue;
    }
    if (isSecret(f.node) !== row.type.includes('**secret**')) out.push(`${f.path}: secret marking wrong`);
    for (const value of f.node.enum ?? []) {
      if (!row.type.includes(`\`${String(value)}\``)) out.push(`${f.path}: enum value ${value} not listed`);
    }
    if (f.required && row.presence !== 'required') out.push(`${f.path}: not marked required`);
    const def = f.node.default;
    if (!f.required && def !== undefined && typeof def !== 'object' && !row.presence.includes(String(def))) {
      out.push(`${f.path}: default ${String(def)} not shown`);
    }
    if (row.description.trim() === '') out.push(`${f.path}: no description`);
  }
  return out;
}

describe(REFERENCE_PATH, () => {
  const checkedIn = readFileSync(join(ROOT, REFERENCE_PATH), 'utf8');

  it('is up to date with the schema (run `npm run docs` when this fails)', () => {
    expect(checkedIn).toBe(renderConfigReference());
  });

  it('has a row for every field, in its section and kind, with secrets, enums, defaults and a description', () => {
    const all = fields(schema);
    // The walk itself must reach the fields we know are there, or the check below proves nothing.
    expect(all.filter((f) => f.leaf).length).toBeGreaterThan(60);
    expect(all.map((f) => `${f.kind ?? ''}:${f.path}`)).toEqual(
      expect.arrayContaining([
        'rfc2136:dns.<name>.tsig-secret',
        'route53:dns.<name>.session-token',
        ':certificates.<name>.key',
        'ssh:targets.<name>.files.key-mode',
        'ssh:targets.<name>.verify.port',
        'exec:targets.<name>.needs-key',
        ':acme.external-account-binding.hmac-key',
      ]),
    );
    expect(problems(checkedIn, schema)).toEqual([]);
  });

  it('has one table per DNS provider type and per target type', () => {
    const blocks = [...parse(checkedIn).keys()];
    expect(blocks).toEqual([
      'Top level',
      'acme',
      'renewal',
      'store',
      'dns',
      // One per registered provider, in registry order: adding a provider does not touch this test.
      ...DNS_TYPES.map((type) => `dns/${type}`),
      'certificates',
      'targets',
      'targets/ssh',
      'targets/exec',
    ]);
  });

  it('the check catches a dropped row, a lost secret mark and a missing enum value', () => {
    const dropped = checkedIn.replace(/^\| `targets\.<name>\.verify\.servername` .*\n/m, '');
    expect(problems(dropped, schema)).toEqual(['targets.<name>.verify.servername: no row in targets/ssh']);

    const unmarked = checkedIn.replace(/(\| `dns\.<name>\.api-token` \| )\*\*secret\*\*/, '$1string');
    expect(problems(unmarked, schema)).toEqual(['dns.<name>.api-token: secret marking wrong']);

    const noEnum = checkedIn.replace(', `rsa-4096`', '');
    expect(problems(noEnum, schema)).toEqual(['certificates.<name>.key: enum value rsa-4096 not listed']);
  });

  it('the generator refuses a schema shape it does not know instead of leaving the field out', () => {
    const odd: SchemaNode = {
      type: 'object',
      properties: { store: { type: 'object', properties: { path: { anyOf: [{ type: 'string' }] } } } },
    };
    expect(() => renderConfigReference(odd)).toThrow(/store\.path: anyOf with other than two branches/);
  });
});
