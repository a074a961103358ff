/** Real certificates through PowerDNS (HTTP API) and through an exec hook that calls nsupdate. */
import { describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { MemoryLogger } from '../../src/util/log.js';
import { leafFacts } from '../../src/util/x509.js';
import {
  acmeSettings,
  bindProvider,
  dueAll,
  execNsupdateProvider,
  label,
  pdnsProvider,
  txtOn,
  verifyChain,
} from '../support/acme.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();

async function pdnsPatch(rrsets: unknown[]) {
  const res = await fetch(`${bed.pdns.apiUrl}/api/v1/servers/${bed.pdns.serverId}/zones/${bed.pdns.zone}.`, {
    method: 'PATCH',
    headers: { 'X-API-Key': bed.pdns.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ rrsets }),
  });
  expect(res.status, await res.text()).toBe(204);
}

describe('issuance through PowerDNS and exec', () => {
  it('powerdns: apex + wildcard (two values on one name) and keeps an unrelated value of that name', async () => {
    const n = label('p');
    const apex = `${n}.${bed.pdns.zone}`;
    const recordName = `_acme-challenge.${apex}`;
    // Someone else's value at the same name (another run, another tool): it must survive.
    await pdnsPatch([
      {
        name: `${recordName}.`,
        type: 'TXT',
        ttl: 5,
        changetype: 'REPLACE',
        records: [{ content: '"keep-me"', disabled: false }],
      },
    ]);
    try {
      const settings = acmeSettings(bed, {
        dns: { pdns: pdnsProvider(bed) },
        certificates: { wild: { domains: [apex, `*.${apex}`], dns: 'pdns', key: 'ecdsa-p384' } },
      });
      const [r] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
      expect(r?.ok, JSON.stringify(r)).toBe(true);
      if (r?.ok) {
        expect(leafFacts(r.certificate.fullchainPem).names.sort()).toEqual([`*.${apex}`, apex]);
        expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
      }
      expect(await txtOn(bed.pdns.server, recordName)).toEqual(['"keep-me"']);
    } finally {
      await pdnsPatch([{ name: `${recordName}.`, type: 'TXT', changetype: 'DELETE' }]);
    }
  });

  it('exec: a hook script that calls nsupdate issues RSA and ECDSA certificates', async () => {
    const [a, b] = [label('e'), label('e')];
    const z = bed.dns.zone;
    const settings = acmeSettings(bed, {
      dns: { hook: execNsupdateProvider(bed) },
      certificates: {
        ec: { domains: [`${a}.${z}`], dns: 'hook', key: 'ecdsa-p256' },
        rsa: { domains: [`${b}.${z}`, `www.${b}.${z}`], dns: 'hook', key: 'rsa-2048' },
      },
    });
    const results = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
    for (const r of results) {
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    }
    for (const n of [a, b, `www.${b}`])
      expect(await txtOn(bed.dns.server, `_acme-challenge.${n}.${z}`)).toEqual([]);
  });

  it('exec: a failing hook fails its certificate with the hook output, others still succeed', async () => {
    const z = bed.dns.zone;
    const settings = acmeSettings(bed, {
      dns: {
        broken: {
          type: 'exec',
          command: '/bin/sh -c "echo zone is read-only >&2; exit 3" hook',
          timeout: '5s',
          'propagation-timeout': '5s',
          ttl: 5,
        },
        bind: bindProvider(bed),
      },
      certificates: {
        broken: { domains: [`${label()}.${z}`], dns: 'broken' },
        fine: { domains: [`${label()}.${z}`], dns: 'bind' },
      },
    });
    const results = Object.fromEntries(
      (await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger())).map((r) => [
        r.name,
        r,
      ]),
    );
    expect(results.fine?.ok).toBe(true);
    const broken = results.broken;
    expect(broken?.ok).toBe(false);
    if (broken && !broken.ok)
      expect(broken.error.message).toMatch(/^exec \(dns\.broken\): .* exited with 3: zone is read-only/);
  });
});
