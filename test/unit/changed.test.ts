/** Which stored certificates changed since a revision: git's path list parsed, and real git asked. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changedBundleNames,
  changedBundles,
  isZeroRevision,
  storePrefix,
} from '../../src/pipeline/changed.js';
import { requirePrograms } from '../support/programs.js';

const z = (...paths: string[]) => paths.join('\0') + (paths.length > 0 ? '\0' : '');

// The programs these tests run: a missing one fails them with one line that says what to do.
beforeAll(() => requirePrograms('git'));
describe('changedBundleNames', () => {
  it('names the bundles whose chain or encrypted key changed', () => {
    const out = z(
      'certificates/www/fullchain.pem',
      'certificates/www/certificate.json',
      'certificates/www/privkey.pem.age',
      'certificates/api/privkey.pem.age',
      'certificates/mail/certificate.json',
      'certificates/mail/state.json',
      'README.md',
    );
    expect(changedBundleNames(out, 'certificates')).toEqual(['api', 'www']);
  });

  it('ignores files outside a bundle folder, deeper files and look-alike folders', () => {
    const out = z(
      'certificates/fullchain.pem',
      'certificates/www/old/fullchain.pem',
      'certificates-old/www/fullchain.pem',
      'other/certificates/www/fullchain.pem',
    );
    expect(changedBundleNames(out, 'certificates')).toEqual([]);
  });

  it('takes the store path as written in the config', () => {
    const out = z('infra/tls/edge/fullchain.pem', 'infra/tls/edge/certificate.json');
    for (const path of ['infra/tls', './infra/tls/', 'infra//tls', 'infra/x/../tls']) {
      expect(changedBundleNames(out, path)).toEqual(['edge']);
    }
    expect(changedBundleNames(z('edge/fullchain.pem'), '.')).toEqual(['edge']);
  });

  it('keeps names git would otherwise quote (spaces, non-ASCII)', () => {
    expect(changedBundleNames(z('certificates/é t/fullchain.pem'), 'certificates')).toEqual(['é t']);
  });

  it('says nothing for an empty answer or a store outside the workspace', () => {
    expect(changedBundleNames('', 'certificates')).toEqual([]);
    expect(changedBundleNames(z('certificates/www/fullchain.pem'), '../certificates')).toEqual([]);
    expect(storePrefix('/etc/certificates')).toBeUndefined();
    expect(storePrefix('../x')).toBeUndefined();
    expect(storePrefix('./certificates/')).toBe('certificates');
  });

  it('knows the all-zero push revision', () => {
    expect(isZeroRevision('0000000000000000000000000000000000000000')).toBe(true);
    expect(isZeroRevision('0000000000000000000000000000000000000001')).toBe(false);
    expect(isZeroRevision('HEAD~1')).toBe(false);
  });
});

describe('changedBundles (real git)', () => {
  let repo: string;
  const revs: Record<string, string> = {};
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const put = (path: string, text: string) => {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  const commit = (label: string) => {
    git('add', '-A');
    git('commit', '-q', '-m', label);
    revs[label] = git('rev-parse', 'HEAD');
  };

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'certflow-changed-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'ci@certflow.test');
    git('config', 'user.name', 'changed test');
    put('README.md', 'x\n');
    commit('config');
    for (const name of ['www', 'api']) {
      put(`certificates/${name}/certificate.json`, `{"name":"${name}"}\n`);
      put(`certificates/${name}/fullchain.pem`, `${name} 1\n`);
      put(`certificates/${name}/privkey.pem.age`, `${name} key 1\n`);
    }
    commit('first issue');
    put('certificates/www/fullchain.pem', 'www 2\n');
    put('certificates/www/privkey.pem.age', 'www key 2\n');
    put('certificates/api/certificate.json', '{"name":"api","backoff":{}}\n');
    commit('renew www, api failed');
    // Uncommitted work is not what the push brought.
    put('certificates/api/fullchain.pem', 'api dirty\n');
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('lists what changed between a commit and HEAD', async () => {
    expect(await changedBundles(repo, 'certificates', revs['first issue'] as string)).toEqual(['www']);
    expect(await changedBundles(repo, 'certificates', revs.config as string)).toEqual(['api', 'www']);
    expect(await changedBundles(repo, './certificates/', 'HEAD~1')).toEqual(['www']);
    expect(await changedBundles(repo, 'certificates', 'HEAD')).toEqual([]);
  });

  it('an all-zero revision (the push created the branch) makes every stored bundle new', async () => {
    expect(await changedBundles(repo, 'certificates', '0'.repeat(40))).toEqual(['api', 'www']);
  });

  it('a commit the checkout does not hold says to fetch the history', async () => {
    const missing = 'c0ffee'.repeat(6) + 'c0ff';
    await expect(changedBundles(repo, 'certificates', missing)).rejects.toThrow(
      /git cannot compare c0ffee.* with HEAD .*fetch-depth: 0/,
    );
  });

  it('refuses what git would read as an option, and a store outside the repository', async () => {
    await expect(changedBundles(repo, 'certificates', '--output=/tmp/x')).rejects.toThrow(/not a revision/);
    await expect(changedBundles(repo, '/etc/ssl', 'HEAD')).rejects.toThrow(/outside the repository/);
  });

  it('outside a git repository says so', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'certflow-changed-plain-'));
    try {
      await expect(changedBundles(plain, 'certificates', 'HEAD~1')).rejects.toThrow(/git cannot compare/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
