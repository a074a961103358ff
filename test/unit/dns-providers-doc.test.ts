// docs/dns-providers.md's table and provider sections are generated from the registry
// (scripts/gen-provider-docs.ts): the page must match, and must hold every registered type with
// every one of its fields, or a provider could ship undocumented.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BEGIN,
  END,
  PROVIDERS_DOC,
  renderProvidersBlock,
  renderProvidersDoc,
} from '../../scripts/gen-provider-docs.js';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { PROVIDERS } from '../../src/dns/providers/index.js';

const page = readFileSync(join(import.meta.dirname, '../..', PROVIDERS_DOC), 'utf8');

describe(PROVIDERS_DOC, () => {
  it('is up to date with the provider modules (run `npm run docs` when this fails)', () => {
    expect(page).toBe(renderProvidersDoc(page));
  });

  it('has a row and a section with a field table for every registered type', () => {
    const schema = configJsonSchema() as {
      properties: {
        dns: { additionalProperties: { oneOf: Array<{ properties: Record<string, unknown> }> } };
      };
    };
    const block = page.slice(page.indexOf(BEGIN), page.indexOf(END));
    for (const p of PROVIDERS) {
      expect(block).toContain(`| [\`${p.type}\`](#`);
      const start = block.indexOf(`## \`${p.type}\`: `);
      expect(start, p.type).toBeGreaterThan(0);
      const section = block.slice(start, block.indexOf('\n## ', start + 1) >>> 0);
      const branch = schema.properties.dns.additionalProperties.oneOf.find(
        (b) => (b.properties.type as { const: string }).const === p.type,
      )!;
      for (const field of Object.keys(branch.properties)) {
        if (['type', 'resolvers', 'zones', 'propagation-timeout', 'ttl'].includes(field)) continue;
        expect(section, `${p.type}.${field}`).toContain(`| \`${field}\` |`);
      }
    }
  });

  it('notices a hand edit inside the generated part, and refuses a page without the markers', () => {
    const edited = page.replace('| `tsig-name` |', '| `tsig-nam` |');
    expect(edited).not.toBe(page);
    expect(renderProvidersDoc(edited)).not.toBe(edited);
    expect(() => renderProvidersDoc('# DNS providers\n')).toThrow(/markers .* are missing/);
    expect(renderProvidersBlock().startsWith(BEGIN)).toBe(true);
  });
});
