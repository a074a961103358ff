/**
 * ARI (RFC 9773) and profiles, client side. The Debian Pebble has neither, so these run through
 * test/support/ari-server.ts: an HTTPS front that serves renewalInfo and lists profiles in the
 * directory, passes everything else to Pebble, and records newOrder payloads.
 */

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ariCertificateId, fetchRenewalInfo } from '../../src/acme/ari.js';
import { AcmeTransport } from '../../src/acme/http.js';
import { issueCertificates, refreshStoredAriWindows } from '../../src/acme/issue.js';
import type { Manifest } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { leafFacts } from '../../src/util/x509.js';
import { acmeSettings, bindProvider, dueAll, label, verifyChain } from '../support/acme.js';
import { type AriFront, startAriFront } from '../support/ari-server.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;
let front: AriFront;
beforeAll(async () => {
  front = await startAriFront(bed, { profiles: { classic: 'the usual 90 days', shortlived: 'six days' } });
});
afterAll(() => front?.close());

const transport = () =>
  new AcmeTransport({
    trust: [readFileSync(bed.pebbleCa, 'utf8')],
    maxRetryAfterMs: 1000,
    log: new MemoryLogger(),
  });

function manifestFor(name: string, fullchainPem: string, ari?: Manifest['ari']): Manifest {
  const f = leafFacts(fullchainPem);
  return {
    version: 1,
    name,
    domains: f.names,
    keyType: 'ecdsa-p256',
    serial: f.serial,
    notBefore: f.notBefore.toISOString(),
    notAfter: f.notAfter.toISOString(),
    issuer: f.issuer,
    certificateSha256: f.sha256,
    publicKeySha256: f.publicKeySha256,
    ariCertId: ariCertificateId(fullchainPem),
    ari,
    issuedAt: new Date().toISOString(),
    recipients: [],
    privateKeySha256: '0'.repeat(64),
  };
}

describe('renewalInfo client', () => {
  it('reads the suggested window and honours Retry-After (clamped to at least a minute)', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    front.answers.set('aaa.bbb', {
      window: { start: '2030-02-01T00:00:00Z', end: '2030-02-03T00:00:00Z' },
      explanationURL: 'https://ca.example/why',
      retryAfter: '21600',
    });
    front.answers.set('fast.retry', {
      window: { start: '2030-02-01T00:00:00Z', end: '2030-02-03T00:00:00Z' },
      retryAfter: '1',
    });
    front.answers.set('bad.window', { body: '{"suggestedWindow":{"start":"soon"}}' });
    const t = transport();
    try {
      const w = await fetchRenewalInfo('aaa.bbb', { transport: t, renewalInfoUrl: front.renewalInfo, now });
      expect(w).toEqual({
        start: '2030-02-01T00:00:00.000Z',
        end: '2030-02-03T00:00:00.000Z',
        explanationUrl: 'https://ca.example/why',
        checkedAt: '2030-01-01T00:00:00.000Z',
        retryAfter: '2030-01-01T06:00:00.000Z',
      });
      const fast = await fetchRenewalInfo('fast.retry', {
        transport: t,
        renewalInfoUrl: front.renewalInfo,
        now,
      });
      expect(fast?.retryAfter).toBe('2030-01-01T00:01:00.000Z');
      expect(
        await fetchRenewalInfo('not.known', { transport: t, renewalInfoUrl: front.renewalInfo, now }),
      ).toBeUndefined();
      await expect(
        fetchRenewalInfo('bad.window', { transport: t, renewalInfoUrl: front.renewalInfo, now }),
      ).rejects.toThrow(/no valid suggestedWindow/);
    } finally {
      t.close();
    }
  });
});

describe('issuance with ARI and profiles', () => {
  it('stores the new window, then renews with replaces inside the window', async () => {
    const name = `${label('a')}.${z}`;
    const start = new Date(Date.now() - 3600_000).toISOString();
    const end = new Date(Date.now() + 86_400_000).toISOString();
    front.answers.set('*', { window: { start, end }, retryAfter: '3600' });
    const settings = acmeSettings(bed, {
      directory: front.directory,
      dns: { bind: bindProvider(bed) },
      certificates: { www: { domains: [name], dns: 'bind' } },
    });
    const [first] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
    expect(first?.ok, JSON.stringify(first)).toBe(true);
    if (!first?.ok) return;
    expect(first.certificate.ari?.start).toBe(new Date(start).toISOString());
    const firstId = ariCertificateId(first.certificate.fullchainPem);
    expect(front.asked).toContain(firstId);
    expect(front.orders.at(-1)?.replaces).toBeUndefined();

    // The plan refreshes the stored window (its Retry-After has passed)...
    const stale = manifestFor('www', first.certificate.fullchainPem, {
      start,
      end,
      checkedAt: start,
      retryAfter: start,
    });
    const asked = front.asked.length;
    const windows = await refreshStoredAriWindows(settings, new Map([['www', stale]]), new MemoryLogger());
    expect(windows.get('www')?.start).toBe(new Date(start).toISOString());
    expect(front.asked.length).toBe(asked + 1);
    // ...but not while the CA's Retry-After still runs.
    const fresh = { ...stale, ari: { ...stale.ari!, retryAfter: end } };
    await refreshStoredAriWindows(settings, new Map([['www', fresh]]), new MemoryLogger());
    expect(front.asked.length).toBe(asked + 1);

    const [second] = await issueCertificates(
      settings,
      dueAll(settings, 'renew'),
      new Map([['www', stale]]),
      new MemoryLogger(),
    );
    expect(second?.ok, JSON.stringify(second)).toBe(true);
    expect(front.orders.at(-1)?.replaces).toBe(firstId);
    if (second?.ok) {
      expect(second.certificate.ariReplacement).toBe(true);
      expect(second.certificate.replaces).toBe(leafFacts(first.certificate.fullchainPem).serial);
      expect((await verifyChain(bed, second.certificate.fullchainPem)).code).toBe(0);
    }
  });

  it('sends an offered profile, and refuses one the CA does not list before ordering', async () => {
    const settings = acmeSettings(bed, {
      directory: front.directory,
      dns: { bind: bindProvider(bed) },
      certificates: {
        short: { domains: [`${label('p')}.${z}`], dns: 'bind', profile: 'shortlived' },
        wrong: { domains: [`${label('p')}.${z}`], dns: 'bind', profile: 'forever' },
      },
    });
    const before = front.orders.length;
    const results = Object.fromEntries(
      (await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger())).map((r) => [
        r.name,
        r,
      ]),
    );
    expect(results.short?.ok, JSON.stringify(results.short)).toBe(true);
    if (results.short?.ok) expect(results.short.certificate.profile).toBe('shortlived');
    const sent = front.orders.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.profile).toBe('shortlived');
    const wrong = results.wrong;
    expect(wrong?.ok).toBe(false);
    if (wrong && !wrong.ok) {
      expect(wrong.error.message).toBe(
        `profile "forever" is not offered by ${front.directory} (it offers: classic, shortlived)`,
      );
      expect(wrong.error.hint).toMatch(/certificates\.wrong\.profile/);
    }
  });
});
