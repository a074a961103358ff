// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references are part of the config text
/**
 * The renew schedule watch, without a server: the verdict at its edges with a fixed clock, the
 * renew-workflow input as the Action reads it, and renew's own workflow from GITHUB_WORKFLOW_REF.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readActionSettings } from '../../src/config/inputs.js';
import type { RenewWorkflow } from '../../src/config/settings.js';
import { runningWorkflow } from '../../src/config/workflow.js';
import { believedDate, judgeWorkflow } from '../../src/pipeline/schedule-watch.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const wf: RenewWorkflow = { id: 'renew.yml', intervalHours: 12, intervalSource: 'the cron of x' };
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();
const success = (hours: number) => ({
  conclusion: 'success',
  updatedAt: ago(hours),
  createdAt: ago(hours + 1),
});

describe('judgeWorkflow (fixed clock)', () => {
  it('passes up to twice the interval, fails just past it', () => {
    expect(judgeWorkflow(wf, { state: 'active', createdAt: ago(1000), lastRun: success(24) }, NOW).ok).toBe(
      true,
    );
    const late = judgeWorkflow(wf, { state: 'active', createdAt: ago(1000), lastRun: success(24.02) }, NOW);
    expect(late.ok).toBe(false);
    expect(late.lastSuccessAt).toBe(ago(24.02));
  });

  it('a small clock skew is tolerated; a run dated later than that is not believed', () => {
    const skew = { conclusion: 'success', updatedAt: new Date(NOW.getTime() + 60_000).toISOString() };
    expect(judgeWorkflow(wf, { state: 'active', createdAt: ago(1000), lastRun: skew }, NOW).ok).toBe(true);
    const future = { conclusion: 'success', updatedAt: new Date(NOW.getTime() + HOUR).toISOString() };
    expect(judgeWorkflow(wf, { state: 'active', createdAt: ago(1000), lastRun: future }, NOW).ok).toBe(false);
  });

  it('without a known interval only the state is judged', () => {
    const unknown = { id: 'renew.yml' };
    expect(
      judgeWorkflow(unknown, { state: 'active', createdAt: ago(1000), lastRun: success(500) }, NOW).ok,
    ).toBe(true);
    expect(judgeWorkflow(unknown, { state: 'disabled_inactivity', createdAt: ago(1000) }, NOW).ok).toBe(
      false,
    );
  });

  it('believedDate never throws, whatever it is given', () => {
    for (const v of [
      undefined,
      null,
      42,
      {},
      [],
      '',
      'x'.repeat(41),
      '2026-13-45',
      '-000001-01-01T00:00:00Z',
    ]) {
      expect(believedDate(v, NOW).at, String(v)).toBeUndefined();
    }
    expect(believedDate(ago(1), NOW).at?.toISOString()).toBe(ago(1));
  });
});

describe('renew-workflow in the Action', () => {
  let workspace: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'certflow-renew-workflow-'));
    await mkdir(join(workspace, '.github', 'workflows'), { recursive: true });
    await writeFile(
      join(workspace, '.github', 'certflow.yml'),
      [
        'version: 1',
        'acme: { directory: letsencrypt-staging, account-key: "${ACME_KEY}" }',
        'store: { recipients: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p] }',
        'dns:\n  corp: { type: rfc2136, server: "127.0.0.1:10053", tsig-name: k, tsig-secret: "${TSIG}" }',
        'certificates:\n  www: { domains: [www.certflow.test], dns: corp }',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(workspace, '.github', 'workflows', 'renew.yml'),
      'on:\n  schedule:\n    - cron: "17 5,17 * * *"\njobs: {}\n',
    );
  });
  afterAll(() => rm(workspace, { recursive: true, force: true }));
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });
  const env = (more: Record<string, string> = {}) => ({
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/infra',
    ACME_KEY: 'k',
    TSIG: 'c2VjcmV0',
    ...more,
  });

  it('check reads the named workflow and its cron interval', async () => {
    process.env.INPUT_COMMAND = 'check';
    process.env['INPUT_RENEW-WORKFLOW'] = 'renew.yml';
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_x';
    const s = await readActionSettings(env(), new MemoryLogger());
    expect(s.renewWorkflow).toEqual({
      id: 'renew.yml',
      file: '.github/workflows/renew.yml',
      intervalHours: 12,
      intervalSource: 'the cron of .github/workflows/renew.yml',
    });
  });

  it('renew keeps its own workflow by default (GITHUB_WORKFLOW_REF)', async () => {
    process.env.INPUT_COMMAND = 'renew';
    process.env.INPUT_PUBLISH = 'none';
    const s = await readActionSettings(
      env({ GITHUB_WORKFLOW_REF: 'acme/infra/.github/workflows/renew.yml@refs/heads/main' }),
      new MemoryLogger(),
      {
        ref: 'refs/heads/main',
        eventName: 'schedule',
        payload: { repository: { default_branch: 'main', full_name: 'acme/infra' } },
      },
    );
    expect(s.renewWorkflow?.id).toBe('renew.yml');
  });

  it('refuses a traversal in the input, naming it', async () => {
    process.env.INPUT_COMMAND = 'check';
    process.env['INPUT_RENEW-WORKFLOW'] = '../../../pulls';
    process.env['INPUT_GITHUB-TOKEN'] = 'ghs_x';
    const error = await readActionSettings(env(), new MemoryLogger()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).problems.map((p) => p.path)).toEqual(['renew-workflow']);
  });

  it('a workflow ref that is not a plain file name gives renew no workflow of its own', () => {
    expect(runningWorkflow({ GITHUB_WORKFLOW_REF: 'o/r/.github/workflows/renew.yml@refs/heads/main' })).toBe(
      'renew.yml',
    );
    for (const ref of [
      'o/r/.github/workflows/../x.yml@main',
      'o/r/.github/workflows/a/b.yml@main',
      'o/r/x.yml@main',
      '',
    ]) {
      expect(runningWorkflow({ GITHUB_WORKFLOW_REF: ref }), ref).toBeUndefined();
    }
  });
});
