/** `schema/certflow.schema.json`, generated from the zod schema so editors complete and check the file. */
import { z } from 'zod';
import { configSchema } from './schema.js';

export const SCHEMA_ID =
  'https://raw.githubusercontent.com/certflow/certflow/main/schema/certflow.schema.json';

export function configJsonSchema(): Record<string, unknown> {
  // `input`: what a person writes (fields with defaults are optional), not what the loader returns.
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'certflow configuration (certflow.yml)',
    description:
      'Certificates to renew with ACME DNS-01, where their bundles are stored and where they are deployed. Secrets are written as $' +
      '{NAME} references to environment variables.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/** The file's text: stable, two-space indent, final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
