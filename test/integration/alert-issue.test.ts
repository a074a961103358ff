/**
 * The certflow-alert issue against the local GitHub API server (which checks every request and
 * response against GitHub's OpenAPI description): open, comment, close, and stay quiet.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_LABEL, sendAlerts } from '../../src/alert/index.js';
import type { GitHubSettings } from '../../src/config/settings.js';
import { MemoryLogger } from '../../src/util/log.js';
import { dryRun, nothingDue, partialFailure, success } from '../fixtures/report/reports.js';
import { testSettings } from '../fixtures/report/settings.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';

let gh: GitHubServer;
let github: GitHubSettings;

beforeAll(async () => {
  gh = await GitHubServer.start({ owner: 'acme', repo: `infra-${Math.random().toString(36).slice(2, 8)}` });
  github = { token: DEFAULT_TOKEN, owner: gh.owner, repo: gh.repo, apiUrl: gh.url, baseBranch: 'main' };
});
afterAll(async () => {
  await gh?.close();
});

const alerting = (over = {}) => testSettings({ alertIssue: true, github, ...over });
const alertIssues = () => [...gh.issues.values()].filter((i) => i.labels.includes(ALERT_LABEL) && !i.pull);
const writes = () => gh.requests.filter((r) => r.method !== 'GET').length;

describe('alert issue', () => {
  it('a failed run opens one labelled issue naming what failed', async () => {
    const log = new MemoryLogger();
    const result = await sendAlerts(alerting(), partialFailure(), log);
    expect(result.issue?.action).toBe('opened');
    const issues = alertIssues();
    expect(issues).toHaveLength(1);
    const [issue] = issues;
    expect(issue?.state).toBe('open');
    expect(issue?.title).toBe('certflow: certificates need attention');
    expect(issue?.body).toContain('- certificate api: authorization for api.certflow.test failed');
    expect(issue?.body).toContain('host 127.0.0.12 (www): verify failed');
    expect(log.lines.join('\n')).not.toContain(DEFAULT_TOKEN);
    gh.assertNoViolations();
  });

  it('the next failed run comments on the open issue instead of opening another', async () => {
    const failing = partialFailure();
    failing.finishedAt = '2025-05-02T22:00:00.000Z';
    const result = await sendAlerts(alerting(), failing, new MemoryLogger());
    expect(result.issue?.action).toBe('commented');
    expect(alertIssues()).toHaveLength(1);
    const issue = alertIssues()[0];
    expect(issue?.comments).toHaveLength(1);
    expect(issue?.comments[0]?.body).toContain('failed at 2025-05-02T22:00:00.000Z');
    gh.assertNoViolations();
  });

  it('a dry run and a plan leave the issue alone', async () => {
    const before = writes();
    expect((await sendAlerts(alerting(), dryRun(), new MemoryLogger())).issue?.action).toBe('none');
    const plan = success();
    plan.command = 'plan';
    expect((await sendAlerts(alerting(), plan, new MemoryLogger())).skipped).toContain('plan');
    expect(writes()).toBe(before);
    expect(alertIssues()[0]?.state).toBe('open');
  });

  it('the next fully green run closes it with a comment', async () => {
    const log = new MemoryLogger();
    const result = await sendAlerts(alerting(), nothingDue(), log);
    expect(result.issue?.action).toBe('closed');
    const issue = alertIssues()[0];
    expect(issue?.state).toBe('closed');
    expect(issue?.state_reason).toBe('completed');
    expect(issue?.comments.at(-1)?.body).toContain('Resolved: **certflow renew** succeeded');
    gh.assertNoViolations();
  });

  it('a green run with no open issue writes nothing; a new failure opens a fresh issue', async () => {
    const before = writes();
    expect((await sendAlerts(alerting(), success(), new MemoryLogger())).issue?.action).toBe('none');
    expect(writes()).toBe(before);
    expect((await sendAlerts(alerting(), partialFailure(), new MemoryLogger())).issue?.action).toBe('opened');
    expect(alertIssues().filter((i) => i.state === 'open')).toHaveLength(1);
    expect(alertIssues()).toHaveLength(2);
    gh.assertNoViolations();
  });

  it('a token without issues permission is a warning that says what to grant, never a crash', async () => {
    const token = gh.addToken({ contents: 'write' });
    const log = new MemoryLogger();
    const result = await sendAlerts(
      testSettings({ alertIssue: true, github: { ...github, token } }),
      partialFailure(),
      log,
    );
    expect(result.issue).toBeUndefined();
    const warning = log.lines.find((l) => l.startsWith('warn: alert-issue'));
    expect(warning).toContain('issues: write');
    expect(log.lines.join('\n')).not.toContain(token);
  });

  it('an unreachable API is a warning too', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const log = new MemoryLogger();
    await sendAlerts(
      testSettings({ alertIssue: true, github: { ...github, apiUrl: `http://127.0.0.1:${freePort}` } }),
      partialFailure(),
      log,
    );
    expect(log.lines.some((l) => l.startsWith('warn: alert-issue: could not update'))).toBe(true);
  });
});
