/**
 * The local GitHub server itself: it must catch wrong calls (or the publish tests prove nothing),
 * and it must serve the issue endpoints alert reporting uses.
 */
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';

let gh: GitHubServer;
let octokit: Octokit;
const repo = { owner: 'acme', repo: 'infra' };

beforeEach(async () => {
  gh = await GitHubServer.start();
  octokit = new Octokit({
    auth: DEFAULT_TOKEN,
    baseUrl: gh.url,
    log: { debug() {}, info() {}, warn() {}, error() {} },
  });
});
afterEach(async () => {
  await gh.close();
});

async function raw(method: string, path: string, body?: unknown) {
  const res = await fetch(`${gh.url}${path}`, {
    method,
    headers: { authorization: `token ${DEFAULT_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status;
}

describe('local GitHub server: wrong calls are violations', () => {
  it('flags a misspelled body field, a wrong type, a missing required field', async () => {
    await raw('POST', '/repos/acme/infra/git/blobs', { contnet: 'x' });
    await raw('POST', '/repos/acme/infra/git/trees', {
      tree: [{ path: 'a', mode: 100644, type: 'blob', sha: 'x' }],
    });
    await raw('POST', '/repos/acme/infra/pulls', { title: 't', head: 'x', base: 'main', draft: 'yes' });
    expect(gh.violations.join('\n')).toMatch(/git\/create-blob request: body\.contnet: property not defined/);
    expect(gh.violations.join('\n')).toMatch(
      /git\/create-blob request: body\.content: required property missing/,
    );
    expect(gh.violations.join('\n')).toMatch(
      /git\/create-tree request: body\.tree\[0\]\.mode: expected string/,
    );
    expect(gh.violations.join('\n')).toMatch(/pulls\/create request: body\.draft: expected boolean/);
    expect(() => gh.assertNoViolations()).toThrow(/GitHub API violations/);
  });

  it('flags unknown endpoints, undeclared query parameters and bad enum values', async () => {
    await raw('GET', '/repos/acme/infra/git/nonsense');
    await raw('GET', '/repos/acme/infra/pulls?state=opened&colour=red');
    expect(gh.violations.join('\n')).toMatch(/GET \/repos\/acme\/infra\/git\/nonsense: no such operation/);
    expect(gh.violations.join('\n')).toMatch(/query parameter state: "opened" is not one of/);
    expect(gh.violations.join('\n')).toMatch(/query parameter "colour" is not defined/);
  });

  it('checks responses too', () => {
    const match = gh.api.match('GET', '/repos/acme/infra/git/ref/heads%2Fmain');
    expect(match?.operation.operationId).toBe('git/get-ref');
    expect(match?.params['ref']).toBe('heads/main');
    const problems = gh.api.validateResponse(match!.operation, 200, {
      ref: 'refs/heads/main',
      object: { sha: 1 },
    });
    expect(problems.join('\n')).toMatch(/response\.object\.sha: expected string/);
    expect(problems.join('\n')).toMatch(/response\.node_id: required property missing/);
    expect(gh.api.validateResponse(match!.operation, 201, {})).toEqual([
      'git/get-ref does not declare status 201',
    ]);
  });

  it('refuses unknown tokens with 401 and writes without permission with 403 and the accepted permission', async () => {
    const anonymous = new Octokit({ auth: 'nope', baseUrl: gh.url, log: octokit.log });
    await expect(anonymous.rest.git.getRef({ ...repo, ref: 'heads/main' })).rejects.toMatchObject({
      status: 401,
    });
    const reader = new Octokit({
      auth: gh.addToken({ contents: 'read' }),
      baseUrl: gh.url,
      log: octokit.log,
    });
    await expect(reader.rest.git.getRef({ ...repo, ref: 'heads/main' })).resolves.toBeDefined();
    const error = await reader.rest.git.createBlob({ ...repo, content: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 403,
      response: { headers: { 'x-accepted-github-permissions': 'contents=write' } },
    });
    gh.assertNoViolations();
  });
});

describe('local GitHub server: git and issues', () => {
  it('moves refs with an old-value check: not-fast-forward is 422, force is allowed', async () => {
    const main = (await gh.branchSha('main')) as string;
    const other = await gh.commitFiles('side', { 'b.txt': 'b\n' }, 'side');
    await gh.commitFiles('main', { 'a.txt': 'a\n' }, 'main moves');
    await expect(
      octokit.rest.git.updateRef({ ...repo, ref: 'heads/main', sha: other }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Update is not a fast forward'),
    });
    await octokit.rest.git.updateRef({ ...repo, ref: 'heads/main', sha: main, force: true });
    expect(await gh.branchSha('main')).toBe(main);
    await expect(
      octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/side', sha: main }),
    ).rejects.toMatchObject({
      status: 422,
    });
    gh.assertNoViolations();
  });

  it('serves issues: create, list by label, comment, close (for alert issues)', async () => {
    const { data: issue } = await octokit.rest.issues.create({
      ...repo,
      title: 'certflow: www failed',
      body: 'x',
      labels: ['certflow-alert'],
    });
    await octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'still failing' });
    const { data: list } = await octokit.rest.issues.listForRepo({
      ...repo,
      state: 'open',
      labels: 'certflow-alert',
    });
    expect(list.map((i) => i.number)).toEqual([issue.number]);
    const { data: comments } = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: issue.number,
    });
    expect(comments.map((c) => c.body)).toEqual(['still failing']);
    await octokit.rest.issues.update({
      ...repo,
      issue_number: issue.number,
      state: 'closed',
      state_reason: 'completed',
    });
    const { data: closed } = await octokit.rest.issues.get({ ...repo, issue_number: issue.number });
    expect(closed.state).toBe('closed');
    expect(closed.comments).toBe(1);
    gh.assertNoViolations();
  });
});
