/**
 * Client key types on the bed: ECDSA (OpenSSH format), RSA (PEM format) and a passphrase-protected
 * ed25519 key authenticate for real. Their public keys are added to the bed's authorized_keys for
 * the test and removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTargets } from '../../src/deploy/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { bedTarget, createTestCa, type TestCertificate } from '../support/certs.js';
import { loadTestbed, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let dir: string;
let authorized: string;
let cert: TestCertificate;
const added: string[] = [];
const keys: Record<string, string> = {};
const PASS = 'correct horse battery staple';
/** A folder of its own: the dry runs create it on host1 (removed afterwards). */
const certName = `keys-${Math.random().toString(36).slice(2, 8)}`;

function makeKey(name: string, args: string[]) {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', ...args, '-C', `certflow-test-${name}`, '-f', file]);
  keys[name] = readFileSync(file, 'utf8');
  added.push(readFileSync(`${file}.pub`, 'utf8').trim());
}

beforeAll(async () => {
  bed = loadTestbed();
  dir = mkdtempSync(join(tmpdir(), 'certflow-keys-'));
  makeKey('ecdsa', ['-t', 'ecdsa', '-b', '384', '-N', '']);
  makeKey('rsa', ['-t', 'rsa', '-b', '3072', '-m', 'PEM', '-N', '']);
  makeKey('ed25519-pass', ['-t', 'ed25519', '-N', PASS]);
  authorized = join(dirname(bed.ssh.key), 'authorized_keys');
  writeFileSync(authorized, `${added.join('\n')}\n`, { flag: 'a' });
  cert = await (await createTestCa('certflow keys')).issue(certName, [`${certName}.certflow.test`]);
});
afterAll(() => {
  const kept = readFileSync(authorized, 'utf8')
    .split('\n')
    .filter((line) => !added.includes(line.trim()));
  writeFileSync(authorized, kept.join('\n'));
  rmSync(dir, { recursive: true, force: true });
  for (const h of bed.hosts) rmSync(join(h.certDir, certName), { recursive: true, force: true });
});

async function dryRun(privateKey: string, passphrase?: string) {
  const h = bed.hosts[0]?.addr as string;
  const target = bedTarget(bed, { hosts: [h], 'private-key': privateKey, passphrase, validate: 'true' });
  const [r] = await deployTargets({ t: target }, [{ target: 't', bundles: [cert] }], new MemoryLogger(), {
    concurrency: 1,
    dryRun: true,
  });
  return r;
}

describe('SSH client keys (bed)', () => {
  it('authenticates with ECDSA (OpenSSH format) and RSA (PEM format) keys', async () => {
    expect(await dryRun(keys.ecdsa as string)).toMatchObject({ ok: true, phase: 'validate' });
    expect(await dryRun(keys.rsa as string)).toMatchObject({ ok: true, phase: 'validate' });
  });

  it('opens a passphrase-protected key with its passphrase, and says what is missing otherwise', async () => {
    expect(await dryRun(keys['ed25519-pass'] as string, PASS)).toMatchObject({ ok: true });
    const without = await dryRun(keys['ed25519-pass'] as string);
    expect(without).toMatchObject({ ok: false, phase: 'connect' });
    expect(without?.message).toMatch(/passphrase/);
    const wrong = await dryRun(keys['ed25519-pass'] as string, 'wrong');
    expect(wrong).toMatchObject({ ok: false, phase: 'connect' });
    expect(wrong?.message).not.toContain('wrong');
  });

  it('reports a key the host does not accept as an authentication failure', async () => {
    const stranger = join(dir, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const r = await dryRun(readFileSync(stranger, 'utf8'));
    expect(r).toMatchObject({ ok: false, phase: 'connect' });
    expect(r?.message).toMatch(/authentication failed/);
  });
});
