/**
 * Publishing through the GitHub REST API, against the local GitHub server (real bare git repo,
 * every call checked against GitHub's OpenAPI description).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RenewalDecision } from '../../src/model.js';
import { publishBundles } from '../../src/publish/index.js';
import { type SealedBundle, sealBundle } from '../../src/store/seal.js';
import { MemoryLogger } from '../../src/util/log.js';
import { GitHubServer } from '../support/github-server.js';
import { publishSettings } from '../support/github-settings.js';
import { createTestCa, newAgeIdentity, type TestCa } from '../support/store-fixtures.js';

let ca: TestCa;
let recipient: string;
let gh: GitHubServer;
let workspace: string;
const fast = { client: { throttle: false } };

function decision(name: string, reason: string): RenewalDecision {
  return { name, domains: [], action: 'renew', reason, code: 'fallback' };
}

async function seal(name: string, previous?: SealedBundle): Promise<SealedBundle> {
  const issued = await ca.issue(name, [`${name}.certflow.test`, `alt-${name}.certflow.test`]);
  return sealBundle(issued, [recipient], previous?.manifest);
}

function writes() {
  return gh.requests.filter((r) => r.method !== 'GET');
}

beforeAll(async () => {
  ca = await createTestCa();
  recipient = (await newAgeIdentity()).recipient;
});
afterAll(async () => {
  await ca.close();
});
beforeEach(async () => {
  gh = await GitHubServer.start();
  workspace = await mkdtemp(join(tmpdir(), 'certflow-ws-'));
});
afterEach(async () => {
  gh.assertNoViolations();
  await gh.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('publish: commit', () => {
  it('makes one commit with every bundle on the base branch (throttled client), then nothing on a rerun', async () => {
    const settings = publishSettings(workspace, [recipient], { publish: 'commit' }, gh);
    const before = await gh.branchSha('main');
    const bundles = [await seal('www'), await seal('api')];
    const log = new MemoryLogger();
    const result = await publishBundles(settings, bundles, [decision('www', 'due')], log);
    expect(result.action).toBe('committed');
    expect(result.files).toHaveLength(6);
    const head = await gh.branchSha('main');
    expect(result.commitSha).toBe(head);
    const commit = await gh.git.readCommit(head ?? '');
    expect(commit.parents).toEqual([before]);
    expect(commit.message).toMatch(/^Renew certificates: www, api\n/);
    expect(await gh.readFile('main', 'certificates/api/fullchain.pem')).toBe(
      bundles[1]?.files['fullchain.pem'],
    );
    expect(await gh.readFile('main', 'certificates/www/privkey.pem.age')).toBe(
      bundles[0]?.files['privkey.pem.age'],
    );
    expect(await gh.readFile('main', 'README.md')).toBe('# infra\n');
    expect(writes().map((r) => r.operationId)).toEqual([
      ...Array(6).fill('git/create-blob'),
      'git/create-tree',
      'git/create-commit',
      'git/update-ref',
    ]);
    expect(writes().find((r) => r.operationId === 'git/update-ref')?.requestBody).toMatchObject({
      force: false,
    });

    const count = gh.requests.length;
    const again = await publishBundles(settings, bundles, [], log, fast);
    expect(again.action).toBe('none');
    expect(await gh.branchSha('main')).toBe(head);
    expect(gh.requests.slice(count).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('rebuilds on top when the branch moves during the commit, never overwriting', async () => {
    const settings = publishSettings(workspace, [recipient], { publish: 'commit' }, gh);
    let foreign: string | undefined;
    gh.onBeforeRefUpdate = async (ref) => {
      if (foreign || ref !== 'refs/heads/main') return;
      foreign = await gh.commitFiles('main', { 'other.txt': 'pushed by someone else\n' }, 'Someone else');
    };
    const result = await publishBundles(settings, [await seal('www')], [], new MemoryLogger(), fast);
    expect(result.action).toBe('committed');
    expect(result.message).toContain('rebuilt 1 time');
    const commit = await gh.git.readCommit((await gh.branchSha('main')) ?? '');
    expect(commit.parents).toEqual([foreign]);
    expect(await gh.readFile('main', 'other.txt')).toBe('pushed by someone else\n');
    expect(await gh.readFile('main', 'certificates/www/certificate.json')).toBeDefined();
    const updates = gh.requests.filter((r) => r.operationId === 'git/update-ref');
    expect(updates.map((r) => r.status)).toEqual([422, 200]);
  });

  it('says which permission is missing when the token cannot write contents', async () => {
    const token = gh.addToken({ contents: 'read', pull_requests: 'write' });
    const settings = publishSettings(workspace, [recipient], { publish: 'commit' }, gh, token);
    await expect(publishBundles(settings, [await seal('www')], [], new MemoryLogger(), fast)).rejects.toThrow(
      /refused to upload certificates\/www\/.* in acme\/infra \(403 Resource not accessible by integration\): the token lacks the `contents: write` permission/,
    );
  });
});

describe('publish: pull-request', () => {
  it('opens one PR, leaves it untouched when nothing changed, updates it with new bundles', async () => {
    const settings = publishSettings(workspace, [recipient], {}, gh);
    const www = await seal('www');
    const api = await seal('api');
    const decisions = [decision('www', 'ARI window open'), decision('api', 'domains changed: +alt | x')];
    const first = await publishBundles(settings, [www, api], decisions, new MemoryLogger(), fast);
    expect(first.action).toBe('pr-created');
    expect(first.pullRequest?.number).toBe(1);
    expect(first.pullRequest?.url).toContain('/pull/1');
    expect(first.commitSha).toBe(await gh.branchSha('certflow/renewal'));
    expect(await gh.readFile('main', 'certificates/www/certificate.json')).toBeUndefined();
    const pr = gh.issues.get(1);
    expect(pr?.title).toBe('Renew certificates: www, api');
    expect(pr?.labels).toEqual(['certificates']);
    expect(gh.labels.get('certificates')?.color).toBe('0e8a16');
    expect(pr?.body).toContain(`| Serial | (new certificate) → \`${www.manifest.serial}\` |`);
    expect(pr?.body).toContain('| Reason | domains changed: +alt \\| x (`fallback`) |');
    expect(pr?.body).toContain('| Key type | `ecdsa-p256` |');
    expect(pr?.body).toContain(www.manifest.notAfter);
    expect(pr?.body).toContain('CN=certflow test CA');
    expect(pr?.body).toContain('### How to deploy');

    // Rerun with the same bundles: no write at all, PR untouched.
    const updatedAt = pr?.updated_at;
    const count = gh.requests.length;
    const second = await publishBundles(settings, [www, api], decisions, new MemoryLogger(), fast);
    expect(second.action).toBe('none');
    expect(second.pullRequest?.number).toBe(1);
    expect(gh.requests.slice(count).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(gh.issues.get(1)?.updated_at).toBe(updatedAt);

    // Rerun with a newer www: a fast-forward commit on the branch, body updated, api kept.
    const branchBefore = await gh.branchSha('certflow/renewal');
    const www2 = await seal('www', www);
    const third = await publishBundles(
      settings,
      [www2],
      [decision('www', 'forced')],
      new MemoryLogger(),
      fast,
    );
    expect(third.action).toBe('pr-updated');
    expect(third.pullRequest?.number).toBe(1);
    expect(third.files).toHaveLength(3);
    const head = await gh.git.readCommit((await gh.branchSha('certflow/renewal')) ?? '');
    expect(head.parents).toEqual([branchBefore]);
    expect(gh.pulls()).toHaveLength(1);
    const body = gh.issues.get(1)?.body ?? '';
    expect(body).toContain(`\`${www.manifest.serial}\` → \`${www2.manifest.serial}\``);
    expect(body).toContain(api.manifest.serial);
    expect(gh.issues.get(1)?.title).toBe('Renew certificates: www, api');
    expect(await gh.readFile('certflow/renewal', 'certificates/www/fullchain.pem')).toBe(
      www2.files['fullchain.pem'],
    );
  });

  it('updates an open PR on top of a commit someone pushed to its branch meanwhile', async () => {
    const settings = publishSettings(workspace, [recipient], {}, gh);
    const www = await seal('www');
    await publishBundles(settings, [www], [], new MemoryLogger(), fast);
    let foreign: string | undefined;
    gh.onBeforeRefUpdate = async (ref) => {
      if (foreign || ref !== 'refs/heads/certflow/renewal') return;
      foreign = await gh.commitFiles(
        'certflow/renewal',
        { 'certificates/NOTE.md': 'reviewer note\n' },
        'note',
      );
    };
    const result = await publishBundles(settings, [await seal('www', www)], [], new MemoryLogger(), fast);
    expect(result.action).toBe('pr-updated');
    const head = await gh.git.readCommit((await gh.branchSha('certflow/renewal')) ?? '');
    expect(head.parents).toEqual([foreign]);
    expect(await gh.readFile('certflow/renewal', 'certificates/NOTE.md')).toBe('reviewer note\n');
    expect(gh.requests.filter((r) => r.operationId === 'git/update-ref').map((r) => r.status)).toEqual([
      422, 200,
    ]);
    expect(gh.pulls()).toHaveLength(1);
  });

  it('starts over from the base branch when the earlier PR is closed (forced branch reset)', async () => {
    const settings = publishSettings(workspace, [recipient], {}, gh);
    await publishBundles(settings, [await seal('www')], [], new MemoryLogger(), fast);
    const pr = gh.issues.get(1);
    if (pr) pr.state = 'closed';
    const api = await seal('api');
    const result = await publishBundles(settings, [api], [], new MemoryLogger(), fast);
    expect(result.action).toBe('pr-created');
    expect(result.pullRequest?.number).toBe(2);
    const head = await gh.git.readCommit((await gh.branchSha('certflow/renewal')) ?? '');
    expect(head.parents).toEqual([await gh.branchSha('main')]);
    expect(await gh.readFile('certflow/renewal', 'certificates/www/certificate.json')).toBeUndefined();
    expect(gh.issues.get(2)?.title).toBe('Renew certificates: api');
  });

  it('says pull-requests: write is missing when the token can push but not open PRs', async () => {
    const token = gh.addToken({ contents: 'write', pull_requests: 'read', issues: 'read' });
    const settings = publishSettings(workspace, [recipient], {}, gh, token);
    await expect(publishBundles(settings, [await seal('www')], [], new MemoryLogger(), fast)).rejects.toThrow(
      /refused to open a pull request from certflow\/renewal into main .*the token lacks the `pull-requests: write` permission/,
    );
  });

  it('says contents: write is missing when the token cannot even push the branch', async () => {
    const token = gh.addToken({ contents: 'read', pull_requests: 'write' });
    const settings = publishSettings(workspace, [recipient], {}, gh, token);
    await expect(publishBundles(settings, [await seal('www')], [], new MemoryLogger(), fast)).rejects.toThrow(
      /the token lacks the `contents: write` permission/,
    );
  });
});
