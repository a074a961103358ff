// Bundles the Action and the CLI with ncc into committed CommonJS files.
// CommonJS, not ESM: ncc's ESM output leaves ssh2 without __dirname (ncc issue 749).
// Native addons and Windows helpers are not shipped: ssh2 falls back to pure JS, and a .node
// built for this machine's Node would be useless on the runner's.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_HASH_FILE, sourceHash } from './source-hash.mjs';

const require = createRequire(import.meta.url);
const ncc = require('@vercel/ncc');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry point -> output file, relative to the output folder. */
export const ENTRIES = [
  { input: 'src/action.ts', output: 'index.cjs' },
  { input: 'src/cli.ts', output: 'cli.cjs', shebang: true },
];

// Only code chunks (lazy-loaded modules) belong next to the bundles. ncc also "relocates" files
// that source paths seem to point at (a user's .github/certflow.yml found in the build folder):
// those are not ours to ship.
const CHUNK = /^\d+\.index\.js$/;

export async function bundle(outDir) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  for (const entry of ENTRIES) {
    const { code, assets } = await ncc(join(root, entry.input), {
      esm: false,
      minify: false,
      sourceMap: false,
      quiet: true,
      target: 'es2022',
      // The license file is regenerated on every build and makes check-dist noisy.
      license: '',
    });
    const body = entry.shebang && !code.startsWith('#!') ? `#!/usr/bin/env node\n${code}` : code;
    await writeFile(join(outDir, entry.output), body, { mode: entry.shebang ? 0o755 : 0o644 });
    for (const [name, asset] of Object.entries(assets ?? {})) {
      if (!CHUNK.test(name)) continue;
      const target = join(outDir, name);
      // Both entries share chunk names: the same name must mean the same code.
      const existing = await readFile(target).catch(() => undefined);
      if (existing && !existing.equals(Buffer.from(asset.source))) {
        throw new Error(`${name} differs between entries; bundle them into separate folders`);
      }
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, asset.source);
    }
  }
  await writeFile(join(outDir, SOURCE_HASH_FILE), `${sourceHash(root)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(root, process.argv[2] ?? 'dist');
  await bundle(outDir);
  console.log(`bundled into ${outDir}`);
}
