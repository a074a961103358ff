/**
 * The bundle verifier against every forgery of issue 16, in-process: a private CA (root and
 * intermediate) plays the trusted CA, and each bundle is forged with only public material.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planRenewals } from '../../src/plan/plan.js';
import { openBundle } from '../../src/store/open.js';
import { readStoredCertificate } from '../../src/store/read.js';
import { trustAnchorsOf } from '../../src/store/trust.js';
import { type BundleVerdict, verifyBundle } from '../../src/store/verify.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import { selfSigned } from '../fixtures/report/certs.js';
import { baseConfig, testSettings } from '../fixtures/report/settings.js';
import { asIssued, createTestCa, type TestCa } from '../support/certs.js';
import { buildCertificate, ecKey, pemOf } from '../support/der-cert.js';
import { writeForged } from '../support/forge.js';
import { newAgeIdentity } from '../support/store-fixtures.js';

const DAY = 86_400_000;
let ca: TestCa;
let other: TestCa;
let store: string;
let alice: { identity: string; recipient: string };

beforeAll(async () => {
  ca = await createTestCa('trusted');
  other = await createTestCa('untrusted');
  store = await mkdtemp(join(tmpdir(), 'certflow-verify-'));
  alice = await newAgeIdentity();
});
afterAll(async () => {
  await rm(store, { recursive: true, force: true });
});

async function verdictOf(name: string, domains: string[], requireUnexpired = true): Promise<BundleVerdict> {
  const stored = await readStoredCertificate(store, name);
  if (stored.state !== 'present') throw new Error(`${name}: ${stored.state}`);
  return verifyBundle(name, stored.manifest, stored.fullchainPem, {
    domains,
    trust: trustAnchorsOf([ca.rootPem]),
    now: new Date(),
    requireUnexpired,
  });
}

describe('verifyBundle', () => {
  it('passes a bundle from the trusted CA, showing the path to its root', async () => {
    const good = await ca.issue('good', ['good.certflow.test']);
    await writeForged(store, asIssued(good), [alice.recipient]);
    const v = await verdictOf('good', ['good.certflow.test']);
    expect(v.findings).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.path).toEqual(['CN=good.certflow.test', 'CN=trusted intermediate', 'CN=trusted root']);
    // Opening checks the key against the certificate, and passes.
    await expect(openBundle(store, 'good', alice.identity)).resolves.toMatchObject({
      fullchainPem: good.fullchainPem,
    });
  });

  it('refuses a self-signed leaf whose matching key is sealed to the recipient', async () => {
    const forged = await selfSigned('selfsigned', ['www.certflow.test'], {
      notBefore: new Date(Date.now() - DAY),
      notAfter: new Date('2099-01-01T00:00:00Z'),
    });
    await writeForged(store, forged, [alice.recipient]);
    const v = await verdictOf('selfsigned', ['www.certflow.test']);
    expect(v.ok).toBe(false);
    expect(v.findings.map((f) => f.field)).toEqual(['chain']);
    expect(v.findings[0]?.message).toBe(
      "bundle selfsigned: chain: CN=www.certflow.test is self-signed and not a trusted root (trusted: Node's roots, acme.trust, store.trust)",
    );
    // The key opens (anyone can seal to the recipient): opening alone proves nothing.
    await expect(openBundle(store, 'selfsigned', alice.identity)).resolves.toBeDefined();
  });

  it('refuses a leaf of a CA that is not trusted, naming its issuer', async () => {
    const stranger = await other.issue('stranger', ['stranger.certflow.test']);
    await writeForged(store, asIssued(stranger), [alice.recipient]);
    const v = await verdictOf('stranger', ['stranger.certflow.test']);
    expect(v.findings.map((f) => f.message)).toEqual([
      "bundle stranger: chain: CN=untrusted intermediate is issued by CN=untrusted root, which neither fullchain.pem nor the trusted roots (Node's, acme.trust, store.trust) hold",
    ]);
  });

  it('refuses an expired leaf for deploy, check and verify, not for the plan', async () => {
    const old = await ca.issue('expired', ['expired.certflow.test'], {
      validity: { notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) },
    });
    await writeForged(store, asIssued(old), [alice.recipient]);
    const v = await verdictOf('expired', ['expired.certflow.test']);
    expect(v.findings.map((f) => f.field)).toEqual(['expiry']);
    expect(v.findings[0]?.message).toMatch(/^bundle expired: expiry: the certificate expired at 20\d\d-/);
    expect((await verdictOf('expired', ['expired.certflow.test'], false)).ok).toBe(true);
  });

  it('refuses a leaf whose names are not the configured ones, naming both', async () => {
    const c = await ca.issue('names', ['attacker.certflow.test']);
    await writeForged(store, asIssued(c), [alice.recipient]);
    const v = await verdictOf('names', ['www.certflow.test', 'certflow.test']);
    expect(v.findings.map((f) => f.message)).toEqual([
      'bundle names: names: the certificate is for attacker.certflow.test, the config wants certflow.test, www.certflow.test',
    ]);
  });

  it('refuses a manifest with notAfter edited, naming both values', async () => {
    const c = await ca.issue('edited', ['edited.certflow.test']);
    await writeForged(store, asIssued(c), [alice.recipient], {
      edit: (m) => {
        m.notAfter = '2099-01-01T00:00:00.000Z';
      },
    });
    const v = await verdictOf('edited', ['edited.certflow.test']);
    expect(v.findings).toHaveLength(1);
    expect(v.findings[0]).toMatchObject({
      bundle: 'edited',
      field: 'notAfter',
      actual: '2099-01-01T00:00:00.000Z',
    });
    expect(v.findings[0]?.message).toMatch(
      /^bundle edited: notAfter: the certificate says 20\d\d-\d\d-\d\dT[\d:.]+Z, the manifest says 2099-01-01T00:00:00.000Z$/,
    );
  });

  it('refuses key A\u2019s certificate shipped with key B, whether the manifest states A\u2019s key or B\u2019s', async () => {
    const a = await ca.issue('swap', ['swap.certflow.test']);
    const b = await ca.issue('swap', ['swap.certflow.test']);
    // Manifest claims B's public key (what the old opening compared with): the verifier sees it.
    await writeForged(store, asIssued(b), [alice.recipient], {
      fullchainPem: a.fullchainPem,
      claimShippedKey: false,
    });
    const v = await verdictOf('swap', ['swap.certflow.test']);
    expect(v.findings.map((f) => f.field)).toEqual(['publicKeySha256']);
    // Manifest states A's key: the clear part agrees, and opening compares with the certificate.
    await writeForged(store, asIssued(b), [alice.recipient], { fullchainPem: a.fullchainPem });
    expect((await verdictOf('swap', ['swap.certflow.test'])).ok).toBe(true);
    await expect(openBundle(store, 'swap', alice.identity)).rejects.toMatchObject({
      problem: 'mismatched-key',
      message: expect.stringMatching(
        /^bundle swap: key: the decrypted private key does not belong to the certificate/,
      ),
    });
  });
});

describe('plan', () => {
  it('reads dates from the certificate: an edited notAfter is renewed, with the reason', async () => {
    const settings = testSettings({
      workspace: store,
      config: baseConfig({
        store: { path: '.', recipients: [alice.recipient] },
        certificates: {
          edited: { domains: ['edited.certflow.test'], key: 'ecdsa-p256', dns: 'none', targets: [] },
          good: { domains: ['good.certflow.test'], key: 'ecdsa-p256', dns: 'none', targets: [] },
        },
      }),
    });
    const plan = await planRenewals(settings, new MemoryLogger());
    const edited = plan.decisions.find((d) => d.name === 'edited');
    expect(edited).toMatchObject({ action: 'renew', code: 'unreadable' });
    expect(edited?.reason).toContain('notAfter: the certificate says');
    // The good one is not due: 7-day certificate, a day old, renew-before 33%.
    expect(plan.decisions.find((d) => d.name === 'good')).toMatchObject({ action: 'skip' });
  });

  it('renews a bundle whose leaf key cannot be loaded (an EC point off its curve) and plans the rest', async () => {
    const c = await ca.issue('offcurve', ['offcurve.certflow.test']);
    const key = ecKey('P-256');
    const spki = key.publicKey.export({ type: 'spki', format: 'der' });
    spki[spki.length - 1] = (spki[spki.length - 1] as number) ^ 1;
    const der = buildCertificate({ key: key.publicKey, signer: key.privateKey, spki });
    // The manifest matches the file's hash, so the store read passes it on to the verifier.
    await writeForged(store, asIssued(c), [alice.recipient], {
      edit: (m) => {
        m.certificateSha256 = sha256Hex(der);
      },
    });
    await writeFile(join(store, 'offcurve', 'fullchain.pem'), pemOf(der));
    const settings = testSettings({
      workspace: store,
      config: baseConfig({
        store: { path: '.', recipients: [alice.recipient] },
        certificates: {
          offcurve: { domains: ['offcurve.certflow.test'], key: 'ecdsa-p256', dns: 'none', targets: [] },
          good: { domains: ['good.certflow.test'], key: 'ecdsa-p256', dns: 'none', targets: [] },
        },
      }),
    });
    // It used to throw out of the verifier and take the whole plan down.
    const plan = await planRenewals(settings, new MemoryLogger());
    const forged = plan.decisions.find((d) => d.name === 'offcurve');
    expect(forged).toMatchObject({ action: 'renew', code: 'unreadable' });
    expect(forged?.reason).toContain('fullchain.pem does not parse');
    expect(plan.decisions.find((d) => d.name === 'good')).toMatchObject({ action: 'skip' });
  });
});
