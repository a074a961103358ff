/**
 * Failures that belong to one certificate: a wrong TSIG secret, a zone the provider does not
 * serve, a CAA record that forbids the CA, an unreachable CA. Each fails with a message that says
 * what to fix, leaves no TXT record on bind, and the other certificates of the run still succeed.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import type { IssueResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import {
  acmeSettings,
  bindProvider,
  dueAll,
  label,
  pdnsProvider,
  txtOn,
  verifyChain,
} from '../support/acme.js';
import { loadTestbed, nsupdate } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;

const byName = (results: IssueResult[]) => Object.fromEntries(results.map((r) => [r.name, r]));

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('failures stay with their certificate', () => {
  it('wrong TSIG secret, unserved zone, forbidding CAA: each fails clearly; the good one is issued', async () => {
    const [good, badKey, unserved, caa, pdnsUnserved] = [label(), label(), label(), label(), label()];
    const caaName = `${caa}.${z}`;
    const added = await nsupdate(bed, [`zone ${z}`, `update add ${caaName}. 5 CAA 0 issue ";"`]);
    expect(added.code, added.stderr).toBe(0);
    try {
      const settings = acmeSettings(bed, {
        dns: {
          bind: bindProvider(bed),
          wrongkey: bindProvider(bed, { 'tsig-secret': randomBytes(32).toString('base64') }),
          pdns: pdnsProvider(bed),
        },
        certificates: {
          good: { domains: [`${good}.${z}`], dns: 'bind' },
          badkey: { domains: [`${badKey}.${z}`], dns: 'wrongkey' },
          unserved: { domains: [`${unserved}.nowhere.test`], dns: 'bind' },
          pdnsunserved: { domains: [`${pdnsUnserved}.${z}`], dns: 'pdns' },
          caa: { domains: [caaName], dns: 'bind' },
        },
      });
      const log = new MemoryLogger();
      const results = byName(await issueCertificates(settings, dueAll(settings), new Map(), log));

      const ok = results.good;
      expect(ok?.ok, JSON.stringify(ok)).toBe(true);
      if (ok?.ok) expect((await verifyChain(bed, ok.certificate.fullchainPem)).code).toBe(0);

      const bk = results.badkey;
      expect(bk?.ok).toBe(false);
      if (bk && !bk.ok) {
        expect(bk.error.message).toMatch(/^rfc2136 \(dns\.wrongkey\): adding TXT .* NOTAUTH \(TSIG BADSIG\)/);
        expect(bk.error.hint).toMatch(/tsig-secret does not match/);
      }
      const un = results.unserved;
      expect(un?.ok).toBe(false);
      if (un && !un.ok) {
        expect(un.error.message).toMatch(
          /rfc2136 \(dns\.bind\): cannot find the zone of _acme-challenge\..*nowhere\.test/,
        );
        expect(un.error.hint).toMatch(/must serve the zone/);
      }
      const pu = results.pdnsunserved;
      expect(pu?.ok).toBe(false);
      if (pu && !pu.ok) {
        expect(pu.error.message).toMatch(/powerdns \(dns\.pdns\): no zone on server localhost contains/);
        expect(pu.error.hint).toMatch(/create the zone in PowerDNS, or use another provider/);
      }
      const ca = results.caa;
      expect(ca?.ok).toBe(false);
      if (ca && !ca.ok) {
        expect(ca.error.message).toContain(`CAA records at ${caaName} forbid this CA`);
        expect(ca.error.acmeType).toBe('urn:ietf:params:acme:error:caa');
        expect(ca.error.hint).toMatch(/add a CAA record/);
      }
      for (const n of [good, badKey, caa])
        expect(await txtOn(bed.dns.server, `_acme-challenge.${n}.${z}`)).toEqual([]);
      // No secret in the log: neither the TSIG secrets nor the PowerDNS key.
      const text = log.lines.join('\n');
      expect(text).not.toContain(bed.tsig.secret);
      expect(text).not.toContain(bed.pdns.apiKey);
    } finally {
      await nsupdate(bed, [`zone ${z}`, `update delete ${caaName}. CAA`]);
    }
  });

  it('an unreachable CA fails every certificate of that run with what to check; another run is unaffected', async () => {
    const port = await closedPort();
    const name = label();
    const dead = acmeSettings(bed, {
      directory: `https://127.0.0.1:${port}/dir`,
      dns: { bind: bindProvider(bed) },
      certificates: {
        a: { domains: [`${name}.${z}`], dns: 'bind' },
        b: { domains: [`b${name}.${z}`], dns: 'bind' },
      },
    });
    const other = label();
    const alive = acmeSettings(bed, {
      dns: { bind: bindProvider(bed) },
      certificates: { c: { domains: [`${other}.${z}`], dns: 'bind' } },
    });
    const [deadResults, aliveResults] = await Promise.all([
      issueCertificates(dead, dueAll(dead), new Map(), new MemoryLogger()),
      issueCertificates(alive, dueAll(alive), new Map(), new MemoryLogger()),
    ]);
    expect(deadResults).toHaveLength(2);
    for (const r of deadResults) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toContain(
          `cannot reach the CA at https://127.0.0.1:${port}/dir: ECONNREFUSED`,
        );
        expect(r.error.hint).toMatch(/check acme\.directory/);
      }
    }
    expect(aliveResults[0]?.ok).toBe(true);
    expect(await txtOn(bed.dns.server, `_acme-challenge.${name}.${z}`)).toEqual([]);
  });

  it("an untrusted CA certificate says to add the CA's root to acme.trust", async () => {
    const settings = acmeSettings(bed, {
      trust: [],
      dns: { bind: bindProvider(bed) },
      certificates: { a: { domains: [`${label()}.${z}`], dns: 'bind' } },
    });
    const [r] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
    expect(r?.ok).toBe(false);
    if (r && !r.ok) {
      expect(r.error.message).toMatch(/^cannot reach the CA at .*: UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
      expect(r.error.hint).toMatch(/not trusted here: add its root \(PEM file\) to acme\.trust/);
    }
  });
});
