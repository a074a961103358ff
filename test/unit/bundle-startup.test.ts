/**
 * Start-up of the built bundle (issue 22): `--version` and `--help` compile the small bundle
 * entry only, and a command loads its chunks without the libraries of other commands. A preload
 * script lists every file Node's require loaded (the bundle's chunks are loaded with require);
 * markers that only those libraries contain tell which of them were compiled.
 * On Node 24 the V8 compile cache goes to the user's private cache folder, never to one that
 * someone else can write.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, testBundleDir } from '../support/action-runner.js';

/** A string each heavy library's code carries and nothing else in the bundle does. */
const MARKERS = {
  ssh2: 'SSH-2.0-',
  'node-ssh': 'NodeSSH',
  octokit: 'octokit-rest.js/',
  'acme-client': 'node-acme-client',
  'age-encryption': 'bech32',
} as const;

const node24 = join(ROOT, '.cache', 'node24', 'node');
let work: string;
let preload: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'certflow-startup-'));
  preload = join(work, 'loaded.cjs');
  writeFileSync(
    preload,
    "process.on('exit', () => require('fs').writeFileSync(process.env.LOADED_LIST, Object.keys(require.cache).join('\\n')));\n",
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Loaded {
  status: number | null;
  stdout: string;
  /** Bundle files loaded (names in dist/). */
  files: string[];
  bytes: number;
  /** The libraries whose marker is in a loaded file. */
  libraries: string[];
}

function start(args: string[], entry = 'cli.cjs', env: Record<string, string> = {}): Loaded {
  const dir = testBundleDir();
  const list = join(work, `loaded-${Math.random().toString(36).slice(2)}`);
  const run = spawnSync(process.execPath, ['-r', preload, join(dir, entry), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, LOADED_LIST: list, ...env },
  });
  const files = readFileSync(list, 'utf8')
    .split('\n')
    .filter((f) => f.startsWith(`${dir}/`))
    .map((f) => f.slice(dir.length + 1));
  const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'));
  return {
    status: run.status,
    stdout: run.stdout,
    files,
    bytes: files.reduce((n, f) => n + statSync(join(dir, f)).size, 0),
    libraries: Object.entries(MARKERS)
      .filter(([, marker]) => texts.some((t) => t.includes(marker)))
      .map(([name]) => name),
  };
}

describe('start-up of the bundle', () => {
  it('every marker is in the bundle (so their absence below means something)', () => {
    const dir = testBundleDir();
    const all = readdirSync(dir)
      .filter((f) => f.endsWith('.js') || f.endsWith('.cjs'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    for (const [name, marker] of Object.entries(MARKERS)) expect(all, name).toContain(marker);
  });

  it.each(['--version', 'plan --help', '--help'])('%s compiles under 100 KB and no library', (line) => {
    const r = start(line.split(' '));
    expect(r.status).toBe(0);
    expect(r.libraries).toEqual([]);
    expect(r.bytes).toBeLessThan(100 * 1024);
  });

  it('plan loads its chunks (config, store) but none of the heavy libraries', () => {
    writeFileSync(join(work, 'bad.yml'), 'version: 1\n');
    const r = start(['plan', '-c', 'bad.yml']);
    expect(r.status).toBe(2);
    expect(r.files.length).toBeGreaterThan(start(['--version']).files.length);
    expect(r.libraries).toEqual([]);
  });

  it('the Action without inputs loads no heavy library', () => {
    const r = start([], 'index.cjs');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Input required and not supplied: command');
    expect(r.libraries).toEqual([]);
  });
});

describe.skipIf(!existsSync(node24))('V8 compile cache on Node 24', () => {
  const run = (home: string, env: Record<string, string> = {}) =>
    spawnSync(node24, [join(testBundleDir(), 'cli.cjs'), '--help'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env },
    });
  const cacheDir = (home: string) => join(home, '.cache', 'certflow', 'v8-compile-cache');
  const entries = (dir: string) => readdirSync(dir, { recursive: true }).length;

  it('is kept in a folder only this user can open', () => {
    const home = mkdtempSync(join(work, 'home-'));
    expect(run(home).status).toBe(0);
    expect(statSync(cacheDir(home)).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, '.cache', 'certflow')).mode & 0o077).toBe(0);
    expect(entries(cacheDir(home))).toBeGreaterThan(0);
  });

  it('is not used when someone else could write the folder', () => {
    const home = mkdtempSync(join(work, 'home-'));
    mkdirSync(cacheDir(home), { recursive: true });
    chmodSync(cacheDir(home), 0o777);
    expect(run(home).status).toBe(0);
    expect(entries(cacheDir(home))).toBe(0);
  });

  it('is not used with CERTFLOW_COMPILE_CACHE=0', () => {
    const home = mkdtempSync(join(work, 'home-'));
    expect(run(home, { CERTFLOW_COMPILE_CACHE: '0' }).status).toBe(0);
    expect(existsSync(cacheDir(home))).toBe(false);
  });
});
