/**
 * The schedule never stops silently: `check` reads the renew workflow's state and last success
 * from the local GitHub server (checked against GitHub's OpenAPI description) and fails, with an
 * alert issue, when it is disabled or stale; `renew` turns a workflow GitHub disabled back on, and
 * renews from the bed's Pebble all the same when its token may not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALERT_LABEL } from '../../src/alert/index.js';
import { checkCommand } from '../../src/commands/check.js';
import type { GitHubSettings, Settings } from '../../src/config/settings.js';
import { Problems } from '../../src/config/values.js';
import { parseWorkflowId, renewWorkflowSettings } from '../../src/config/workflow.js';
import { renewCommand } from '../../src/pipeline/renew.js';
import { MemoryLogger } from '../../src/util/log.js';
import { testSettings } from '../fixtures/report/settings.js';
import { acmeSettings, bindProvider, label } from '../support/acme.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { addRun, addWorkflow, type StoredWorkflow } from '../support/github-workflows.js';
import { loadTestbed } from '../support/testbed.js';

let gh: GitHubServer;
let github: GitHubSettings;
let workspace: string;
let wf: StoredWorkflow;
const HOUR = 3_600_000;

beforeAll(async () => {
  gh = await GitHubServer.start({ owner: 'acme', repo: `infra-${Math.random().toString(36).slice(2, 8)}` });
  github = { token: DEFAULT_TOKEN, owner: gh.owner, repo: gh.repo, apiUrl: gh.url, baseBranch: 'main' };
  workspace = mkdtempSync(join(tmpdir(), 'certflow-schedule-'));
  mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true });
  // Twice a day: 12 hours apart, so "stale" means no success for 24 hours.
  writeFileSync(
    join(workspace, '.github', 'workflows', 'renew.yml'),
    'name: Renew\non:\n  schedule:\n    - cron: "17 4,16 * * *"\n  workflow_dispatch:\njobs: {}\n',
  );
});
afterAll(async () => {
  await gh?.close();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});
beforeEach(() => {
  gh.workflows.length = 0;
  gh.workflowRunsAnswer = undefined;
  wf = addWorkflow(gh, 'renew.yml');
});

function settings(command: 'check' | 'renew', over: Partial<Settings> = {}): Settings {
  const renewWorkflow = renewWorkflowSettings('renew.yml', workspace, undefined, new MemoryLogger());
  return testSettings({
    command,
    workspace,
    configPath: join(workspace, '.github', 'certflow.yml'),
    github,
    renewWorkflow,
    ...over,
  });
}

const openAlerts = () =>
  [...gh.issues.values()].filter((i) => i.labels.includes(ALERT_LABEL) && i.state === 'open');

describe('check watches the renew workflow', () => {
  it('reads the interval from the workflow file: 12 hours', () => {
    expect(settings('check').renewWorkflow).toMatchObject({ id: 'renew.yml', intervalHours: 12 });
  });

  it('a workflow GitHub disabled for inactivity fails check with a clear message and an alert issue', async () => {
    wf.state = 'disabled_inactivity';
    addRun(gh, wf, new Date(Date.now() - 2 * HOUR));
    const log = new MemoryLogger();
    const outcome = await checkCommand(settings('check', { alertIssue: true }), log);
    expect(outcome.ok).toBe(false);
    expect(outcome.report?.schedule).toMatchObject({ ok: false, state: 'disabled_inactivity' });
    expect(outcome.summary).toContain('disabled the renew workflow renew.yml for inactivity');
    expect(outcome.summary).toContain('Enable workflow');
    const alerts = openAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.body).toContain('renew.yml for inactivity');
    gh.assertNoViolations();
  });

  it('a workflow disabled by hand fails too', async () => {
    wf.state = 'disabled_manually';
    addRun(gh, wf, new Date(Date.now() - HOUR));
    const outcome = await checkCommand(settings('check'), new MemoryLogger());
    expect(outcome.ok).toBe(false);
    expect(outcome.report?.schedule?.message).toContain('disabled by hand');
    gh.assertNoViolations();
  });

  it('a last success older than twice the interval fails; a failed run since then does not count', async () => {
    addRun(gh, wf, new Date(Date.now() - 25 * HOUR));
    addRun(gh, wf, new Date(Date.now() - HOUR), 'failure');
    const outcome = await checkCommand(settings('check'), new MemoryLogger());
    expect(outcome.ok).toBe(false);
    expect(outcome.report?.schedule?.message).toMatch(
      /last succeeded 25 h ago .*more than twice its interval/,
    );
    const asked = gh.requests.find((r) => r.operationId === 'actions/list-workflow-runs');
    expect(asked?.path).toContain('status=success');
    expect(asked?.path).toContain('per_page=1');
    gh.assertNoViolations();
  });

  it('a recent success passes, and the next green check closes the alert issue', async () => {
    addRun(gh, wf, new Date(Date.now() - 23 * HOUR));
    const outcome = await checkCommand(settings('check', { alertIssue: true }), new MemoryLogger());
    expect(outcome.report?.schedule).toMatchObject({ ok: true, state: 'active' });
    expect(outcome.ok).toBe(true);
    expect(outcome.summary).toContain('renew.yml is active and last succeeded 23 h ago');
    expect(openAlerts()).toHaveLength(0);
    gh.assertNoViolations();
  });

  it('a new workflow without a success yet passes; an old one that never succeeded fails', async () => {
    wf.created_at = new Date(Date.now() - 3 * HOUR).toISOString();
    expect((await checkCommand(settings('check'), new MemoryLogger())).ok).toBe(true);
    wf.created_at = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const outcome = await checkCommand(settings('check'), new MemoryLogger());
    expect(outcome.ok).toBe(false);
    expect(outcome.report?.schedule?.message).toContain('has never succeeded');
    gh.assertNoViolations();
  });

  it('a missing workflow and a token without actions permission fail check, saying what to fix', async () => {
    gh.workflows.length = 0;
    let outcome = await checkCommand(settings('check'), new MemoryLogger());
    expect(outcome.ok).toBe(false);
    expect(outcome.report?.schedule?.message).toContain('check the renew-workflow input');
    wf = addWorkflow(gh, 'renew.yml');
    const token = gh.addToken({ contents: 'read', issues: 'write' });
    const log = new MemoryLogger();
    outcome = await checkCommand(settings('check', { github: { ...github, token } }), log);
    expect(outcome.ok).toBe(false);
    expect(outcome.report?.schedule?.message).toContain('actions: read');
    expect(log.lines.join('\n')).not.toContain(token);
  });
});

describe('a hostile API answer neither crashes check nor passes it', () => {
  const run = (over: Record<string, unknown>) => ({
    total_count: 1,
    workflow_runs: [{ conclusion: 'success', ...over }],
  });
  const answers: Array<[string, unknown, string]> = [
    ['a date far in the future', run({ updated_at: '+275760-09-13T00:00:00.000Z' }), 'a date in the future'],
    ['a garbage date', run({ updated_at: 'yesterday, honest' }), 'an unreadable date'],
    ['a huge date string', run({ updated_at: `2026-01-01${'9'.repeat(100_000)}` }), 'no readable date'],
    ['a date before Actions existed', run({ updated_at: '1970-01-01T00:00:00Z' }), 'an impossible date'],
    ['a date of the wrong type', run({ updated_at: { $date: 1 } }), 'no readable date'],
    [
      'a failed run among successes',
      run({ conclusion: 'failure', updated_at: new Date().toISOString() }),
      'did not succeed',
    ],
    ['runs that are not a list', { total_count: 1, workflow_runs: 'lots' }, 'has never succeeded'],
    ['a number for a run', { total_count: 1, workflow_runs: [42] }, 'has never succeeded'],
  ];
  for (const [what, answer, said] of answers) {
    it(what, async () => {
      // An old workflow, so "no believable run" cannot pass as "new".
      gh.workflowRunsAnswer = answer;
      const outcome = await checkCommand(settings('check'), new MemoryLogger());
      expect(outcome.ok).toBe(false);
      expect(outcome.report?.schedule?.ok).toBe(false);
      expect(outcome.report?.schedule?.message).toContain(said);
      expect(String(outcome.summary).length).toBeLessThan(20_000);
      // The server notes these answers are off GitHub's description: proof they are hostile.
      gh.violations.length = 0;
    });
  }

  it('a state GitHub never sends is not taken for active, and is not echoed', async () => {
    wf.state = '<img src=x onerror=alert(1)>' as never;
    addRun(gh, wf, new Date());
    const outcome = await checkCommand(settings('check'), new MemoryLogger());
    expect(outcome.ok).toBe(false);
    expect(String(outcome.summary)).not.toContain('<img');
    expect(outcome.report?.schedule?.state).toBe('unknown');
    gh.violations.length = 0;
  });
});

describe('the renew-workflow input', () => {
  it('takes a file name, the same under .github/workflows, or a number', () => {
    const problems = new Problems();
    expect(parseWorkflowId('renew-workflow', 'renew.yml', problems)).toBe('renew.yml');
    expect(parseWorkflowId('renew-workflow', '.github/workflows/renew.yaml', problems)).toBe('renew.yaml');
    expect(parseWorkflowId('renew-workflow', '161335', problems)).toBe('161335');
    expect(problems.list).toEqual([]);
  });

  it('refuses path traversal and odd characters, naming the input', () => {
    for (const bad of [
      '../../../issues',
      '..%2F..%2Fpulls',
      'renew.yml/../../contents/x',
      'renew.yml?status=failure',
      'renew.yml#x',
      '.github/workflows/../secrets.yml',
      'a b.yml',
      'renew',
      '..yml',
      '-1',
    ]) {
      const problems = new Problems();
      expect(parseWorkflowId('renew-workflow', bad, problems), bad).toBeUndefined();
      expect(problems.list[0]?.path).toBe('renew-workflow');
      expect(problems.list[0]?.message).toContain('is not a workflow');
    }
  });
});

describe('renew keeps its own workflow enabled', () => {
  it('re-enables a workflow GitHub disabled for inactivity and says so in the summary', async () => {
    wf.state = 'disabled_inactivity';
    const outcome = await renewCommand(settings('renew'), new MemoryLogger());
    expect(wf.state).toBe('active');
    expect(outcome.report?.schedule).toMatchObject({ reenabled: 'enabled', state: 'active' });
    expect(outcome.summary).toContain('### Schedule');
    expect(outcome.summary).toContain('this run enabled it again');
    const put = gh.requests.find((r) => r.operationId === 'actions/enable-workflow');
    expect(put).toMatchObject({
      method: 'PUT',
      status: 204,
      path: `/repos/${gh.owner}/${gh.repo}/actions/workflows/renew.yml/enable`,
    });
    expect(outcome.ok).toBe(true);
    gh.assertNoViolations();
  });

  it('an active workflow is left alone: no write, nothing in the summary', async () => {
    const before = gh.requests.filter((r) => r.method !== 'GET').length;
    const outcome = await renewCommand(settings('renew'), new MemoryLogger());
    expect(gh.requests.filter((r) => r.method !== 'GET').length).toBe(before);
    expect(String(outcome.summary)).not.toContain('### Schedule');
    gh.assertNoViolations();
  });

  it('a token without actions: write still renews a certificate from Pebble, and warns naming the permission', async () => {
    wf.state = 'disabled_inactivity';
    const token = gh.addToken({ contents: 'write', actions: 'read' });
    const name = label('sched');
    const bed = loadTestbed();
    const acme = acmeSettings(bed, {
      dns: { bind: bindProvider(bed) },
      certificates: { [name]: { domains: [`${name}.certflow.test`], dns: 'bind' } },
    });
    const log = new MemoryLogger();
    const outcome = await renewCommand(
      settings('renew', { config: acme.config, github: { ...github, token } }),
      log,
    );
    expect(wf.state).toBe('disabled_inactivity');
    expect(outcome.report?.issued.map((r) => [r.name, r.ok])).toEqual([[name, true]]);
    expect(outcome.ok).toBe(true);
    expect(outcome.report?.schedule?.reenabled).toBe('refused');
    expect((outcome.report?.warnings ?? []).join('\n')).toContain('`actions: write`');
    expect(outcome.summary).toContain('actions: write');
    expect(
      gh.requests.find((r) => r.operationId === 'actions/enable-workflow' && r.status === 403),
    ).toBeDefined();
    expect(log.lines.join('\n')).not.toContain(token);
    gh.assertNoViolations();
  });

  it('a workflow disabled by hand is left disabled, with a warning; a dry run changes nothing', async () => {
    wf.state = 'disabled_manually';
    let outcome = await renewCommand(settings('renew'), new MemoryLogger());
    expect(wf.state).toBe('disabled_manually');
    expect((outcome.report?.warnings ?? []).join('\n')).toContain('left disabled');
    wf.state = 'disabled_inactivity';
    outcome = await renewCommand(settings('renew', { dryRun: true }), new MemoryLogger());
    expect(wf.state).toBe('disabled_inactivity');
    expect((outcome.report?.warnings ?? []).join('\n')).toContain('a real run would enable it again');
    gh.assertNoViolations();
  });
});
