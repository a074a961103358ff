/**
 * GitHub's rules that its OpenAPI description does not state, as the local server now enforces
 * them: title and body limits, label creation needing issues: write, branch rulesets, and the
 * Deployments API with auto_merge, required contexts and auto_inactive.
 */
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';

let gh: GitHubServer;
let octokit: Octokit;
const repo = { owner: 'acme', repo: 'infra' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function client(token = DEFAULT_TOKEN): Octokit {
  return new Octokit({ auth: token, baseUrl: gh.url, log: quiet });
}

beforeEach(async () => {
  gh = await GitHubServer.start();
  octokit = client();
});
afterEach(async () => {
  gh.assertNoViolations();
  await gh.close();
});

async function branchWithCommit(): Promise<void> {
  await gh.commitFiles('topic', { 'a.txt': 'a\n' }, 'topic');
}

describe('pull request and issue limits', () => {
  it('refuses a title over 256 characters with GitHub words, and accepts exactly 256', async () => {
    await branchWithCommit();
    const error = await octokit.rest.pulls
      .create({ ...repo, head: 'topic', base: 'main', title: 'x'.repeat(257) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 422,
      response: { data: { errors: [{ message: 'title is too long (maximum is 256 characters)' }] } },
    });
    const { data } = await octokit.rest.pulls.create({
      ...repo,
      head: 'topic',
      base: 'main',
      title: 'é'.repeat(256),
    });
    expect(data.number).toBe(1);
  });

  it('refuses a body over 65,536 characters on create and on update', async () => {
    await branchWithCommit();
    const big = 'b'.repeat(65_537);
    await expect(
      octokit.rest.pulls.create({ ...repo, head: 'topic', base: 'main', title: 't', body: big }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('body is too long') });
    const { data } = await octokit.rest.pulls.create({
      ...repo,
      head: 'topic',
      base: 'main',
      title: 't',
      body: big.slice(1),
    });
    await expect(
      octokit.rest.pulls.update({ ...repo, pull_number: data.number, body: big }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(octokit.rest.issues.create({ ...repo, title: 'alert', body: big })).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe('labels need issues: write to be created', () => {
  it('refuses create-label and adding a missing label for a pull-requests-only token', async () => {
    await branchWithCommit();
    const prOnly = client(gh.addToken({ contents: 'write', pull_requests: 'write' }));
    const { data: pr } = await prOnly.rest.pulls.create({ ...repo, head: 'topic', base: 'main', title: 't' });
    const created = await prOnly.rest.issues
      .createLabel({ ...repo, name: 'certificates', color: '0e8a16' })
      .catch((e: unknown) => e);
    expect(created).toMatchObject({
      status: 403,
      response: { headers: { 'x-accepted-github-permissions': 'issues=write' } },
    });
    await expect(
      prOnly.rest.issues.addLabels({ ...repo, issue_number: pr.number, labels: ['certificates'] }),
    ).rejects.toMatchObject({ status: 403 });
    // An existing label can be put on the pull request with pull-requests: write alone.
    await octokit.rest.issues.createLabel({ ...repo, name: 'certificates', color: '0e8a16' });
    await prOnly.rest.issues.addLabels({ ...repo, issue_number: pr.number, labels: ['certificates'] });
    expect(gh.issues.get(pr.number)?.labels).toEqual(['certificates']);
  });
});

describe('branch rulesets', () => {
  it("answers 422 'Repository rule violations found' on a protected branch, unless the token may bypass", async () => {
    const main = (await gh.branchSha('main')) as string;
    const next = await gh.commitFiles('topic', { 'a.txt': 'a\n' }, 'topic');
    const bot = gh.addToken({ contents: 'write' });
    gh.protectBranch('main', [bot]);
    const error = await octokit.rest.git
      .updateRef({ ...repo, ref: 'heads/main', sha: next })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 422,
      message: expect.stringContaining('Repository rule violations found'),
    });
    expect(await gh.branchSha('main')).toBe(main);
    await client(bot).rest.git.updateRef({ ...repo, ref: 'heads/main', sha: next });
    expect(await gh.branchSha('main')).toBe(next);
  });
});

describe('deployments', () => {
  it('records deployments and statuses; a later success makes the earlier one inactive', async () => {
    const first = (await gh.branchSha('main')) as string;
    const { data: d1 } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: first,
      environment: 'certflow-deploy',
      auto_merge: false,
      required_contexts: [],
      payload: { certflow: { targets: { web: 'deployed' } } },
    });
    expect(d1).toMatchObject({ sha: first, environment: 'certflow-deploy' });
    await octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: (d1 as { id: number }).id,
      state: 'success',
    });
    const second = await gh.commitFiles('main', { 'b.txt': 'b\n' }, 'more');
    const { data: d2 } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: second,
      environment: 'certflow-deploy',
      auto_merge: false,
      required_contexts: [],
    });
    const id2 = (d2 as { id: number }).id;
    await octokit.rest.repos.createDeploymentStatus({ ...repo, deployment_id: id2, state: 'success' });
    const { data: list } = await octokit.rest.repos.listDeployments({
      ...repo,
      environment: 'certflow-deploy',
    });
    expect(list.map((d) => d.sha)).toEqual([second, first]);
    const { data: old } = await octokit.rest.repos.listDeploymentStatuses({
      ...repo,
      deployment_id: (d1 as { id: number }).id,
    });
    expect(old.map((s) => s.state)).toEqual(['inactive', 'success']);
  });

  it('refuses a ref behind the default branch unless auto_merge is false, and failed checks unless contexts are given', async () => {
    const old = (await gh.branchSha('main')) as string;
    await gh.commitFiles('main', { 'b.txt': 'b\n' }, 'more');
    await expect(
      octokit.rest.repos.createDeployment({ ...repo, ref: old, environment: 'e', required_contexts: [] }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining('Conflict merging main') });
    const head = (await gh.branchSha('main')) as string;
    gh.failingChecks.set(head, ['ci/test']);
    await expect(
      octokit.rest.repos.createDeployment({ ...repo, ref: head, environment: 'e', auto_merge: false }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining('status checks failed') });
    await octokit.rest.repos.createDeployment({
      ...repo,
      ref: head,
      environment: 'e',
      auto_merge: false,
      required_contexts: [],
    });
    expect(gh.deployments).toHaveLength(1);
  });

  it('refuses a status description over 140 characters, and deployments without deployments: write', async () => {
    const head = (await gh.branchSha('main')) as string;
    const { data } = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: head,
      auto_merge: false,
      required_contexts: [],
    });
    await expect(
      octokit.rest.repos.createDeploymentStatus({
        ...repo,
        deployment_id: (data as { id: number }).id,
        state: 'success',
        description: 'd'.repeat(141),
      }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('description is too long') });
    const reader = client(gh.addToken({ contents: 'read' }));
    await expect(
      reader.rest.repos.createDeployment({ ...repo, ref: head, auto_merge: false, required_contexts: [] }),
    ).rejects.toMatchObject({
      status: 403,
      response: { headers: { 'x-accepted-github-permissions': 'deployments=write' } },
    });
  });
});
