/**
 * ovh against a local OVHcloud API (test/support/fakes/ovh.ts) that recomputes every request's
 * signature, runs its clock an hour ahead of ours, and serves records only after a zone refresh:
 * the shared provider suite (two values and a stranger's on one name, Pebble orders for one name
 * and apex + wildcard, cleanup after a refused write, no echoed secret anywhere, no call off the
 * API description), then OVHcloud's own refusals.
 */
import { describe, expect, it } from 'vitest';
import type { DnsProviderConfig } from '../../src/config/schema.js';
import { createProvider } from '../../src/dns/providers/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { label } from '../support/acme.js';
import { bindWriter } from '../support/fakes/bind.js';
import { ovhKit, startFakeOvh } from '../support/fakes/ovh.js';
import { providerSuite } from '../support/fakes/suite.js';
import { loadTestbed } from '../support/testbed.js';

providerSuite(ovhKit);

describe('ovh: signatures and refusals', () => {
  const bed = loadTestbed();
  const z = bed.dns.zone;
  const record = { fqdn: `_acme-challenge.${label()}.${z}`, value: 'v', ttl: 60 };

  it('a wrong application secret is refused by the signature check, and never shown', async () => {
    const fake = await startFakeOvh(bindWriter(bed), [z]);
    try {
      const wrong = `wrong-secret-${label()}${label()}`;
      const config = {
        type: 'ovh',
        endpoint: 'ovh-eu',
        'application-key': fake.applicationKey,
        'application-secret': wrong,
        'consumer-key': fake.consumerKey,
        'api-url': fake.url,
        'insecure-http': false,
        'propagation-timeout': '10s',
        ttl: 60,
      } as DnsProviderConfig;
      const log = new MemoryLogger();
      const e = (await createProvider('o', config, { log, workspace: process.cwd() })
        .present(record)
        .catch((x) => x)) as Error & { hint?: string };
      expect(e.message).toMatch(
        /^ovh \(dns\.o\): GET \/domain\/zone answered HTTP 400: Invalid signature \(INVALID_SIGNATURE\)/,
      );
      expect(e.hint).toMatch(/application-secret does not belong to application-key/);
      expect(`${e.message}${e.hint}${log.lines.join('')}`).not.toContain(wrong);
      // The clock was asked for once, and the fake's hour ahead did not matter.
      expect(fake.api.calls.filter((c) => c.url === '/1.0/auth/time')).toHaveLength(1);
      expect(fake.api.violations).toEqual([]);
    } finally {
      await fake.api.close();
    }
  });
});
