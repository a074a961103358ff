/**
 * A known private key goes through seal + publish (pull request through the GitHub API, and plain
 * git): afterwards no git object, request to GitHub, PR body, log line or working-tree file holds
 * it in PEM, base64-body or JSON-escaped form.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundles } from '../../src/publish/index.js';
import { openBundle } from '../../src/store/open.js';
import { sealBundle } from '../../src/store/seal.js';
import { MemoryLogger } from '../../src/util/log.js';
import { GitHubServer } from '../support/github-server.js';
import { publishSettings } from '../support/github-settings.js';
import {
  createTestCa,
  keyLeakForms,
  newAgeIdentity,
  newP256KeyPem,
  type TestCa,
} from '../support/store-fixtures.js';

const run = promisify(execFile);
let ca: TestCa;
let root: string;

beforeAll(async () => {
  ca = await createTestCa();
  root = await mkdtemp(join(tmpdir(), 'certflow-leak-'));
});
afterAll(async () => {
  await ca.close();
  await rm(root, { recursive: true, force: true });
});

function hits(haystack: string, key: string): string[] {
  return keyLeakForms(key).filter((form) => haystack.includes(form));
}

async function allFiles(dir: string): Promise<string> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(await readFile(join(entry.parentPath, entry.name), 'latin1'));
  }
  return out.join('\n');
}

describe('secrets never leave sealed', () => {
  it('the search finds a key where one is (the check can fail)', () => {
    const key = newP256KeyPem();
    expect(hits(`log: ${JSON.stringify({ key })}`, key).length).toBeGreaterThan(0);
    expect(hits(key.replace(/\n/g, '\r\n'), key).length).toBeGreaterThan(0);
  });

  it('finds the key nowhere after seal + pull request + git publish', async () => {
    const { identity, recipient } = await newAgeIdentity();
    const key = newP256KeyPem();
    const issued = await ca.issue('www', ['www.certflow.test'], key);
    const bundle = await sealBundle(issued, [recipient]);
    const log = new MemoryLogger();
    const gh = await GitHubServer.start();
    try {
      const workspace = await mkdtemp(join(root, 'ws-'));
      const settings = publishSettings(workspace, [recipient], {}, gh);
      const result = await publishBundles(settings, [bundle], [], log, { client: { throttle: false } });
      expect(result.action).toBe('pr-created');
      // The key is really in there, encrypted: opening the working-tree bundle gives it back.
      expect((await openBundle(join(workspace, 'certificates'), 'www', identity)).privateKeyPem).toBe(key);

      const { stdout: objects } = await run('git', ['cat-file', '--batch-all-objects', '--batch'], {
        env: { GIT_DIR: gh.git.dir },
        encoding: 'latin1',
        maxBuffer: 64 << 20,
      });
      expect(objects).toContain('BEGIN AGE ENCRYPTED FILE');
      expect(hits(objects, key)).toEqual([]);
      const pr = gh.issues.get(1);
      expect(hits(`${pr?.title}\n${pr?.body}`, key)).toEqual([]);
      expect(hits(JSON.stringify(gh.requests), key)).toEqual([]);
      expect(hits(log.lines.join('\n'), key)).toEqual([]);
      expect(hits(await allFiles(workspace), key)).toEqual([]);
      gh.assertNoViolations();

      // No stray temp files from atomic writes are left next to the bundle.
      expect(
        (await readdir(join(workspace, 'certificates', 'www'))).filter((n) => n.endsWith('.tmp')),
      ).toEqual([]);
    } finally {
      await gh.close();
    }

    // Plain git: every object of the local repository.
    const work = await mkdtemp(join(root, 'git-'));
    await run('git', ['init', '--quiet', '--initial-branch=main', work]);
    const settings = publishSettings(work, [recipient], { publish: 'git' });
    const result = await publishBundles(settings, [bundle], [], log);
    expect(result.action).toBe('committed');
    const { stdout: objects } = await run('git', ['cat-file', '--batch-all-objects', '--batch'], {
      cwd: work,
      encoding: 'latin1',
      maxBuffer: 64 << 20,
    });
    expect(hits(objects, key)).toEqual([]);
    expect(hits(log.lines.join('\n'), key)).toEqual([]);
  });
});
