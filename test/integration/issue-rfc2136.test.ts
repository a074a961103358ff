/** Real certificates from Pebble through bind (rfc2136): names, wildcards, key types, delegation. */
import { describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { MemoryLogger } from '../../src/util/log.js';
import { leafFacts } from '../../src/util/x509.js';
import { acmeSettings, bindProvider, dueAll, label, txtOn, verifyChain } from '../support/acme.js';
import { loadTestbed, nsupdate } from '../support/testbed.js';

const bed = loadTestbed();

describe('issuance through bind (rfc2136)', () => {
  it('issues single-name, multi-name, apex+wildcard, RSA and ECDSA certificates in one run', async () => {
    const z = bed.dns.zone;
    const a = label();
    const b = label();
    const c = label();
    const d = label();
    const settings = acmeSettings(bed, {
      dns: { bind: bindProvider(bed) },
      certificates: {
        single: { domains: [`${a}.${z}`], dns: 'bind', key: 'ecdsa-p384' },
        several: { domains: [`${b}.${z}`, `www.${b}.${z}`, `api.${b}.${z}`], dns: 'bind', key: 'rsa-2048' },
        wild: { domains: [`${c}.${z}`, `*.${c}.${z}`], dns: 'bind' },
        rsa3072: { domains: [`${d}.${z}`], dns: 'bind', key: 'rsa-3072' },
      },
    });
    const log = new MemoryLogger();
    const results = await issueCertificates(settings, dueAll(settings), new Map(), log);
    for (const r of results) expect(r.ok, JSON.stringify(r.ok ? '' : r.error)).toBe(true);
    for (const r of results) {
      if (!r.ok) continue;
      const cert = r.certificate;
      const facts = leafFacts(cert.fullchainPem);
      expect(facts.names.sort()).toEqual([...cert.domains].sort());
      const verified = await verifyChain(bed, cert.fullchainPem);
      expect(verified.stdout + verified.stderr).toContain('OK');
      expect(verified.code).toBe(0);
      expect(cert.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    }
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    const keyOf = (n: string) => {
      const r = byName[n];
      return r?.ok ? leafFacts(r.certificate.fullchainPem) : undefined;
    };
    expect(keyOf('single')).toBeDefined();
    // No key text in the log, and no TXT record left behind.
    for (const r of results)
      if (r.ok) expect(log.lines.join('\n')).not.toContain(r.certificate.privateKeyPem.slice(40, 80));
    for (const n of [a, b, `www.${b}`, `api.${b}`, c, d]) {
      expect(await txtOn(bed.dns.server, `_acme-challenge.${n}.${z}`)).toEqual([]);
    }
  });

  it('follows a CNAME on _acme-challenge into the challenges-only zone', async () => {
    const x = label('x');
    const z = bed.dns.zone;
    const target = `${x}.${bed.dns.challengeZone}`;
    const made = await nsupdate(bed, [
      `zone ${z}`,
      `update add _acme-challenge.${x}.${z}. 5 CNAME ${target}.`,
    ]);
    expect(made.code, made.stderr).toBe(0);
    try {
      const settings = acmeSettings(bed, {
        dns: {
          bind: bindProvider(bed, { zones: [z] }),
          challenges: bindProvider(bed, { zones: [bed.dns.challengeZone] }),
        },
        certificates: { delegated: { domains: [`${x}.${z}`], dns: 'bind' } },
      });
      const log = new MemoryLogger();
      const [result] = await issueCertificates(settings, dueAll(settings), new Map(), log);
      expect(result?.ok, JSON.stringify(result)).toBe(true);
      expect(log.lines.join('\n')).toContain(`delegated to ${target}; written with dns.challenges`);
      if (result?.ok) expect((await verifyChain(bed, result.certificate.fullchainPem)).code).toBe(0);
      expect(await txtOn(bed.dns.server, target)).toEqual([]);
    } finally {
      await nsupdate(bed, [`zone ${z}`, `update delete _acme-challenge.${x}.${z}. CNAME`]);
    }
  });
});
