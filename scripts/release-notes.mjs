#!/usr/bin/env node
// Prints the CHANGELOG.md section of one version (`## [1.2.3] - 2026-12-02` up to the next `## `),
// for the GitHub release notes. Exits 1, saying what to add, when the section is missing or
// still says "Unreleased": a release without notes is a mistake, not a default.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function releaseNotes(changelog, version) {
  const lines = changelog.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`## [${version}]`));
  if (start < 0) throw new Error(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD": add one`);
  if (/unreleased/i.test(lines[start])) {
    throw new Error(`CHANGELOG.md: section ${version} is still marked Unreleased: put the release date`);
  }
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith('## '));
  const body = (end < 0 ? rest : rest.slice(0, end)).join('\n').trim();
  if (!body) throw new Error(`CHANGELOG.md: section ${version} is empty`);
  return `${body}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const version = (process.argv[2] ?? '').replace(/^v/, '');
  try {
    if (!/^\d+\.\d+\.\d+$/.test(version))
      throw new Error(`usage: release-notes.mjs X.Y.Z (got "${process.argv[2] ?? ''}")`);
    process.stdout.write(releaseNotes(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), version));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
