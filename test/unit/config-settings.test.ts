// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references are the subject of these tests
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { locateConfig, readCliSettings } from '../../src/config/args.js';
import { secretNeeded } from '../../src/config/build.js';
import { workflowSchedule } from '../../src/config/github.js';
import { readActionSettings, readCommandInput } from '../../src/config/inputs.js';
import type { Command } from '../../src/config/settings.js';
import { Problems, parseBoolean, parseForce, parseScheduleInterval } from '../../src/config/values.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const IDENTITY = 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ';
const CONFIG = `version: 1
acme:
  account-key: \${ACME_ACCOUNT_KEY}
store:
  recipients: [${RECIPIENT}]
dns:
  bed:
    type: exec
    command: ./dns-hook
certificates:
  www:
    domains: [www.certflow.test]
    dns: bed
  api:
    domains: [api.certflow.test]
    dns: bed
`;

let repo: string;
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'certflow-settings-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, '.github', 'workflows'), { recursive: true });
  mkdirSync(join(repo, 'sub'));
  writeFileSync(join(repo, '.github', 'certflow.yml'), CONFIG);
});

async function usage(p: Promise<unknown>): Promise<UsageError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

describe('input values', () => {
  it('booleans name the input instead of throwing', () => {
    const problems = new Problems();
    expect(parseBoolean('dry-run', 'True', problems)).toBe(true);
    expect(parseBoolean('dry-run', '', problems)).toBe(false);
    expect(parseBoolean('deploy', 'ja', problems)).toBe(false);
    expect(problems.list).toEqual([{ path: 'deploy', message: "expected true or false, got 'ja'" }]);
  });
  it('force takes names or all', () => {
    expect(parseForce('www, api')).toEqual(['www', 'api']);
    expect(parseForce(' all ')).toBe('all');
    expect(parseForce('')).toEqual([]);
  });
  it('schedule interval in hours, or with a unit', () => {
    const problems = new Problems();
    expect(parseScheduleInterval('schedule-interval', '12', problems)).toBe(12);
    expect(parseScheduleInterval('schedule-interval', '1d', problems)).toBe(24);
    expect(parseScheduleInterval('schedule-interval', '30m', problems)).toBe(0.5);
    expect(parseScheduleInterval('schedule-interval', 'often', problems)).toBeUndefined();
    expect(problems.list[0]?.path).toBe('schedule-interval');
  });
});

describe('CLI flags', () => {
  const env = { ACME_ACCOUNT_KEY: 'account-key-pem' };

  it('finds the config at the git top level from a subfolder', () => {
    const found = locateConfig(undefined, join(repo, 'sub'));
    expect(found).toEqual({ configPath: join(repo, '.github', 'certflow.yml'), workspace: repo });
  });

  it('reads flags into Settings with CLI defaults', async () => {
    writeFileSync(join(repo, 'id.txt'), `# created: today\n# public key: ${RECIPIENT}\n${IDENTITY}\n`);
    const log = new MemoryLogger();
    const s = await readCliSettings(
      ['plan', 'www', '--force', 'api', '--identity', 'id.txt', '--json', '--schedule-interval', '12h'],
      env,
      repo,
      log,
    );
    expect(s).toMatchObject({
      command: 'plan',
      workspace: repo,
      only: ['www'],
      force: ['api'],
      publish: 'none',
      push: false,
      json: true,
      concurrency: 4,
      ageIdentity: IDENTITY,
      scheduleIntervalHours: 12,
    });
    log.info(`identity ${IDENTITY}`);
    expect(log.lines.at(-1)).toBe('info: identity ***');
  });

  it('--hosts selects hosts for deploy, is refused elsewhere, when malformed, and when it names no host', async () => {
    writeFileSync(
      join(repo, '.github', 'certflow.yml'),
      `${CONFIG}targets:
  web:
    hosts: [{ host: web1, port: 2222, tags: [edge] }, web2]
    private-key: \${SSH_KEY}
    known-hosts: "web1 ssh-ed25519 AAAA"
    files: { dir: "/etc/ssl/certflow/{certificate}" }
`,
    );
    const withKey = { ...env, SSH_KEY: 'k' };
    const read = (args: string[]) => readCliSettings(args, withKey, repo, new MemoryLogger());
    expect((await read(['deploy', '--hosts', 'tag:edge,web1:2222'])).hosts).toEqual([
      { tag: 'edge' },
      { host: 'web1:2222' },
    ]);
    expect((await usage(read(['plan', '--hosts', 'tag:edge']))).problems.map((p) => p.path)).toEqual([
      '--hosts',
    ]);
    expect((await usage(read(['deploy', '--hosts', 'tag:$(id)']))).problems[0]?.message).toContain(
      'is not a host selector',
    );
    // A typo stops the run before anything is ordered or changed, naming the tags there are.
    expect((await usage(read(['deploy', '--hosts', 'tag:egde']))).problems).toEqual([
      {
        path: '--hosts',
        message:
          'tag:egde matches no host of any SSH target in .github/certflow.yml; tags in the config: edge',
      },
    ]);
  });

  it('--renew-workflow takes a workflow file name and needs a token', async () => {
    const s = await readCliSettings(
      ['check', '--renew-workflow', 'renew.yml'],
      { ...env, GITHUB_TOKEN: 'ghs_test', GITHUB_REPOSITORY: 'acme/infra' },
      repo,
      new MemoryLogger(),
    );
    expect(s.renewWorkflow).toMatchObject({ id: 'renew.yml', file: '.github/workflows/renew.yml' });
    const e = await usage(
      readCliSettings(['check', '--renew-workflow', '../x.yml'], env, repo, new MemoryLogger()),
    );
    expect(e.problems.map((p) => p.path)).toEqual(['--renew-workflow']);
  });

  it('unknown flags suggest the closest one', async () => {
    const e = await usage(readCliSettings(['plan', '--dryrun'], env, repo, new MemoryLogger()));
    expect(e.message).toMatch(/Unknown option '--dryrun'.*\(did you mean 'dry-run'\?\)/);
  });

  it('collects flag problems, then names unknown certificates', async () => {
    const e = await usage(
      readCliSettings(['plan', '--publish', 'email', '--concurrency', '0'], env, repo, new MemoryLogger()),
    );
    expect(e.problems.map((p) => p.path)).toEqual(['--publish', '--concurrency']);
    const names = await usage(
      readCliSettings(['plan', 'wwww', '--force', 'all'], env, repo, new MemoryLogger()),
    );
    expect(names.problems).toEqual([
      {
        path: 'certificate names',
        message: "no certificate 'wwww' in .github/certflow.yml (did you mean 'www'?); known: www, api",
      },
    ]);
  });

  it('config problems carry the path relative to the current folder', async () => {
    const e = await usage(readCliSettings(['renew'], {}, repo, new MemoryLogger()));
    expect(e.problems[0]).toMatchObject({ file: '.github/certflow.yml', line: 3, path: 'acme.account-key' });
  });

  it('plan reads no secret: a missing variable is only noted', async () => {
    const log = new MemoryLogger();
    const s = await readCliSettings(['plan'], {}, join(repo, 'sub'), log);
    expect(s.config.acme['account-key']).toBe('${ACME_ACCOUNT_KEY}');
    expect(log.lines).toEqual([
      'debug: acme.account-key: environment variable ACME_ACCOUNT_KEY is not set; map a secret or value to it in the workflow (env: ACME_ACCOUNT_KEY: ${{ secrets.ACME_ACCOUNT_KEY }}) (not needed for this command)',
    ]);
  });
});

