/**
 * Publishing through the GitHub REST API, against the local GitHub server (real bare git repo,
 * every call checked against GitHub's OpenAPI description).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RenewalDecision } from '../../src/model.js';
import { newReport } from '../../src/pipeline/finish.js';
import { TREE_LIMITS } from '../../src/publish/commit.js';
import { gitBlobSha } from '../../src/publish/files.js';
import { publishBundles } from '../../src/publish/index.js';
import { PR_LIMITS } from '../../src/publish/message.js';
import { reportOutputs } from '../../src/report/outputs.js';
import { type SealedBundle, sealBundle } from '../../src/store/seal.js';
import { MemoryLogger } from '../../src/util/log.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
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

/** How many entries a recorded create-tree request carried. */
function treeSize(r: { requestBody?: unknown } | undefined): number | undefined {
  return (r?.requestBody as { tree?: unknown[] } | undefined)?.tree?.length;
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
    // Contents travel inline in the tree: no blob writes.
    expect(writes().map((r) => r.operationId)).toEqual([
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

describe('publish: commit on a protected branch', () => {
  it("fails at once with GitHub's rule violation and what to change, instead of retrying as if the branch moved", async () => {
    gh.protectBranch('main');
    const before = await gh.branchSha('main');
    const settings = publishSettings(workspace, [recipient], { publish: 'commit' }, gh);
    const error = await publishBundles(settings, [await seal('www')], [], new MemoryLogger(), fast).catch(
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /could not move branch main in acme\/infra \(422 Repository rule violations found\s+Changes must be made through a pull request\.\s*\)\. main is protected .*use publish: pull-request, or let the token's identity bypass the rule/,
    );
    expect((error as Error).message).not.toContain('kept moving');
    expect(gh.requests.filter((r) => r.operationId === 'git/update-ref')).toHaveLength(1);
    expect(await gh.branchSha('main')).toBe(before);
  });

  it('commits when the token may bypass the ruleset', async () => {
    const bot = gh.addToken({ contents: 'write' });
    gh.protectBranch('main', [bot]);
    const settings = publishSettings(workspace, [recipient], { publish: 'commit' }, gh, bot);
    const result = await publishBundles(settings, [await seal('www')], [], new MemoryLogger(), fast);
    expect(result.action).toBe('committed');
  });
});

describe('publish: pull-request within GitHub limits', () => {
  it('opens the pull request with a token lacking issues: write; the label refusal is a warning and the outputs are set', async () => {
    const token = gh.addToken({ contents: 'write', pull_requests: 'write' });
    const settings = publishSettings(workspace, [recipient], {}, gh, token);
    const log = new MemoryLogger();
    const result = await publishBundles(settings, [await seal('www')], [], log, fast);
    expect(result.action).toBe('pr-created');
    expect(gh.pulls()).toHaveLength(1);
    expect(result.warnings?.join('\n')).toMatch(
      /pull request #1 is open, but labels were not applied: .*create label certificates.*the token lacks the `issues: write` permission/,
    );
    expect(log.lines.some((l) => l.startsWith('warn: ') && l.includes('issues: write'))).toBe(true);
    const outputs = reportOutputs({ ...newReport('renew', settings), publish: result });
    expect(outputs['pull-request-url']).toBe(result.pullRequest?.url);
    expect(outputs['pull-request-number']).toBe('1');
  });

  it('opens one pull request for 48 certificates of 24 names each: capped title, body under 65,536, full detail in the commit', async () => {
    // 48 sections of 24 names would make a body of about 72,000 characters, and 48 names a
    // title of about 800: both refused by GitHub (and the local server) before the cap.
    const settings = publishSettings(workspace, [recipient], {}, gh);
    const bundles = await Promise.all(
      Array.from({ length: 48 }, async (_, i) => {
        const name = `service-${String(i).padStart(3, '0')}`;
        const domains = Array.from({ length: 24 }, (_, j) => `${name}-${j}.customers.certflow.test`);
        return sealBundle(await ca.issue(name, domains), [recipient]);
      }),
    );
    const result = await publishBundles(settings, bundles, [], new MemoryLogger(), fast);
    expect(result.action).toBe('pr-created');
    const pr = gh.issues.get(1);
    expect(pr?.title.length).toBeLessThanOrEqual(PR_LIMITS.title);
    expect(pr?.title).toMatch(/^Renew certificates: service-000, .* and \d+ more$/);
    expect(pr?.body?.length).toBeLessThan(PR_LIMITS.body);
    expect(pr?.body).toContain(`| \`service-047\` | (new) → \`${bundles[47]?.manifest.serial}\` |`);
    const commit = await gh.git.readCommit((await gh.branchSha('certflow/renewal')) ?? '');
    expect(commit.message).toContain(`- service-047: serial (new) -> ${bundles[47]?.manifest.serial}`);
    expect(commit.message).toContain('service-047-23.customers.certflow.test');
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
    expect(pr?.body).toContain('| Reason | domains changed: +alt &#124; x (`fallback`) |');
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

  it('updates an open PR on top of a commit another certflow run pushed meanwhile (trailer, store only)', async () => {
    const settings = publishSettings(workspace, [recipient], {}, gh);
    const www = await seal('www');
    await publishBundles(settings, [www], [], new MemoryLogger(), fast);
    let other: string | undefined;
    gh.onBeforeRefUpdate = async (ref) => {
      if (other || ref !== 'refs/heads/certflow/renewal') return;
      other = await gh.commitFiles(
        'certflow/renewal',
        { 'certificates/api/certificate.json': '{}\n' },
        'Renew certificates: api\n\nCertflow-Run: https://github.test/acme/infra/actions/runs/2\n',
      );
    };
    const result = await publishBundles(settings, [await seal('www', www)], [], new MemoryLogger(), fast);
    expect(result.action).toBe('pr-updated');
    const head = await gh.git.readCommit((await gh.branchSha('certflow/renewal')) ?? '');
    expect(head.parents).toEqual([other]);
    expect(head.message).toMatch(/\n\nCertflow-Run: local \d{4}-/);
    expect(gh.requests.filter((r) => r.operationId === 'git/update-ref').map((r) => r.status)).toEqual([
      422, 200,
    ]);
    expect(gh.pulls()).toHaveLength(1);
    expect(gh.issues.get(1)?.body).toMatch(
      /### Paths outside the store\n\nNone: this pull request changes only `certificates\/`.\n$/,
    );
  });

  it('refuses to build on a commit someone else pushed between its review and its commit; the branch keeps it', async () => {
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
    await expect(
      publishBundles(settings, [await seal('www', www)], [], new MemoryLogger(), fast),
    ).rejects.toThrow(
      /has commits certflow did not make: [0-9a-f]{12} "note" \(no Certflow-Run: trailer; paths: certificates\/NOTE.md\)/,
    );
    expect(await gh.branchSha('certflow/renewal')).toBe(foreign);
  });

  it('refuses to publish on a renewal branch with a foreign commit touching .github/certflow.yml', async () => {
    const settings = publishSettings(workspace, [recipient], {}, gh);
    const www = await seal('www');
    await publishBundles(settings, [www], [], new MemoryLogger(), fast);
    const foreign = await gh.commitFiles(
      'certflow/renewal',
      { '.github/certflow.yml': 'version: 1\n# changed by someone\n' },
      'Tweak the config\n\nCertflow-Run: forged\n',
    );
    const count = gh.requests.length;
    const error = await publishBundles(settings, [await seal('www', www)], [], new MemoryLogger(), fast).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain(
      `${foreign.slice(0, 12)} "Tweak the config" (changes outside certificates/: .github/certflow.yml; paths: .github/certflow.yml)`,
    );
    expect(error?.message).toContain('Close pull request #1');
    expect(error?.message).toContain('delete the branch certflow/renewal');
    // Left exactly as it was: same head, no write of any kind.
    expect(await gh.branchSha('certflow/renewal')).toBe(foreign);
    expect(gh.requests.slice(count).filter((r) => r.method !== 'GET')).toEqual([]);
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

describe('publish at scale: contents inline in the tree', () => {
  const many = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => seal(`c${i + 100}`)));

  /** Every file of `bundles` is on `ref` byte for byte (blob SHAs from git's own listing). */
  async function expectPublished(ref: string, bundles: SealedBundle[]) {
    const head = await gh.git.readCommit((await gh.branchSha(ref)) ?? '');
    const stored = new Map((await gh.git.lsTree(head.tree, true)).map((e) => [e.path, e.sha]));
    const want = bundles.flatMap((b) =>
      Object.entries(b.files).map(([file, content]) => [
        `certificates/${b.name}/${file}`,
        gitBlobSha(content),
      ]),
    );
    expect(want.filter(([path, sha]) => stored.get(path as string) !== sha)).toEqual([]);
    const last = bundles.at(-1);
    expect(await gh.readFile(ref, `certificates/${last?.name}/privkey.pem.age`)).toBe(
      last?.files['privkey.pem.age'],
    );
  }

  it('commits 20 bundles with 3 writes (tree, commit, ref) through the throttled client', async () => {
    const settings = publishSettings(workspace, [recipient], { publish: 'commit' }, gh);
    const baseTree = (await gh.git.readCommit((await gh.branchSha('main')) ?? '')).tree;
    const bundles = await many(20);
    const t0 = performance.now();
    const result = await publishBundles(settings, bundles, [], new MemoryLogger());
    const seconds = (performance.now() - t0) / 1000;
    expect(result.action).toBe('committed');
    expect(result.files).toHaveLength(60);
    expect(writes().map((r) => r.operationId)).toEqual([
      'git/create-tree',
      'git/create-commit',
      'git/update-ref',
    ]);
    const tree = writes()[0]?.requestBody as { base_tree: string; tree: Array<Record<string, unknown>> };
    expect(tree.base_tree).toBe(baseTree);
    expect(tree.tree).toHaveLength(60);
    for (const entry of tree.tree) {
      expect(entry).toEqual({
        path: expect.stringMatching(/^certificates\/c1\d\d\//),
        mode: '100644',
        type: 'blob',
        content: expect.any(String),
      });
    }
    await expectPublished('main', bundles);
    // 60 blob writes at one per second took over a minute; three writes take a few seconds.
    expect(seconds).toBeLessThan(10);

    // One renewed bundle out of 20: only its 3 files are sent.
    const count = gh.requests.length;
    const renewed = await seal('c107', bundles[7]);
    const next = [...bundles.slice(0, 7), renewed, ...bundles.slice(8)];
    const again = await publishBundles(settings, next, [], new MemoryLogger(), fast);
    expect(again.action).toBe('committed');
    expect(again.files.every((f) => f.startsWith('certificates/c107/'))).toBe(true);
    const later = gh.requests.slice(count).filter((r) => r.method !== 'GET');
    expect(later.map((r) => r.operationId)).toEqual([
      'git/create-tree',
      'git/create-commit',
      'git/update-ref',
    ]);
    expect(treeSize(later[0])).toBe(3);
    await expectPublished('main', next);
  });

  it('opens a pull request for 20 bundles with 6 writes through the throttled client', async () => {
    const settings = publishSettings(workspace, [recipient], {}, gh);
    const bundles = await many(20);
    const result = await publishBundles(settings, bundles, [], new MemoryLogger());
    expect(result.action).toBe('pr-created');
    expect(writes().map((r) => r.operationId)).toEqual([
      'git/create-tree',
      'git/create-commit',
      'git/create-ref',
      'pulls/create',
      'issues/create-label',
      'issues/add-labels',
    ]);
    await expectPublished('certflow/renewal', bundles);
    expect(gh.issues.get(1)?.body).toContain(bundles[19]?.manifest.serial);
  });

  it('chains trees of at most TREE_LIMITS.files entries for a big renewal, still one commit', async () => {
    const settings = publishSettings(workspace, [recipient], { publish: 'commit' }, gh);
    const before = await gh.branchSha('main');
    const bundles = await many(60); // 180 files
    const result = await publishBundles(settings, bundles, [], new MemoryLogger(), fast);
    expect(result.action).toBe('committed');
    const trees = writes().filter((r) => r.operationId === 'git/create-tree');
    expect(trees.map((r) => treeSize(r))).toEqual([TREE_LIMITS.files, 180 - TREE_LIMITS.files]);
    // The second tree is built on the first.
    expect((trees[1]?.requestBody as { base_tree?: string } | undefined)?.base_tree).toBe(
      (trees[0]?.responseBody as { sha?: string } | undefined)?.sha,
    );
    const commit = await gh.git.readCommit((await gh.branchSha('main')) ?? '');
    expect(commit.parents).toEqual([before]);
    expect(commit.tree).toBe((trees[1]?.responseBody as { sha?: string } | undefined)?.sha);
    await expectPublished('main', bundles);
    expect(await gh.readFile('main', 'README.md')).toBe('# infra\n');
  });

  it('splits a tree GitHub cannot build in time into smaller ones', async () => {
    const settings = publishSettings(workspace, [recipient], { publish: 'commit' }, gh);
    gh.maxTreeEntries = 20;
    const bundles = await many(20); // 60 files: 60 -> 30 + 30 -> 15 + 15 + 15 + 15
    const log = new MemoryLogger();
    const result = await publishBundles(settings, bundles, [], log, fast);
    expect(result.action).toBe('committed');
    const trees = gh.requests.filter((r) => r.operationId === 'git/create-tree');
    expect(trees.map((r) => [r.status, treeSize(r)])).toEqual([
      [422, 60],
      [422, 30],
      [201, 15],
      [201, 15],
      [422, 30],
      [201, 15],
      [201, 15],
    ]);
    expect(gh.requests.filter((r) => r.operationId === 'git/create-commit')).toHaveLength(1);
    await expectPublished('main', bundles);
    expect(log.lines.join('\n')).toContain('could not build a tree of 60 files in time');
  });

  it("fails with GitHub's words when even one file is too big for a tree", async () => {
    const settings = publishSettings(workspace, [recipient], { publish: 'commit' }, gh);
    gh.maxTreeEntries = 0;
    const before = await gh.branchSha('main');
    await expect(publishBundles(settings, [await seal('www')], [], new MemoryLogger(), fast)).rejects.toThrow(
      /could not upload certificates\/www\/\S+ in acme\/infra \(422 Sorry, your request timed out/,
    );
    expect(await gh.branchSha('main')).toBe(before);
  });
});

describe('local GitHub server: create-tree with inline content', () => {
  type Tree = { sha: string; tree: Array<{ path: string; sha: string }> };
  const post = (body: unknown) =>
    fetch(`${gh.url}/repos/acme/infra/git/trees`, {
      method: 'POST',
      headers: { authorization: `token ${DEFAULT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('writes the blob as git hash-object -w would, and refuses sha together with content', async () => {
    const content = 'line one\nünïcode ✓\r\nno newline at end';
    const made = await post({ tree: [{ path: 'a.txt', mode: '100644', type: 'blob', content }] });
    expect(made.status).toBe(201);
    const tree = (await made.json()) as Tree;
    expect(tree.tree).toEqual([expect.objectContaining({ path: 'a.txt', sha: gitBlobSha(content) })]);
    expect((await gh.git.readBlob(gitBlobSha(content))).toString('utf8')).toBe(content);

    const both = await post({
      tree: [{ path: 'a.txt', mode: '100644', type: 'blob', content, sha: gitBlobSha(content) }],
    });
    expect(both.status).toBe(422);
    const neither = await post({ tree: [{ path: 'a.txt', mode: '100644', type: 'blob' }] });
    expect(neither.status).toBe(422);
  });
});
