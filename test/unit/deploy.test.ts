import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { combinedScript, splitAtMarker } from '../../src/deploy/activate.js';
import { planFiles, siblingName, targetDir, verifyServername } from '../../src/deploy/files.js';
import { deployTargets, parseHostPort } from '../../src/deploy/index.js';
import type { Connector } from '../../src/deploy/transport.js';
import { deployFromStore } from '../../src/pipeline/deploy.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';
import { baseConfig, testSettings } from '../fixtures/report/settings.js';
import { bedTarget, createTestCa, type TestCertificate } from '../support/certs.js';

let cert: TestCertificate;
let dir: string;
beforeAll(async () => {
  cert = await (await createTestCa('unit')).issue('www', ['www.example.test', 'example.test']);
  dir = mkdtempSync(join(tmpdir(), 'certflow-deploy-unit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = (over: Partial<SshTargetConfig['files']> = {}): SshTargetConfig['files'] => ({
  dir: '/etc/ssl/{certificate}',
  fullchain: 'fullchain.pem',
  key: 'privkey.pem',
  'key-mode': '0600',
  'cert-mode': '0644',
  ...over,
});

describe('deploy file plan', () => {
  it('substitutes the certificate name and gives each file its content and mode', () => {
    expect(targetDir(files({ dir: '/srv/{certificate}/tls/{certificate}' }), 'www')).toBe('/srv/www/tls/www');
    const plan = planFiles(files({ cert: 'cert.pem', chain: 'chain.pem', 'key-mode': '640' }), cert);
    expect(plan.map((f) => [f.role, f.path, f.mode.toString(8), f.secret])).toEqual([
      ['fullchain', '/etc/ssl/www/fullchain.pem', '644', false],
      ['key', '/etc/ssl/www/privkey.pem', '640', true],
      ['cert', '/etc/ssl/www/cert.pem', '644', false],
      ['chain', '/etc/ssl/www/chain.pem', '644', false],
    ]);
    expect(plan[0]?.content.toString()).toBe(cert.fullchainPem);
    expect(plan[2]?.content.toString()).toBe(cert.leafPem);
    expect(plan[3]?.content.toString()).toBe(cert.chainPem);
  });

  it('refuses two roles on one path', () => {
    expect(() => planFiles(files({ key: 'fullchain.pem' }), cert)).toThrow(/same path/);
  });

  it('puts temp files beside the live file, so the rename never crosses a filesystem', () => {
    expect(siblingName('/etc/ssl/www/privkey.pem', '.certflow-stage-', 'ab12')).toBe(
      '/etc/ssl/www/.certflow-stage-ab12-privkey.pem',
    );
  });

  it('checks a wildcard with a concrete label, and a configured name as is', () => {
    expect(verifyServername(undefined, ['*.example.test', 'example.test'])).toBe(
      'certflow-verify.example.test',
    );
    expect(verifyServername(undefined, ['www.example.test'])).toBe('www.example.test');
    expect(verifyServername('other.test', ['www.example.test'])).toBe('other.test');
  });

  it('reads host forms', () => {
    expect(parseHostPort('10.0.0.1')).toEqual({ host: '10.0.0.1', port: 22 });
    expect(parseHostPort('web.example:2222')).toEqual({ host: 'web.example', port: 2222 });
    expect(parseHostPort('[::1]:2200')).toEqual({ host: '::1', port: 2200 });
    expect(parseHostPort('[::1]')).toEqual({ host: '::1', port: 22 });
  });
});

describe('validate-then-reload script (run with the real sh)', () => {
  const run = (validate: string, reload: string) => {
    const r = spawnSync('sh', ['-c', combinedScript(validate, reload)], { cwd: dir, encoding: 'utf8' });
    return { code: r.status, out: splitAtMarker(r.stdout), err: splitAtMarker(r.stderr) };
  };

  it('reloads only after validate passed, and splits the output of the two', () => {
    const ok = run('echo checked; echo warn >&2', 'echo reloaded; touch reloaded-1');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatchObject({ code: 0, before: 'checked', after: 'reloaded\n' });
    expect(ok.err).toMatchObject({ code: 0, before: 'warn' });
    expect(readFileSync(join(dir, 'reloaded-1')).length).toBe(0);
  });

  it('stops before reload when validate fails, even when validate calls exit', () => {
    const bad = run('echo broken config >&2; exit 7', 'touch reloaded-2');
    expect(bad.code).toBe(7);
    expect(bad.out.code).toBe(7);
    expect(bad.err.before).toBe('broken config');
    expect(() => readFileSync(join(dir, 'reloaded-2'))).toThrow();
  });

  it("reports reload's own exit code, and survives quotes and comments in the commands", () => {
    const r = run('test \'a b\' = "a b" # a comment', 'echo "it\'s"; exit 3');
    expect(r.code).toBe(3);
    expect(r.out).toMatchObject({ code: 0, after: "it's\n" });
    // What the transport actually sends: the script quoted for the login shell.
    const quoted = execFileSync(
      'sh',
      ['-c', `sh -c '${combinedScript('true', "echo 'ok'").replace(/'/g, `'\\''`)}'`],
      {
        encoding: 'utf8',
      },
    );
    expect(splitAtMarker(quoted).after).toBe('ok\n');
  });
});

describe('rollout and the deploy command, without hosts', () => {
  it('canary: a refused first host stops the target; the others are reported as not attempted', async () => {
    const tried: string[] = [];
    const refuse: Connector = async (p) => {
      tried.push(p.host);
      throw new Error('connection refused');
    };
    const target = bedTarget(
      { ssh: { key: '/dev/null', knownHosts: '/dev/null' }, hosts: [] },
      {
        hosts: ['192.0.2.1', '192.0.2.2:2222', '[2001:db8::1]'],
        rollout: 'canary',
      },
    );
    const results = await deployTargets(
      { t: target },
      [{ target: 't', bundles: [cert] }],
      new MemoryLogger(),
      {
        concurrency: 3,
        connect: refuse,
      },
    );
    expect(tried).toEqual(['192.0.2.1']);
    expect(results.map((r) => [r.host, r.ok, r.phase])).toEqual([
      ['192.0.2.1', false, 'connect'],
      ['192.0.2.2:2222', false, 'connect'],
      ['[2001:db8::1]', false, 'connect'],
    ]);
    expect(results[1]?.message).toMatch(/^not attempted: canary host 192.0.2.1 failed/);
  });

  it('parallel and serial try every host, and pass each its own port', async () => {
    for (const rollout of ['parallel', 'serial'] as const) {
      const tried: string[] = [];
      const refuse: Connector = async (p) => {
        tried.push(`${p.host}:${p.port}`);
        throw new Error('no route');
      };
      const target = bedTarget(
        { ssh: { key: '/dev/null', knownHosts: '/dev/null' }, hosts: [] },
        {
          hosts: ['192.0.2.1', '192.0.2.2:2222'],
          rollout,
        },
      );
      const results = await deployTargets(
        { t: target },
        [{ target: 't', bundles: [cert] }],
        new MemoryLogger(),
        {
          concurrency: 2,
          connect: refuse,
        },
      );
      expect(tried.sort()).toEqual(['192.0.2.1:22', '192.0.2.2:2222']);
      expect(results.every((r) => !r.ok && r.message?.includes('no route'))).toBe(true);
    }
  });

  it('the command names the input and the flag when the age identity is missing', async () => {
    const config = baseConfig({
      certificates: { www: { domains: ['www.example.test'], key: 'ecdsa-p256', dns: 'x', targets: ['web'] } },
      targets: {
        web: bedTarget(
          { ssh: { key: '/dev/null', knownHosts: '/dev/null' }, hosts: [] },
          { hosts: ['192.0.2.1'] },
        ),
      },
    });
    const run = deployFromStore(testSettings({ command: 'deploy', config }), new MemoryLogger());
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/`age-identity`.*`--identity <file>`/);
  });
});
