// Rebuilds the bundle in a temporary folder and fails when it differs from the committed dist/.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../..');

async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

const fresh = await mkdtemp(join(tmpdir(), 'certflow-dist-'));
try {
  await bundle(fresh);
  const committed = join(root, 'dist');
  const [a, b] = [await listFiles(committed).catch(() => []), await listFiles(fresh)];
  const differ = [];
  for (const name of new Set([...a, ...b])) {
    const left = await readFile(join(committed, name)).catch(() => null);
    const right = await readFile(join(fresh, name)).catch(() => null);
    if (!left || !right || !left.equals(right)) differ.push(name);
  }
  if (differ.length > 0) {
    console.error(`dist/ is stale: ${differ.join(', ')} differ from a fresh build.`);
    console.error('Run `npm run bundle` and commit dist/ together with the source change.');
    try {
      execFileSync('diff', ['-u', '--', join(committed, differ[0]), join(fresh, differ[0])], {
        stdio: ['ignore', 'ignore', 'ignore'],
      });
    } catch {}
    process.exit(1);
  }
  console.log(`dist/ is up to date (${b.length} files).`);
} finally {
  await rm(fresh, { recursive: true, force: true });
}
