import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecTargetConfig } from '../../src/config/schema.js';
import { type HookBundle, hookDue, runHook } from '../../src/hooks/run.js';
import { type Logger, MemoryLogger } from '../../src/util/log.js';
import { leafFacts } from '../../src/util/x509.js';
import { createTestCa, type TestCertificate } from '../support/certs.js';

let root: string;
let workspace: string;
let temp: string;
let cert: TestCertificate;
let bundle: HookBundle;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'certflow-hooks-test-'));
  workspace = join(root, 'workspace');
  temp = join(root, 'tmp');
  await mkdir(workspace);
  await mkdir(temp);
  const ca = await createTestCa('hooks test');
  cert = await ca.issue('www', ['www.example.com', 'example.com']);
  const facts = leafFacts(cert.fullchainPem);
  bundle = {
    name: 'www',
    domains: cert.domains,
    fullchainPem: cert.fullchainPem,
    privateKeyPem: cert.privateKeyPem,
    serial: facts.serial,
    notAfter: facts.notAfter.toISOString(),
  };
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const config = (command: string, extra: Partial<ExecTargetConfig> = {}): ExecTargetConfig => ({
  type: 'exec',
  command,
  timeout: '30s',
  'needs-key': true,
  // The variables these tests hand their scripts; a hook gets nothing of the job unlisted.
  env: ['RESULT', 'DEST'],
  ...extra,
});

