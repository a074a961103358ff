/**
 * The rate-limit guard against real issuance on the bed (Pebble through bind), wired the way the
 * renew pipeline should wire it: read the store, plan (back-off), checkOrder, issue, seal with the
 * guard's history, write; after a failure, recordFailure + saveFailure. Each step reads the previous
 * one's files.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { renewalPolicy } from '../../src/config/policy.js';
import type { Settings } from '../../src/config/settings.js';
import { recordFailure } from '../../src/guard/backoff.js';
import { checkOrder, type GuardVerdict, policyFor } from '../../src/guard/rate-limit.js';
import { clearGuardState, readGuardState, saveFailure } from '../../src/guard/state.js';
import type { Manifest, RenewalDecision } from '../../src/model.js';
import { decide } from '../../src/plan/decide.js';
import { readStoredCertificate } from '../../src/store/read.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { MemoryLogger } from '../../src/util/log.js';
import { leafFacts } from '../../src/util/x509.js';
import { acmeSettings, bindProvider, label } from '../support/acme.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
let store: string;
let recipient: string;

beforeAll(async () => {
  store = await mkdtemp(join(tmpdir(), 'certflow-guard-it-'));
  recipient = await identityToRecipient(await generateX25519Identity());
});
afterAll(async () => {
  await rm(store, { recursive: true, force: true });
});

interface Attempt {
  verdict: GuardVerdict;
  ok?: boolean;
  serial?: string;
  error?: string;
}

/** One forced `renew` of `name`, as the pipeline would run it (publishing left out). */
async function forcedRenew(
  settings: Settings,
  name: string,
  opts: { forceUnsafe?: boolean; forced?: boolean } = {},
): Promise<Attempt> {
  const cert = settings.config.certificates[name]!;
  const stored = await readStoredCertificate(store, name);
  if (stored.state === 'unreadable') throw new Error(stored.error);
  const manifest: Manifest | undefined = stored.state === 'present' ? stored.manifest : undefined;
  const guard = await readGuardState(store, name, manifest);
  const forced = opts.forced ?? true;
  const verdict = checkOrder({
    manifest: guard,
    domains: cert.domains,
    forceUnsafe: opts.forceUnsafe ?? false,
    ariReplacement: false,
    now: new Date(),
    policy: policyFor(settings.config.acme.directory),
  });
  if (!verdict.allowed) return { verdict };

  const decision: RenewalDecision = {
    name,
    domains: cert.domains,
    action: manifest ? 'renew' : 'issue',
    reason: 'forced by the test',
    code: 'forced',
  };
  const [result] = await issueCertificates(
    settings,
    [decision],
    new Map([[name, manifest]]),
    new MemoryLogger(),
  );
  if (!result?.ok) {
    const error = result?.error.message ?? 'no result';
    const update = recordFailure(guard, { domains: cert.domains, error, forced, now: new Date() });
    await saveFailure(store, name, manifest, update);
    return { verdict, ok: false, error };
  }
  // Success: the seal carries the guard's history forward (and clears the back-off).
  const previous = manifest ? { ...manifest, history: guard.history } : undefined;
  const sealed = await sealBundle(result.certificate, [recipient], previous);
  await writeBundle(store, sealed);
  await clearGuardState(store, name);
  return { verdict, ok: true, serial: sealed.manifest.serial };
}

describe('rate-limit guard on the bed', () => {
  it('forces six renewals of one certificate: five issue, the sixth is refused, force-unsafe overrides', async () => {
    const name = label('dup');
    const settings = acmeSettings(bed, {
      dns: { bind: bindProvider(bed) },
      certificates: { [name]: { domains: [`${name}.${bed.dns.zone}`], dns: 'bind' } },
    });
    const attempts: Attempt[] = [];
    for (let i = 0; i < 6; i++) attempts.push(await forcedRenew(settings, name));

    const issued = attempts.slice(0, 5);
    for (const a of issued) expect(a.ok, a.error).toBe(true);
    expect(new Set(issued.map((a) => a.serial)).size).toBe(5);

    const sixth = attempts[5]!;
    expect(sixth.ok).toBeUndefined();
    expect(sixth.verdict).toMatchObject({ allowed: false, code: 'duplicate-limit' });
    expect(sixth.verdict.reason).toContain(`5 certificates for exactly ${name}.${bed.dns.zone}`);
    expect(sixth.verdict.hint).toContain('force-unsafe');
    // The store still holds the fifth certificate: nothing was ordered.
    const stored = await readStoredCertificate(store, name);
    expect(stored.state === 'present' && stored.manifest.serial).toBe(issued[4]!.serial);
    expect(
      stored.state === 'present' && stored.manifest.history?.filter((r) => r.result === 'issued'),
    ).toHaveLength(5);

    const unsafe = await forcedRenew(settings, name, { forceUnsafe: true });
    expect(unsafe.verdict).toMatchObject({ allowed: true, code: 'overridden' });
    expect(unsafe.verdict.reason).toMatch(/^force-unsafe overrides the rate-limit guard/);
    expect(unsafe.ok, unsafe.error).toBe(true);
    const after = await readStoredCertificate(store, name);
    expect(after.state === 'present' && leafFacts(after.fullchainPem).serial).toBe(unsafe.serial);
  });

  it('backs off a certificate that never issued, across runs, from its state.json', async () => {
    // A name bind does not serve: the DNS-01 record cannot be written, the order fails.
    const name = label('fail');
    const settings = acmeSettings(bed, {
      dns: { bind: bindProvider(bed, { 'propagation-timeout': '2s' }) },
      certificates: { [name]: { domains: [`${name}.not-served.test`], dns: 'bind' } },
    });
    const first = await forcedRenew(settings, name, { forced: false });
    expect(first.verdict.allowed).toBe(true);
    expect(first.ok).toBe(false);
    expect(await readdir(join(store, name))).toEqual(['state.json']);
    expect((await readStoredCertificate(store, name)).state).toBe('missing');

    // The next scheduled run is held back (1 h) by the plan, from state.json ...
    const next = decide({
      certificate: { name, domains: settings.config.certificates[name]!.domains, key: 'ecdsa-p256' },
      stored: await readStoredCertificate(store, name),
      policy: renewalPolicy(settings.config.renewal),
      forced: false,
      backoff: (await readGuardState(store, name)).backoff,
      now: new Date(),
    });
    expect(next).toMatchObject({ action: 'skip', code: 'backoff' });
    expect(next.reason).toContain('1 failed attempt');

    // ... forcing gets past the back-off, but not past the failed-validation limit (3 an hour here).
    const second = await forcedRenew(settings, name);
    const third = await forcedRenew(settings, name);
    expect([second.ok, third.ok]).toEqual([false, false]);
    const fourth = await forcedRenew(settings, name);
    expect(fourth.verdict).toMatchObject({ allowed: false, code: 'failed-validations' });
    expect(fourth.verdict.reason).toContain('3 failed attempts');
    const state = await readGuardState(store, name);
    expect(state.backoff?.failures).toBe(3);
    expect(state.history.every((r) => r.result === 'failed' && r.error)).toBe(true);
  });
});
