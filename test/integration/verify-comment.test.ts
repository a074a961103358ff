/**
 * The sticky pull request comment of `command: verify`, against the local GitHub server (every
 * request checked against GitHub's OpenAPI description): one comment, found again by its marker
 * and edited on rerun; a person's comment carrying the marker is never touched; a read-only token
 * (a fork's pull request) skips it quietly.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitHubSettings } from '../../src/config/settings.js';
import { createGitHubClient } from '../../src/publish/github-client.js';
import { MemoryLogger } from '../../src/util/log.js';
import { COMMENT_MARKER, commentBody, upsertVerifyComment } from '../../src/verify/comment.js';
import { defaultEvent, runBundledAction } from '../support/action-runner.js';
import { GitHubServer } from '../support/github-server.js';
import { createWorkspace } from '../support/workspace.js';

let gh: GitHubServer;
const PR = 7;

beforeEach(async () => {
  gh = await GitHubServer.start();
  const now = new Date().toISOString();
  // The pull request as the server stores it (issues and pull requests share one numbering).
  gh.issues.set(PR, {
    number: PR,
    id: 9007,
    title: 'Renew www',
    body: '',
    state: 'open',
    labels: [],
    created_at: now,
    updated_at: now,
    closed_at: null,
    comments: [],
    pull: { head: 'people/www', base: 'main', draft: false, maintainer_can_modify: false },
  });
});
afterEach(async () => {
  gh.assertNoViolations();
  await gh.close();
});

function settings(token: string): GitHubSettings {
  return { token, owner: gh.owner, repo: gh.repo, apiUrl: gh.url, baseBranch: 'main' };
}
const post = async (token: string, body: string, log = new MemoryLogger()) => {
  const s = settings(token);
  return upsertVerifyComment(s, PR, body, log, await createGitHubClient(s, log, { throttle: false }));
};
const comments = () => gh.issues.get(PR)?.comments ?? [];

describe('the verify comment on a pull request', () => {
  it('is created once and edited on rerun, never duplicated', async () => {
    const token = gh.addToken({ contents: 'read', pull_requests: 'write' });
    expect(await post(token, commentBody('all 1 bundles valid'))).toBe('created');
    expect(await post(token, commentBody('bundle www is invalid'))).toBe('updated');
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toBe(`${COMMENT_MARKER}\nbundle www is invalid`);
    expect(
      gh.requests.filter((r) => r.operationId === 'issues/update-comment' && r.status === 200),
    ).toHaveLength(1);
  });

  it("leaves alone a person's comment that carries the marker", async () => {
    const token = gh.addToken({ contents: 'read', pull_requests: 'write' });
    const planted = `${COMMENT_MARKER}\nall bundles valid, merge away`;
    const at = new Date().toISOString();
    comments().push({ id: 1, body: planted, author: 'mallory', created_at: at, updated_at: at });
    expect(await post(token, commentBody('bundle www is invalid'))).toBe('created');
    expect(comments().map((c) => c.body)).toEqual([planted, `${COMMENT_MARKER}\nbundle www is invalid`]);
  });

  it('skips quietly with the read-only token of a fork pull request', async () => {
    const token = gh.addToken({ contents: 'read', pull_requests: 'read' });
    const log = new MemoryLogger();
    expect(await post(token, commentBody('all 1 bundles valid'), log)).toBe('skipped');
    expect(comments()).toHaveLength(0);
    expect(log.lines.filter((l) => /^(warn|error):/.test(l))).toEqual([]);
    expect(log.lines.some((l) => /^info: .*may not write .*forks/.test(l))).toBe(true);
  });

  it('keeps a huge summary under GitHub comment limit, with a link to the run', () => {
    const body = commentBody('x'.repeat(100_000), 'https://github.test/acme/infra/actions/runs/1');
    expect(body.length).toBeLessThan(65_536);
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(body).toContain('the job summary has the rest');
    expect(body).toContain('(https://github.test/acme/infra/actions/runs/1)');
  });
});

describe('command: verify in the bundled Action on a pull_request run', () => {
  it('comments its verdict once on the pull request named by the event, and edits it on rerun', async () => {
    const ws = await createWorkspace();
    try {
      const token = gh.addToken({ contents: 'read', pull_requests: 'write' });
      const run = () =>
        runBundledAction({
          workspace: ws.dir,
          inputs: { command: 'verify', 'github-token': token },
          env: {
            GITHUB_EVENT_NAME: 'pull_request',
            GITHUB_REF: `refs/pull/${PR}/merge`,
            GITHUB_REF_NAME: `${PR}/merge`,
            GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
            GITHUB_API_URL: gh.url,
          },
          event: { ...defaultEvent(), pull_request: { number: PR, base: { ref: 'main' } } },
          timeoutMs: 120_000,
        });
      const first = await run();
      expect(first.code, first.stderr + first.stdout).toBe(0);
      expect(comments()).toHaveLength(1);
      expect(comments()[0]?.body.startsWith(COMMENT_MARKER)).toBe(true);
      expect(comments()[0]?.body).toContain(first.summary.trim().split('\n')[0]);
      const second = await run();
      expect(second.code).toBe(0);
      expect(comments()).toHaveLength(1);
    } finally {
      rmSync(ws.dir, { recursive: true, force: true });
      rmSync(ws.origin, { recursive: true, force: true });
    }
  }, 240_000);
});
