// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references are the subject of these tests
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configJsonSchemaText } from '../../src/config/json-schema.js';
import { configSchema } from '../../src/config/schema.js';

const ROOT = join(import.meta.dirname, '../..');

describe('schema/certflow.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    const checkedIn = readFileSync(join(ROOT, 'schema', 'certflow.schema.json'), 'utf8');
    expect(checkedIn).toBe(configJsonSchemaText());
  });

  it('describes every top-level section and refuses unknown keys', () => {
    const schema = configJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual([
      '$schema',
      'version',
      'acme',
      'renewal',
      'store',
      'dns',
      'certificates',
      'targets',
    ]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'acme', 'store', 'certificates']);
  });

  it('fills defaults in the loader form', () => {
    const parsed = configSchema.parse({
      version: 1,
      acme: { 'account-key': '${K}' },
      store: { recipients: ['age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'] },
      dns: { d: { type: 'exec', command: 'x' } },
      certificates: { c: { domains: ['a.example'], dns: 'd' } },
    });
    expect(parsed.acme.directory).toBe('letsencrypt');
    expect(parsed.store.path).toBe('certificates');
    expect(parsed.targets).toEqual({});
    expect(parsed.certificates.c).toEqual({
      domains: ['a.example'],
      dns: 'd',
      key: 'ecdsa-p256',
      targets: [],
    });
    expect(parsed.dns.d).toMatchObject({ 'propagation-timeout': '120s', ttl: 60, timeout: '60s' });
  });
});
