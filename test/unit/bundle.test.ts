/**
 * The committed bundle starts on the Node versions the Action supports, with every dependency in
 * it and no native binaries: Node 20 (this process) and Node 24 (fetched by scripts/node24.sh).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceHash } from '../../scripts/source-hash.mjs';
import { VERSION } from '../../src/version.js';
import { ROOT, testBundleDir } from '../support/action-runner.js';

const node24 = join(ROOT, '.cache', 'node24', 'node');
const runtimes = [
  { name: `this Node (${process.version})`, bin: process.execPath },
  { name: 'Node 24', bin: node24 },
];

describe('the bundle', () => {
  it('has Node 24 to run on (scripts/node24.sh fetches it; scripts/test.sh and CI run that)', () => {
    expect(existsSync(node24), 'Node 24 is not fetched: run bash scripts/node24.sh').toBe(true);
  });

  it.each(runtimes)(
    'starts on $name and names the missing input, without a stack trace',
    ({ bin }) => {
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
      const run = spawnSync(bin, [join(testBundleDir(), 'index.cjs')], { env, encoding: 'utf8', cwd: ROOT });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('::error::Input required and not supplied: command.');
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
      const version = execFileSync(bin, [join(testBundleDir(), 'cli.cjs'), '--version'], {
        encoding: 'utf8',
      });
      expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    },
    60_000,
  ); // compiling the 5 MB bundle takes seconds on a busy machine

  it('is built from the sources beside it, and a changed source makes it stale', () => {
    expect(() => testBundleDir()).not.toThrow();
    const root = mkdtempSync(join(tmpdir(), 'certflow-hash-'));
    mkdirSync(join(root, 'src', 'deploy'), { recursive: true });
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json'])
      writeFileSync(join(root, f), '{}');
    mkdirSync(join(root, 'scripts'));
    for (const f of ['bundle.mjs', 'source-hash.mjs']) writeFileSync(join(root, 'scripts', f), '');
    writeFileSync(join(root, 'src', 'deploy', 'host.ts'), 'export const a = 1;\n');
    const before = sourceHash(root);
    writeFileSync(join(root, 'src', 'deploy', 'host.ts'), 'export const a = 2;\n');
    expect(sourceHash(root)).not.toBe(before);
    rmSync(root, { recursive: true });
  });

  it('reports the version package.json gives', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });

  it('carries no native binaries', () => {
    const files = readdirSync(testBundleDir(), { recursive: true }).map(String);
    expect(files.filter((f) => /\.(node|exe|dll|so)$/.test(f))).toEqual([]);
  });
});
