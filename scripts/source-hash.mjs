// The SHA-256 of everything the bundle is built from. scripts/bundle.mjs writes it into
// dist/SOURCES.sha256, and the tests that run dist/ compare it with the sources they sit next to,
// so they fail with "dist is stale" instead of testing old code. (CI rebuilds dist/ and compares
// every byte with check-dist; this is the cheap check for a developer's test run.)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SOURCE_HASH_FILE = 'SOURCES.sha256';

const INPUTS = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'scripts/bundle.mjs',
  'scripts/source-hash.mjs',
];

export function sourceHash(root) {
  const src = readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split('\\').join('/'));
  const hash = createHash('sha256');
  for (const name of [...INPUTS, ...src].sort()) {
    const content = readFileSync(join(root, name));
    hash.update(`${name}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}
