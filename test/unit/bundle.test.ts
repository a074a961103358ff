/**
 * The committed bundle starts on the Node versions the Action supports, with every dependency in
 * it and no native binaries: Node 20 (this process) and Node 24 (fetched by scripts/node24.sh).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { ROOT, testBundleDir } from '../support/action-runner.js';

const node24 = join(ROOT, '.cache', 'node24', 'node');
const runtimes = [
  { name: `this Node (${process.version})`, bin: process.execPath },
  ...(existsSync(node24) ? [{ name: 'Node 24', bin: node24 }] : []),
];

describe('the bundle', () => {
  it('runs on Node 24 too (CI fetches it with scripts/node24.sh)', () => {
    if (process.env.CI) expect(existsSync(node24)).toBe(true);
  });

  it.each(runtimes)('starts on $name and names the missing input, without a stack trace', ({ bin }) => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const run = spawnSync(bin, [join(testBundleDir(), 'index.cjs')], { env, encoding: 'utf8', cwd: ROOT });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('::error::Input required and not supplied: command.');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
    const version = execFileSync(bin, [join(testBundleDir(), 'cli.cjs'), '--version'], { encoding: 'utf8' });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
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