describe('secrets each command needs (least privilege)', () => {
  const cases: Array<[string, boolean, string, boolean]> = [
    ['renew', false, 'acme', true],
    ['renew', false, 'dns', true],
    ['renew', false, 'targets', false],
    ['renew', true, 'targets', true],
    ['deploy', true, 'acme', false],
    ['deploy', true, 'dns', false],
    ['deploy', true, 'targets', true],
    ['plan', false, 'acme', false],
    ['check', false, 'targets', false],
    ['decrypt', false, 'acme', false],
  ];
  it.each(cases)('%s (deploy %s) needs %s: %s', (command, deploy, section, needed) => {
    expect(secretNeeded({ command: command as Command, deploy }, [section, 'x'])).toBe(needed);
  });
});

describe('the Action refuses terminal-only commands', () => {
  it.each(['decrypt', 'init'])(
    '%s would put secrets into a job, so it is refused with where to run it',
    (cmd) => {
      process.env.INPUT_COMMAND = cmd;
      try {
        expect(() => readCommandInput()).toThrow(
          `command '${cmd}' is for the command line only (npx certflow ${cmd})`,
        );
      } finally {
        delete process.env.INPUT_COMMAND;
      }
    },
  );
});

describe('Action inputs', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });
  const setInputs = (inputs: Record<string, string>) => {
    for (const [k, v] of Object.entries(inputs)) process.env[`INPUT_${k.toUpperCase()}`] = v;
  };

  it('reads inputs, the GitHub context and the workflow cron', async () => {
    writeFileSync(
      join(repo, '.github', 'workflows', 'renew.yml'),
      'on:\n  schedule:\n    - cron: "17 4,16 * * *"\njobs: {}\n',
    );
    setInputs({
      command: 'plan',
      config: '.github/certflow.yml',
      'github-token': 'ghs_token_value',
      publish: 'commit',
      force: 'all',
    });
    const env = {
      GITHUB_WORKSPACE: repo,
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_API_URL: 'http://127.0.0.1:9999/',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_WORKFLOW_REF: 'acme/infra/.github/workflows/renew.yml@refs/heads/main',
      ACME_ACCOUNT_KEY: 'k',
    };
    const s = await readActionSettings(env, new MemoryLogger());
    expect(s).toMatchObject({
      command: 'plan',
      workspace: repo,
      force: 'all',
      publish: 'commit',
      github: {
        token: 'ghs_token_value',
        owner: 'acme',
        repo: 'infra',
        apiUrl: 'http://127.0.0.1:9999',
        baseBranch: 'main',
      },
      scheduleIntervalHours: 12,
      scheduleSource: 'the cron of .github/workflows/renew.yml',
      concurrency: 4,
    });
  });

  it('a bad boolean is a problem naming the input', async () => {
    setInputs({ command: 'plan', 'dry-run': 'maybe', concurrency: 'lots' });
    const e = await usage(
      readActionSettings({ GITHUB_WORKSPACE: repo, ACME_ACCOUNT_KEY: 'k' }, new MemoryLogger()),
    );
    expect(e.problems).toEqual([
      { path: 'dry-run', message: "expected true or false, got 'maybe'" },
      { path: 'concurrency', message: "expected a whole number from 1 to 64, got 'lots'" },
    ]);
  });

  it('without command, the error names the missing input', async () => {
    delete process.env.INPUT_COMMAND;
    const e = await usage(readActionSettings({ GITHUB_WORKSPACE: repo }, new MemoryLogger()));
    expect(e.message).toMatch(/^Input required and not supplied: command\./);
  });

  it('workflowSchedule ignores a workflow outside the workspace', () => {
    const env = { GITHUB_REPOSITORY: 'a/b', GITHUB_WORKFLOW_REF: 'a/b/../../etc/passwd@refs/heads/main' };
    expect(workflowSchedule(repo, env, new MemoryLogger())).toBeUndefined();
  });
});
