/**
 * Issue 16, on the bed: bundles forged with only public material (a self-signed leaf with its own
 * key sealed to the public recipient, a real certificate shipped with another key, an expired
 * leaf, wrong names, an edited notAfter, a leaf from the second Pebble whose root is not trusted).
 * For each: verify exits 1 naming the problem, deploy refuses before touching any host, check
 * fails, and the plan renews the edited one. A real renewal passes, and `verify --base` shows its
 * serial change without flags; a config change adding a recipient is flagged.
 *
 * The expired and wrong-name leaves come from a private CA listed in store.trust (a trusted CA
 * that signed the wrong thing), so the verifier is shown to catch them for their own reason.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { RenewalDecision } from '../../src/model.js';
import { selfSigned } from '../fixtures/report/certs.js';
import { asIssued, createTestCa } from '../support/certs.js';
import { writeForged } from '../support/forge.js';
import { loadTestbed } from '../support/testbed.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const bed = loadTestbed();
const tag = randomBytes(3).toString('hex');
const n = (what: string) => `v${tag}-${what}`;
const NAMES = {
  real: n('real'),
  selfsigned: n('selfsigned'),
  keyswap: n('keyswap'),
  expired: n('expired'),
  names: n('names'),
  edited: n('edited'),
  chaos: n('chaos'),
};
const FORGED = Object.values(NAMES).filter((x) => x !== NAMES.real);
const domainOf = (name: string) => `${name}.certflow.test`;
const DAY = 86_400_000;

let ws: Workspace;
let recipient: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.dir, encoding: 'utf8' }).trim();

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { ...ws.env, ...env },
    cwd: ws.dir,
  });
  return { code, stdout, stderr };
}

function config(text: string, directory?: string): string {
  const head = text.slice(0, text.indexOf('certificates:\n'));
  const targets = text.slice(text.indexOf('targets:\n'));
  const entry = (name: string, domains: string[]) =>
    `  ${name}: { domains: [${domains.join(', ')}], dns: bind, targets: [web] }\n`;
  const certs = Object.values(NAMES)
    .map((name) => entry(name, [domainOf(name)]))
    .join('');
  let out = `${head}certificates:\n${certs}${targets}`.replace(
    'trust: [.github/pebble-root.pem]',
    'trust: [.github/pebble-root.pem, .github/private-ca.pem]',
  );
  if (directory) out = out.replace(/directory: .*/, `directory: ${directory}`);
  return out;
}

/** Every file under each host's folders for the forged certificates (none should ever appear). */
function hostState(): string[] {
  return bed.hosts.flatMap((h) =>
    FORGED.filter((name) => existsSync(join(h.certDir, name))).map((x) => `${h.name}:${x}`),
  );
}

beforeAll(async () => {
  ws = await createWorkspace();
  const text = readFileSync(ws.configPath, 'utf8');
  recipient = /recipients: \[(age1[0-9a-z]+)\]/.exec(text)?.[1] ?? '';
  writeFileSync(ws.configPath, config(text));
  // The same config against the second Pebble, to get a leaf whose root nobody listed.
  writeFileSync(join(ws.dir, '.github', 'chaos.yml'), config(text, bed.pebbleChaos.directory));
  const ca = await createTestCa('private');
  writeFileSync(join(ws.dir, '.github', 'private-ca.pem'), ca.rootPem);
  git('add', '-A');
  git('commit', '-q', '-m', 'certflow config for verify tests');

  // A real renewal from the trusted Pebble, committed.
  const real = await cli(['renew', NAMES.real]);
  if (real.code !== 0) throw new Error(`renew failed:\n${real.stderr}`);
  // The leaf of the untrusted Pebble (its own root), through the same product path.
  const chaos = await cli(['renew', NAMES.chaos, '-c', '.github/chaos.yml']);
  if (chaos.code !== 0) throw new Error(`renew from the second Pebble failed:\n${chaos.stderr}`);
  git('add', '-A');
  git('commit', '-q', '-m', 'real renewal');

  const store = join(ws.dir, 'certificates');
  await writeForged(
    store,
    await selfSigned(NAMES.selfsigned, [domainOf(NAMES.selfsigned)], {
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date('2099-01-01T00:00:00Z'),
    }),
    [recipient],
  );
  // Key A's certificate (public: any host serving it shows it) shipped with the attacker's key B,
  // the manifest naming key B as the old opening compared with.
  const certA = await ca.issue(NAMES.keyswap, [domainOf(NAMES.keyswap)]);
  const keyB = await ca.issue(NAMES.keyswap, [domainOf(NAMES.keyswap)]);
  await writeForged(store, asIssued(keyB), [recipient], {
    fullchainPem: certA.fullchainPem,
    claimShippedKey: false,
  });
  const old = await ca.issue(NAMES.expired, [domainOf(NAMES.expired)], {
    validity: { notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) },
  });
  await writeForged(store, asIssued(old), [recipient]);
  await writeForged(store, asIssued(await ca.issue(NAMES.names, ['attacker.certflow.test'])), [recipient]);
  const edited = await ca.issue(NAMES.edited, [domainOf(NAMES.edited)], {
    validity: { notBefore: new Date(Date.now() - 89 * DAY), notAfter: new Date(Date.now() + DAY) },
  });
  await writeForged(store, asIssued(edited), [recipient], {
    edit: (m) => {
      m.notAfter = '2099-01-01T00:00:00.000Z';
    },
  });
}, 240_000);

afterAll(() => {
  // Nothing was written to the hosts (asserted below); the workspace is a temp folder.
});