async function script(name: string, body: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

async function freshDir(name: string): Promise<string> {
  const dir = join(root, `${name}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(dir);
  return dir;
}

/** Whether `pid` still runs after `ms` (a zombie waiting for its reaper has stopped running). */
async function runningAfter(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    // Field 3 (after the command in parentheses) is the state: Z is a zombie, X is dead.
    const state = stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === undefined || state === 'Z' || state === 'X') return false;
    if (Date.now() > deadline) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Body lines of the private key that hold private bytes: none of them may ever be printed. (A line
 * made only of the public point is public: the certificate holds the same bytes.)
 */
const keyLines = () => {
  const publicDer = createPublicKey(cert.privateKeyPem).export({ type: 'spki', format: 'der' });
  return cert.privateKeyPem
    .split('\n')
    .filter((l) => l.length >= 16 && !l.startsWith('-----'))
    .filter((l) => !publicDer.includes(Buffer.from(l, 'base64')));
};

describe('runHook', () => {
  it('gives the hook a certbot lineage: files, modes, variables, working folder; then removes it', async () => {
    const out = await freshDir('seen');
    const hook = await script(
      'copy-what-you-see.sh',
      `set -e
out="$RESULT"
printf '%s' "$RENEWED_LINEAGE" > "$out/lineage"
printf '%s' "$RENEWED_DOMAINS" > "$out/domains"
printf '%s|%s|%s' "$CERTFLOW_CERTIFICATE" "$CERTFLOW_SERIAL" "$CERTFLOW_NOT_AFTER" > "$out/certflow"
stat -c '%a' "$RENEWED_LINEAGE" > "$out/dir.mode"
for f in cert chain fullchain privkey; do
  cp "$RENEWED_LINEAGE/$f.pem" "$out/$f.pem"
  stat -c '%a' "$RENEWED_LINEAGE/$f.pem" > "$out/$f.mode"
done
ls -A "$RENEWED_LINEAGE" > "$out/ls"
pwd > "$out/pwd"
echo "deployed $CERTFLOW_CERTIFICATE"`,
    );
    const log = new MemoryLogger();
    const result = await runHook({ name: 'cdn', config: config(hook) }, bundle, log, {
      cwd: workspace,
      env: { PATH: process.env.PATH, RESULT: out },
      tempDir: temp,
    });
    expect(result).toMatchObject({
      target: 'cdn',
      host: 'exec:cdn',
      certificates: ['www'],
      phase: 'hook',
      ok: true,
      skipped: false,
      rolledBack: false,
    });
    const read = (f: string) => readFile(join(out, f), 'utf8');
    const lineage = await read('lineage');
    expect(lineage.startsWith(join(temp, 'certflow-hook-www-'))).toBe(true);
    expect(await read('domains')).toBe('www.example.com example.com');
    expect(await read('certflow')).toBe(`www|${bundle.serial}|${bundle.notAfter}`);
    expect((await read('dir.mode')).trim()).toBe('700');
    for (const f of ['cert', 'chain', 'fullchain', 'privkey'])
      expect((await read(`${f}.mode`)).trim()).toBe('600');
    expect(await read('cert.pem')).toBe(cert.leafPem);
    expect(await read('chain.pem')).toBe(cert.chainPem);
    expect(await read('fullchain.pem')).toBe(cert.fullchainPem);
    expect(await read('privkey.pem')).toBe(cert.privateKeyPem);
    expect((await read('ls')).trim().split('\n').sort()).toEqual([
      'cert.pem',
      'chain.pem',
      'fullchain.pem',
      'privkey.pem',
    ]);
    expect((await read('pwd')).trim()).toBe(workspace);
    // Gone afterwards, and nothing else left in the temp parent.
    expect(await readdir(temp)).toEqual([]);
    // Output streamed inside a group.
    const group = log.lines.findIndex((l) => l.startsWith('group: hook cdn for www'));
    expect(group).toBeGreaterThanOrEqual(0);
    expect(log.lines.slice(group)).toContain('info: deployed www');
  });

  it('runs a certbot deploy hook unchanged (haproxy-style combined PEM)', async () => {
    const dest = await freshDir('haproxy');
    // The shape of hooks people keep in /etc/letsencrypt/renewal-hooks/deploy/.
    const hook = await script(
      'certbot-haproxy.sh',
      `set -e
for domain in $RENEWED_DOMAINS; do
  case $domain in
  example.com)
    umask 077
    cat "$RENEWED_LINEAGE/fullchain.pem" "$RENEWED_LINEAGE/privkey.pem" > "$DEST/$domain.pem"
    ;;
  esac
done`,
    );
    const result = await runHook({ name: 'haproxy', config: config(hook) }, bundle, new MemoryLogger(), {
      cwd: workspace,
      env: { PATH: process.env.PATH, DEST: dest },
      tempDir: temp,
    });
    expect(result.ok).toBe(true);
    expect(await readFile(join(dest, 'example.com.pem'), 'utf8')).toBe(
      cert.fullchainPem + cert.privateKeyPem,
    );
  });

  it('leaves the key out when needs-key is false', async () => {
    const out = await freshDir('nokey');
    const result = await runHook(
      { name: 'store', config: config('ls -A "$RENEWED_LINEAGE" > "$RESULT/ls"', { 'needs-key': false }) },
      { ...bundle, privateKeyPem: undefined },
      new MemoryLogger(),
      { cwd: workspace, env: { PATH: process.env.PATH, RESULT: out }, tempDir: temp },
    );
    expect(result.ok).toBe(true);
    expect((await readFile(join(out, 'ls'), 'utf8')).trim().split('\n').sort()).toEqual([
      'cert.pem',
      'chain.pem',
      'fullchain.pem',
    ]);
  });

  it('fails without running when the key is needed and missing', async () => {
    const out = await freshDir('needkey');
    const result = await runHook(
      { name: 'lb', config: config('touch "$RESULT/ran"') },
      { ...bundle, privateKeyPem: undefined },
      new MemoryLogger(),
      { cwd: workspace, env: { PATH: process.env.PATH, RESULT: out }, tempDir: temp },
    );
    expect(result.ok).toBe(false);
    expect(result.message).toContain('needs-key');
    expect(await readdir(out)).toEqual([]);
  });

  it('stops a hook at its timeout, with everything it started, and says so', async () => {
    const out = await freshDir('timeout');
    const started = Date.now();
    const result = await runHook(
      {
        name: 'slow',
        config: config(
          'sleep 60 & echo $! > "$RESULT/child.pid"; printf "%s" "$RENEWED_LINEAGE" > "$RESULT/lineage"; wait',
          {
            timeout: '1s',
          },
        ),
      },
      bundle,
      new MemoryLogger(),
      { cwd: workspace, env: { PATH: process.env.PATH, RESULT: out }, tempDir: temp },
    );
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(3500);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^hook slow for www timed out after 1\.0 s and was stopped/);
    expect(result.message).toContain('targets.slow.timeout');
    // The background sleep was in the hook's process group: it is gone too.
    const pid = Number((await readFile(join(out, 'child.pid'), 'utf8')).trim());
    expect(await runningAfter(pid, 1000)).toBe(false);
    expect(await readdir(temp)).toEqual([]);
  });

  it('fails a non-zero exit with the last 20 lines of output', async () => {
    const result = await runHook(
      {
        name: 'acm',
        config: config('for i in $(seq 1 30); do echo "line $i"; done; echo "import refused" >&2; exit 3'),
      },
      bundle,
      new MemoryLogger(),
      { cwd: workspace, env: { PATH: process.env.PATH }, tempDir: temp },
    );
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^hook acm for www exited with code 3 after/);
    const lines = result.output?.split('\n') ?? [];
    expect(lines).toHaveLength(20);
    expect(lines[0]).toBe('line 12');
    expect(lines[18]).toBe('line 30');
    expect(lines[19]).toBe('import refused');
    expect(await readdir(temp)).toEqual([]);
  });

  it('never lets the private key reach the log or the result, in any of its forms', async () => {
    // Prints the PEM whole, its body as one base64 line, then fails so the tail is reported.
    const command = `cat "$RENEWED_LINEAGE/privkey.pem"; grep -v -- ----- "$RENEWED_LINEAGE/privkey.pem" | tr -d '\\n'; echo; cat "$RENEWED_LINEAGE/privkey.pem" >&2; exit 1`;
    const memory = new MemoryLogger();
    // A logger that does not redact at all: the hook must mask the key itself.
    const raw: string[] = [];
    const plain: Logger = {
      debug: (m) => raw.push(m),
      info: (m) => raw.push(m),
      warn: (m) => raw.push(m),
      error: (m) => raw.push(m),
      group: (name, fn) => {
        raw.push(name);
        return fn();
      },
      progress: () => {},
      secret: () => {},
      redact: (text) => text,
    };
    for (const log of [memory, plain]) {
      const result = await runHook({ name: 'leaky', config: config(command) }, bundle, log, {
        cwd: workspace,
        env: { PATH: process.env.PATH },
        tempDir: temp,
      });
      expect(result.ok).toBe(false);
      const everything = [JSON.stringify(result), ...memory.lines, ...raw].join('\n');
      for (const line of keyLines()) expect(everything).not.toContain(line);
      expect(result.output).toContain('***');
    }
    expect(raw.some((l) => l.includes('***'))).toBe(true);
  });

  it('in a dry run does not run the hook, and says what it would have run', async () => {
    const out = await freshDir('dry');
    const command = 'touch "$RESULT/ran"';
    const result = await runHook({ name: 'cdn', config: config(command) }, bundle, new MemoryLogger(), {
      cwd: workspace,
      env: { PATH: process.env.PATH, RESULT: out },
      dryRun: true,
      tempDir: temp,
    });
    expect(result).toMatchObject({ ok: true, skipped: true, dryRun: true, message: `would run: ${command}` });
    expect(await readdir(out)).toEqual([]);
    expect(await readdir(temp)).toEqual([]);
  });

  it('names the folder when the workspace is missing', async () => {
    const result = await runHook({ name: 'cdn', config: config('true') }, bundle, new MemoryLogger(), {
      cwd: join(root, 'nope'),
      tempDir: temp,
    });
    expect(result.ok).toBe(false);
    expect(result.message).toContain(join(root, 'nope'));
    expect(result.message).toContain('ENOENT');
  });

  it('reports a hook killed by a signal', async () => {
    const result = await runHook(
      { name: 'cdn', config: config('kill -KILL $$') },
      bundle,
      new MemoryLogger(),
      {
        cwd: workspace,
        env: { PATH: process.env.PATH },
        tempDir: temp,
      },
    );
    expect(result.ok).toBe(false);
    expect(result.message).toContain('was killed by SIGKILL');
  });

  it('uses the stock openssl on the lineage (the files are what they say)', async () => {
    const out = await freshDir('openssl');
    const result = await runHook(
      {
        name: 'check',
        config: config(
          'openssl verify -partial_chain -CAfile "$RENEWED_LINEAGE/chain.pem" "$RENEWED_LINEAGE/cert.pem" > "$RESULT/verify" 2>&1',
        ),
      },
      bundle,
      new MemoryLogger(),
      { cwd: workspace, env: { PATH: process.env.PATH, RESULT: out }, tempDir: temp },
    );
    expect(result.ok, await readFile(join(out, 'verify'), 'utf8').catch(() => '')).toBe(true);
    expect(execFileSync('cat', [join(out, 'verify')], { encoding: 'utf8' })).toContain(': OK');
  });
});

describe('the environment a hook gets (issue 17: secrets reach hooks)', () => {
  it('PATH, HOME, RENEWED_*, CERTFLOW_* and its env: names; not SSH_PRIVATE_KEY or DNS_TSIG_SECRET of the job', async () => {
    const out = await freshDir('env');
    const job = {
      PATH: process.env.PATH,
      HOME: '/home/runner',
      SSH_PRIVATE_KEY:
        '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-ssh-body\n-----END OPENSSH PRIVATE KEY-----',
      DNS_TSIG_SECRET: 'tsig-secret-of-the-job',
      GITHUB_TOKEN: 'ghs_job_token',
      CDN_TOKEN: 'the-hook-own-credential',
      RESULT: out,
    };
    const result = await runHook(
      { name: 'cdn', config: config('env > "$RESULT/env"', { env: ['RESULT', 'CDN_TOKEN', 'NOT_SET'] }) },
      bundle,
      new MemoryLogger(),
      { cwd: workspace, env: job, tempDir: temp },
    );
    expect(result.ok, result.message).toBe(true);
    const seen = (await readFile(join(out, 'env'), 'utf8'))
      .split('\n')
      .map((l) => l.split('=')[0])
      .filter((n): n is string => !!n && /^[A-Z_]+$/.test(n));
    // sh itself adds PWD (and may add SHLVL, _); everything else is what certflow passed.
    const fromShell = new Set(['PWD', 'SHLVL', '_', 'OLDPWD']);
    expect(seen.filter((n) => !fromShell.has(n)).sort()).toEqual(
      [
        'CDN_TOKEN',
        'CERTFLOW_CERTIFICATE',
        'CERTFLOW_NOT_AFTER',
        'CERTFLOW_SERIAL',
        'HOME',
        'PATH',
        'RENEWED_DOMAINS',
        'RENEWED_LINEAGE',
        'RESULT',
      ].sort(),
    );
    const text = await readFile(join(out, 'env'), 'utf8');
    expect(text).not.toContain('secret-ssh-body');
    expect(text).not.toContain('tsig-secret-of-the-job');
    expect(text).toContain('CDN_TOKEN=the-hook-own-credential');
  });
});

describe('hookDue', () => {
  it('runs hooks only for changed certificates, unless forced', () => {
    expect(hookDue(true, false)).toBe(true);
    expect(hookDue(false, true)).toBe(true);
    expect(hookDue(true, true)).toBe(true);
    expect(hookDue(false, false)).toBe(false);
  });
});
