// Writes schema/certflow.schema.json from the zod schema (npm run schema). A unit test fails when
// the checked-in file is stale.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from '../src/config/json-schema.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'schema', 'certflow.schema.json');
await mkdir(dirname(target), { recursive: true });
await writeFile(target, configJsonSchemaText());
console.log(`wrote ${target}`);