describe('forged bundles', () => {
  it('verify exits 1 and names each problem, and passes the real renewal', async () => {
    const r = await cli(['verify', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      valid: boolean;
      invalid: Array<{ name: string; findings: Array<{ field: string; message: string }> }>;
    };
    expect(out.valid).toBe(false);
    const fields = Object.fromEntries(out.invalid.map((i) => [i.name, i.findings.map((f) => f.field)]));
    expect(fields).toEqual({
      [NAMES.selfsigned]: ['chain'],
      [NAMES.keyswap]: ['publicKeySha256'],
      [NAMES.expired]: ['expiry'],
      [NAMES.names]: ['names'],
      [NAMES.edited]: ['notAfter'],
      [NAMES.chaos]: ['chain'],
    });
    const message = (name: string) => out.invalid.find((i) => i.name === name)?.findings[0]?.message ?? '';
    expect(message(NAMES.selfsigned)).toContain('is self-signed and not a trusted root');
    expect(message(NAMES.chaos)).toMatch(
      /is issued by .*Pebble Root.*, which neither fullchain.pem nor the trusted roots/,
    );
    expect(message(NAMES.edited)).toContain('the manifest says 2099-01-01T00:00:00.000Z');
    expect(message(NAMES.names)).toContain(
      `the certificate is for attacker.certflow.test, the config wants ${domainOf(NAMES.names)}`,
    );
    // The real one passes on its own.
    expect((await cli(['verify', NAMES.real])).code).toBe(0);
  });

  it('deploy refuses every forged bundle before connecting: no host gets a byte', async () => {
    expect(hostState()).toEqual([]);
    const r = await cli(['deploy', ...FORGED, '--json'], { CERTFLOW_AGE_IDENTITY: ws.identity });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      deploys?: Array<{ host: string; ok: boolean; message: string; certificates: string[] }>;
    };
    const deploys = report.deploys ?? [];
    expect(deploys.length).toBe(FORGED.length * bed.hosts.length);
    for (const d of deploys) {
      expect(d.ok).toBe(false);
      expect(d.message).toMatch(/^not attempted: bundle \S+ is not valid/);
    }
    expect(hostState()).toEqual([]);
  });

  it('check fails each forged bundle, saying the stored bundle is not valid', async () => {
    const r = await cli(['check', ...FORGED, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      checks: Array<{ certificate: string; ok: boolean; message: string }>;
    };
    for (const name of FORGED) {
      const checks = report.checks.filter((c) => c.certificate === name);
      expect(checks.length).toBe(bed.hosts.length);
      for (const c of checks) {
        expect(c.ok).toBe(false);
        expect(c.message).toContain('the stored bundle is not valid');
      }
    }
  });

  it('plan renews the bundle whose manifest lies about notAfter', async () => {
    const r = await cli(['plan', NAMES.edited, '--json']);
    expect(r.code).toBe(0);
    const plan = (JSON.parse(r.stdout) as { plan: RenewalDecision[] }).plan;
    expect(plan[0]).toMatchObject({ name: NAMES.edited, action: 'renew', code: 'unreadable' });
    expect(plan[0]?.reason).toContain('notAfter: the certificate says');
  });
});

describe('verify --base', () => {
  it('a real renewal shows its serial change and no flags', async () => {
    // Keep only the real bundle's change on the branch: the forgeries are set aside.
    git('stash', '-q', '--include-untracked');
    try {
      const before = git('rev-parse', 'HEAD');
      const oldSerial = JSON.parse(
        readFileSync(join(ws.dir, 'certificates', NAMES.real, 'certificate.json'), 'utf8'),
      ).serial;
      const again = await cli(['renew', NAMES.real, '--force', NAMES.real]);
      expect(again.code).toBe(0);
      git('add', '-A');
      git('commit', '-q', '-m', 'forced renewal');
      const r = await cli(['verify', NAMES.real, NAMES.chaos, '--base', before, '--json']);
      const out = JSON.parse(r.stdout) as {
        changes: Array<{ name: string; serial: { from: string; to: string }; newKey: boolean }>;
        flags: unknown[];
      };
      expect(out.flags).toEqual([]);
      const change = out.changes.find((c) => c.name === NAMES.real);
      expect(change?.serial.from).toBe(oldSerial);
      expect(change?.serial.to).not.toBe(oldSerial);
      expect(change?.newKey).toBe(true);
      // The text form names the serial change too.
      const text = await cli(['verify', NAMES.real, '--base', before]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`serial ${oldSerial} → ${change?.serial.to}`);

      // A config change adding a recipient is flagged, on the config file.
      const base2 = git('rev-parse', 'HEAD');
      const extra = await identityToRecipient(await generateX25519Identity());
      writeFileSync(
        ws.configPath,
        readFileSync(ws.configPath, 'utf8').replace(
          `recipients: [${recipient}]`,
          `recipients: [${recipient}, ${extra}]`,
        ),
      );
      const flagged = await cli(['verify', NAMES.real, '--base', base2, '--json']);
      const flags = (JSON.parse(flagged.stdout) as { flags: Array<{ file: string; message: string }> }).flags;
      expect(flags).toContainEqual({
        kind: 'config',
        file: '.github/certflow.yml',
        message: `store.recipients changed: ["${recipient}"] -> ["${recipient}","${extra}"]`,
      });
      expect(flags).toContainEqual({
        kind: 'file',
        file: '.github/certflow.yml',
        message: '.github/certflow.yml changed outside the store',
      });
      git('checkout', '-q', '--', '.github/certflow.yml');
    } finally {
      git('stash', 'pop', '-q');
    }
  }, 120_000);
});
