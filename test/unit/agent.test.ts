/**
 * The agent's parts that need no host: its config (errors name file, line and field; the shipped
 * example parses), the git environment (credentials never on a command line, host key pinned), the
 * report, and the bundled CLI on Node 20 and 24 from a folder with nothing but dist/ in it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../../src/agent/config.js';
import { gitEnvironment } from '../../src/agent/fetch.js';
import { metricsText, reportRun, summaryLine } from '../../src/agent/report.js';
import type { AgentRun } from '../../src/agent/run.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';
import { ROOT, testBundleDir } from '../support/action-runner.js';

const temp = mkdtempSync(join(tmpdir(), 'certflow-agent-unit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const minimal = `version: 1
repository: /srv/store.git
identity-file: /etc/certflow/age.key
certificates:
  www: [www.example.com]
files: { dir: "/etc/ssl/certflow/{certificate}" }
`;

function problems(text: string): string[] {
  try {
    parseAgentConfig(text, 'agent.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).problems.map((p) => `${p.line}:${p.path}: ${p.message}`);
  }
  return [];
}

describe('agent config', () => {
  it('fills defaults like an ssh target', () => {
    const c = parseAgentConfig(minimal, 'agent.yml');
    expect(c.branch).toBe('main');
    expect(c['work-dir']).toBe('/var/lib/certflow-agent');
    expect(c.files['key-mode']).toBe('0600');
    expect(c.verify).toMatchObject({ enabled: true, port: 443 });
    expect(c.report.syslog).toBe(true);
  });

  it('the shipped example is valid', () => {
    const text = readFileSync(join(ROOT, 'packaging/systemd/agent.example.yml'), 'utf8');
    expect(() => parseAgentConfig(text, 'agent.example.yml')).not.toThrow();
  });

  it('names line and field of each problem', () => {
    const bad = minimal
      .replace('/etc/certflow/age.key', 'age.key')
      .replace('certificates:', 'git: { ssh-key: /k }\ncertificates:')
      .replace('/srv/store.git', '--upload-pack=touch /tmp/x');
    const found = problems(`${bad}colour: blue\n`);
    expect(found).toContain('2:repository: expected the git URL or path of the store repository');
    expect(found).toContain('3:identity-file: identity-file must be an absolute path');
    expect(found.join('\n')).toMatch(/^4:git: git.ssh-key needs git.known-hosts/m);
    expect(found.join('\n')).toMatch(/colour/);
  });

  it('a relative files.dir is refused as in a target', () => {
    expect(problems(minimal.replace('/etc/ssl/certflow/{certificate}', 'certs')).join('\n')).toMatch(
      /files.dir: files.dir must be an absolute path/,
    );
  });
});

describe('git environment', () => {
  it('pins the git server host key and passes the token as a header through GIT_CONFIG_*', async () => {
    const tokenFile = join(temp, 'token');
    writeFileSync(tokenFile, 'ghs_secretvalue\n', { mode: 0o600 });
    const config = parseAgentConfig(
      minimal.replace(
        'certificates:',
        `git: { ssh-key: "/etc/certflow/deploy key", known-hosts: /etc/certflow/known_hosts, token-file: ${tokenFile} }\ncertificates:`,
      ),
      'agent.yml',
    );
    const log = new MemoryLogger();
    const env = await gitEnvironment(config, log, {
      PATH: '/usr/bin',
      GITHUB_TOKEN: 'other',
      SSH_AUTH_SOCK: '/s',
    });
    expect(env.GIT_SSH_COMMAND).toContain("-i '/etc/certflow/deploy key'");
    expect(env.GIT_SSH_COMMAND).toContain('StrictHostKeyChecking=yes');
    expect(env.GIT_SSH_COMMAND).toContain("UserKnownHostsFile='/etc/certflow/known_hosts'");
    expect(env.GIT_SSH_COMMAND).toContain('IdentitiesOnly=yes');
    expect(env.GIT_CONFIG_KEY_0).toBe('http.extraHeader');
    const basic = Buffer.from('x-access-token:ghs_secretvalue').toString('base64');
    expect(env.GIT_CONFIG_VALUE_0).toBe(`Authorization: Basic ${basic}`);
    // Nothing else of the parent's environment: no agent socket, no other token.
    expect(env.SSH_AUTH_SOCK).toBeUndefined();
    expect(env.GITHUB_TOKEN).toBeUndefined();
    expect(log.redact(`x ghs_secretvalue ${basic}`)).not.toMatch(/ghs_secretvalue|Basic [A-Za-z0-9+/]{20}/);
  });
});

const sample: AgentRun = {
  ok: false,
  host: 'web1',
  commit: '0123456789abcdef0123',
  at: '2026-12-02T08:00:00.000Z',
  certificates: [
    {
      name: 'api',
      status: 'installed',
      serial: '0a1b',
      message: 'deployed',
      notAfter: '2027-03-01T00:00:00.000Z',
    },
    { name: 'www', status: 'failed', phase: 'validate', message: 'validate failed', rolledBack: true },
  ],
};

describe('report', () => {
  it('one line says what happened per certificate', () => {
    expect(summaryLine(sample)).toBe(
      'certflow agent on web1 at 0123456789ab: FAILED; api installed (serial 0a1b), www failed at validate, rolled back: validate failed',
    );
    expect(metricsText(sample)).toContain('certflow_agent_certificate_ok{host="web1",certificate="www"} 0');
    expect(metricsText(sample)).toContain(
      `certflow_agent_certificate_not_after_timestamp_seconds{host="web1",certificate="api"} ${Date.parse('2027-03-01T00:00:00Z') / 1000}`,
    );
  });

  it('writes the textfile and posts the webhook; the URL is never printed', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        bodies.push(`${req.url} ${body}`);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const hookFile = join(temp, 'hook');
    writeFileSync(hookFile, `http://127.0.0.1:${port}/hooks/T0KEN\n`);
    const config = parseAgentConfig(
      `${minimal}report: { syslog: false, textfile: ${temp}/m.prom, webhook-file: ${hookFile} }\n`,
      'agent.yml',
    );
    const lines: string[] = [];
    const log = new MemoryLogger();
    const warnings = await reportRun(sample, config, log, (l) => lines.push(l));
    server.close();
    expect(warnings).toEqual([]);
    expect(lines).toEqual([summaryLine(sample)]);
    expect(readFileSync(join(temp, 'm.prom'), 'utf8')).toBe(metricsText(sample));
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatch(/^\/hooks\/T0KEN \{"text":"certflow agent on web1/);
    expect(log.redact(`POST to http://127.0.0.1:${port}/hooks/T0KEN failed`)).not.toContain('T0KEN');
  });
});

describe('runs from dist alone on Node 20 and 24', () => {
  const node24 = join(ROOT, '.cache', 'node24', 'node');
  it.each([
    ['this Node', process.execPath],
    ['Node 24', node24],
  ])(
    '%s: node dist/cli.cjs agent, with no node_modules anywhere',
    (_name, bin) => {
      const dir = mkdtempSync(join(tmpdir(), 'certflow-dist-only-'));
      cpSync(testBundleDir(), join(dir, 'dist'), { recursive: true });
      writeFileSync(join(dir, 'agent.yml'), minimal.replace('identity-file: /etc', 'identity-file: etc'));
      const r = spawnSync(bin, [join(dir, 'dist', 'cli.cjs'), 'agent', '--config', join(dir, 'agent.yml')], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      });
      rmSync(dir, { recursive: true, force: true });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/agent\.yml:3:\d+.*identity-file must be an absolute path/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
    60_000,
  );

  it('npx certflow agent resolves to the bundled CLI of the package', () => {
    const r = spawnSync('npx', ['--offline', '--no-install', 'certflow', 'agent'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('agent needs its config: certflow agent --config');
  }, 60_000);
});
