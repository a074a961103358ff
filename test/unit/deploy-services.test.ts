/**
 * Several services on one host: the step scripts run under a real sh, in order, stop at the first
 * failure and name it; the rollback's reload tries every service; the schema refuses the mixes
 * that would leave a step ambiguous.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type SshTargetConfig, targetSchema } from '../../src/config/schema.js';
import { againScript, endpoints, failedService, stepScript, steps } from '../../src/deploy/services.js';

const dir = mkdtempSync(join(tmpdir(), 'certflow-services-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = join(dir, 'log');

function sh(script: string) {
  rmSync(log, { force: true });
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  let ran = '';
  try {
    ran = readFileSync(log, 'utf8');
  } catch {}
  return { code: r.status, stderr: r.stderr, ran: ran.trim().split('\n').filter(Boolean) };
}

const target = (services: SshTargetConfig['services']): SshTargetConfig =>
  ({ verify: { enabled: true, port: 443 }, services }) as SshTargetConfig;
const three = (failing?: string) =>
  target(
    ['nginx', 'postfix', 'dovecot'].map((name) => ({
      name,
      validate: `echo ${name} >> ${log}${name === failing ? '; exit 3' : ''}`,
      reload: `echo ${name} >> ${log}${name === failing ? '; exit 4' : ''}`,
    })),
  );

describe('service steps', () => {
  it('run in order when all pass', () => {
    const r = sh(stepScript(steps(three(), 'validate')) as string);
    expect(r).toMatchObject({ code: 0, ran: ['nginx', 'postfix', 'dovecot'] });
  });

  it('stop at the first failure with its exit code and name it', () => {
    const r = sh(stepScript(steps(three('postfix'), 'validate')) as string);
    expect(r.code).toBe(3);
    expect(r.ran).toEqual(['nginx', 'postfix']);
    expect(failedService(r.stderr)).toBe('postfix');
  });

  it("an exit inside one service's command ends only that service's subshell", () => {
    const t = target([
      { name: 'a', reload: `exit 0; echo never >> ${log}` },
      { name: 'b', reload: `echo b >> ${log}` },
    ]);
    expect(sh(stepScript(steps(t, 'reload')) as string)).toMatchObject({ code: 0, ran: ['b'] });
  });

  it("the rollback's reload tries every service and fails if any failed", () => {
    const r = sh(againScript(steps(three('nginx'), 'reload')) as string);
    expect(r.code).toBe(1);
    expect(r.ran).toEqual(['nginx', 'postfix', 'dovecot']);
    expect(failedService(r.stderr)).toBe('nginx');
  });

  it('a target without services is one step with its own commands, quoted as written', () => {
    const t = {
      validate: 'nginx -t',
      reload: 'nginx -s reload',
      verify: { enabled: true, port: 443 },
    } as SshTargetConfig;
    expect(stepScript(steps(t, 'validate'))).toBe('nginx -t');
    expect(steps({ ...t, validate: undefined }, 'validate')).toEqual([]);
  });

  it('checks the target endpoint and each service endpoint once', () => {
    const t = target([
      { name: 'postfix', verify: { enabled: true, port: 25, starttls: 'smtp' } },
      { name: 'dovecot', verify: { enabled: true, port: 143, starttls: 'imap' } },
      { name: 'nginx2', verify: { enabled: true, port: 443 } },
      { name: 'off', verify: { enabled: false, port: 995 } },
    ]);
    expect(
      endpoints(t, '10.0.0.1', ['mail.example.test']).map((e) => `${e.port}/${e.starttls ?? 'tls'}`),
    ).toEqual(['443/tls', '25/smtp', '143/imap']);
  });
});

describe('schema', () => {
  const parse = (t: Record<string, unknown>) =>
    targetSchema.safeParse({
      hosts: ['h'],
      'private-key': `$${'{KEY}'}`,
      'known-hosts': 'x',
      files: { dir: '/srv' },
      ...t,
    });
  it('refuses validate or reload beside services, twice the same name, and an unknown STARTTLS', () => {
    const ok = parse({
      services: [{ name: 'postfix', validate: 'postfix check', verify: { port: 25, starttls: 'smtp' } }],
    });
    expect(ok.success, JSON.stringify(ok.error?.issues)).toBe(true);
    expect(JSON.stringify(parse({ validate: 'nginx -t', services: [{ name: 'a' }] }).error?.issues)).toMatch(
      /takes validate and reload per service/,
    );
    expect(JSON.stringify(parse({ services: [{ name: 'a' }, { name: 'a' }] }).error?.issues)).toMatch(
      /same name/,
    );
    expect(JSON.stringify(parse({ verify: { starttls: 'xmpp' } }).error?.issues)).toMatch(
      /smtp.*imap.*pop3.*ftp.*postgres/,
    );
  });
});
