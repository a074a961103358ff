/**
 * What deploy's hook decision, the report output and the run link read from the runner: the push
 * event's `before`, `--changed-since`, RUNNER_TEMP and the GITHUB_* run variables.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCliSettings } from '../../src/config/args.js';
import { checkRevision, pushBefore, runUrl } from '../../src/config/github.js';
import { readActionSettings } from '../../src/config/inputs.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
const CONFIG = `version: 1
acme:
  account-key: \${ACME_ACCOUNT_KEY}
store:
  recipients: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]
dns:
  bed: { type: exec, command: ./dns-hook }
certificates:
  www: { domains: [www.certflow.test], dns: bed, targets: [cdn] }
targets:
  cdn: { type: exec, command: ./import.sh }
`;

let repo: string;
let events: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'certflow-changed-settings-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, '.github'));
  writeFileSync(join(repo, '.github', 'certflow.yml'), CONFIG);
  events = join(repo, 'events');
  mkdirSync(events);
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function event(name: string, payload: unknown): string {
  const path = join(events, `${name}.json`);
  writeFileSync(path, typeof payload === 'string' ? payload : JSON.stringify(payload));
  return path;
}

describe('pushBefore', () => {
  const push = (payload: unknown) => ({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event('p', payload) });

  it('reads the SHA the branch had before the push', () => {
    const log = new MemoryLogger();
    expect(pushBefore(push({ before: SHA.toUpperCase(), after: 'x' }), log)).toBe(SHA);
    expect(pushBefore(push({ before: '0'.repeat(40), created: true }), log)).toBe('0'.repeat(40));
    expect(pushBefore(push({ before: 'a'.repeat(64) }), log)).toBe('a'.repeat(64));
    expect(log.lines).toEqual([]);
  });

  it('is undefined, quietly, for other events', () => {
    const log = new MemoryLogger();
    const path = event('d', { before: SHA });
    expect(
      pushBefore({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: path }, log),
    ).toBeUndefined();
    expect(pushBefore({ GITHUB_EVENT_NAME: 'push' }, log)).toBeUndefined();
    expect(log.lines).toEqual([]);
  });

  it('is undefined, with a warning, when the payload is unusable', () => {
    for (const payload of ['{not json', { after: SHA }, { before: '--output=/tmp/x' }, { before: 42 }]) {
      const log = new MemoryLogger();
      expect(pushBefore(push(payload), log)).toBeUndefined();
      expect(log.lines.join('\n')).toMatch(/^warn: .*exec hooks run only for forced certificates/);
    }
  });
});

describe('checkRevision and runUrl', () => {
  it('accepts revisions, refuses options and blanks', () => {
    for (const ok of [SHA, 'HEAD~1', 'v1.2', 'origin/main@{1}']) expect(checkRevision(ok)).toBeUndefined();
    expect(checkRevision('--output=x')).toMatch(/starts with '-'/);
    expect(checkRevision('  ')).toMatch(/is empty/);
    expect(checkRevision('HEAD~1 HEAD')).toMatch(/contains spaces/);
  });

  it('builds the run link from the runner variables', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.com/',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_RUN_ID: '42',
    };
    expect(runUrl(env)).toBe('https://github.com/acme/infra/actions/runs/42');
    expect(runUrl({ ...env, GITHUB_RUN_ID: undefined })).toBeUndefined();
    expect(runUrl({ ...env, GITHUB_RUN_ID: '42; rm' })).toBeUndefined();
    expect(runUrl({ ...env, GITHUB_SERVER_URL: '' })).toBeUndefined();
  });
});

describe('Action settings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });
  const base = {
    GITHUB_WORKSPACE: '',
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_RUN_ID: '7',
    ACME_ACCOUNT_KEY: 'k',
  };

  it('deploy on push: changedSince from the event, report in RUNNER_TEMP, run link', async () => {
    process.env.INPUT_COMMAND = 'deploy';
    const env = {
      ...base,
      GITHUB_WORKSPACE: repo,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event('push', { before: SHA }),
      RUNNER_TEMP: '/runner/_temp',
    };
    const onMain = {
      ref: 'refs/heads/main',
      eventName: 'push',
      payload: { repository: { default_branch: 'main' } },
    };
    const s = await readActionSettings(env, new MemoryLogger(), onMain);
    expect(s).toMatchObject({
      changedSince: SHA,
      reportPath: '/runner/_temp/certflow-report.json',
      runUrl: 'https://github.example/acme/infra/actions/runs/7',
    });
  });

  it('other commands ignore the event; without RUNNER_TEMP no report file', async () => {
    process.env.INPUT_COMMAND = 'plan';
    const env = {
      ...base,
      GITHUB_WORKSPACE: repo,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: event('p2', { before: SHA }),
    };
    const s = await readActionSettings(env, new MemoryLogger());
    expect(s.changedSince).toBeUndefined();
    expect(s.reportPath).toBeUndefined();
  });
});

describe('CLI --changed-since', () => {
  const env = { ACME_ACCOUNT_KEY: 'k' };
  it('is read for deploy', async () => {
    const s = await readCliSettings(['deploy', '--changed-since', 'HEAD~1'], env, repo, new MemoryLogger());
    expect(s.changedSince).toBe('HEAD~1');
  });
  it('is refused elsewhere, and when it looks like an option', async () => {
    for (const argv of [
      ['renew', '--changed-since', 'HEAD~1'],
      ['deploy', '--changed-since=--output=x'],
    ]) {
      const error = await readCliSettings(argv, env, repo, new MemoryLogger()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).problems.map((p) => p.path)).toEqual(['--changed-since']);
    }
  });
});
