/**
 * `type: lexicon` for real: the lexicon CLI (Debian package) with its PowerDNS provider against the
 * bed's PowerDNS, certificates from the bed's Pebble, and a look at PowerDNS for leftover TXT
 * records after success and after failure. Lexicon runs offline and loopback-only
 * (test/support/lexicon.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import type { DnsProviderConfig } from '../../src/config/schema.js';
import type { Settings } from '../../src/config/settings.js';
import { envRef } from '../../src/dns/define.js';
import { createProvider } from '../../src/dns/providers/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { leafFacts } from '../../src/util/x509.js';
import { acmeSettings, dueAll, label, pdnsProvider, txtOn, verifyChain } from '../support/acme.js';
import { type LexiconHome, lexiconHome } from '../support/lexicon.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.pdns.zone;
let lx: LexiconHome;
beforeAll(() => {
  lx = lexiconHome();
});
afterAll(() => {
  // Lexicon never replaced the seeded suffix list: it fetched nothing.
  expect(lx.seeded()).toBe(true);
  lx.close();
});

/** The job's environment: lexicon must get PATH, HOME and its LEXICON_* variables, nothing else. */
const jobEnv = () => ({ PATH: lx.path, HOME: lx.home, SSH_PRIVATE_KEY: 'ssh-key-of-the-job' });

const lexiconConfig = (extra: Record<string, unknown> = {}, token = bed.pdns.apiKey) =>
  ({
    type: 'lexicon',
    provider: 'powerdns',
    env: {
      LEXICON_POWERDNS_AUTH_TOKEN: token,
      LEXICON_POWERDNS_PDNS_SERVER: bed.pdns.apiUrl,
      LEXICON_POWERDNS_PDNS_SERVER_ID: bed.pdns.serverId,
    },
    timeout: '30s',
    resolvers: [bed.pdns.server],
    'propagation-timeout': '10s',
    ttl: 5,
    ...extra,
  }) as DnsProviderConfig;

const deps = () => ({ log: new MemoryLogger(), workspace: process.cwd(), env: jobEnv() });
const withJobEnv = (settings: Settings): Settings => ({ ...settings, hooks: { env: jobEnv() } });

describe('lexicon (powerdns provider against the bed)', () => {
  it('writes two values on one name, removes exactly its own, keeps an unrelated one', async () => {
    const fqdn = `_acme-challenge.${label('lx')}.${z}`;
    // Someone else's value at that name, written through the native provider.
    const native = createProvider('pdns', pdnsProvider(bed), deps());
    const other = { fqdn, value: 'keep-me', ttl: 5 };
    await native.present(other);
    try {
      // No zones: the zone is found by SOA through resolvers.
      const provider = createProvider('lx', lexiconConfig(), deps());
      const a = { fqdn, value: 'value-a', ttl: 5 };
      const b = { fqdn, value: 'value-b', ttl: 5 };
      await Promise.all([provider.present(a), provider.present(b)]);
      expect((await txtOn(bed.pdns.server, fqdn)).sort()).toEqual(['"keep-me"', '"value-a"', '"value-b"']);
      await provider.cleanup(a);
      expect((await txtOn(bed.pdns.server, fqdn)).sort()).toEqual(['"keep-me"', '"value-b"']);
      await provider.cleanup(b);
      await provider.cleanup(b); // twice is harmless
      expect(await txtOn(bed.pdns.server, fqdn)).toEqual(['"keep-me"']);
    } finally {
      await native.cleanup(other);
    }
    expect(await txtOn(bed.pdns.server, fqdn)).toEqual([]);
  });

  it('issues from Pebble: a single name, and apex + wildcard (two values on one name)', async () => {
    const single = `${label('lx')}.${z}`;
    const apex = `${label('lx')}.${z}`;
    const settings = withJobEnv(
      acmeSettings(bed, {
        dns: { lx: lexiconConfig({ zones: [z] }) },
        certificates: {
          one: { domains: [single], dns: 'lx' },
          wild: { domains: [apex, `*.${apex}`], dns: 'lx' },
        },
      }),
    );
    const results = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
    for (const r of results) {
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    }
    const wild = results.find((r) => r.name === 'wild');
    if (wild?.ok) expect(leafFacts(wild.certificate.fullchainPem).names.sort()).toEqual([`*.${apex}`, apex]);
    for (const n of [single, apex]) expect(await txtOn(bed.pdns.server, `_acme-challenge.${n}`)).toEqual([]);
  });

  it('cleans up after a failed order (the record never propagates where certflow looks)', async () => {
    const apex = `${label('lx')}.${z}`;
    const settings = withJobEnv(
      acmeSettings(bed, {
        // A resolver that never answers: the propagation check times out after present.
        dns: { lx: lexiconConfig({ zones: [z], resolvers: ['127.0.0.1:9'], 'propagation-timeout': '2s' }) },
        certificates: { wild: { domains: [apex, `*.${apex}`], dns: 'lx' } },
      }),
    );
    const log = new MemoryLogger();
    const [r] = await issueCertificates(settings, dueAll(settings), new Map(), log);
    expect(r?.ok).toBe(false);
    expect(await txtOn(bed.pdns.server, `_acme-challenge.${apex}`)).toEqual([]);
    // And lexicon did write first: the cleanup had something to remove.
    expect(log.lines.join('\n')).toMatch(/propagat/i);
  });

  it('names the provider and keeps a refused token out of the error', async () => {
    const wrong = `wrong-token-${label()}-0123456789`;
    const provider = createProvider('lx', lexiconConfig({ zones: [z] }, wrong), deps());
    const error = await provider
      .present({ fqdn: `_acme-challenge.${label()}.${z}`, value: 'v', ttl: 5 })
      .catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^lexicon \(dns\.lx\): `lexicon powerdns create pdns\.test TXT/);
    expect((error as Error).message).toMatch(/exited with 1/);
    expect((error as Error).message).not.toContain(wrong);
  });

  it('refuses a provider name or variable that could smuggle options, in the schema', async () => {
    const { dnsProviderSchema } = await import('../../src/config/schema.js');
    const parse = (entry: Record<string, unknown>) =>
      dnsProviderSchema.safeParse({ type: 'lexicon', ...entry });
    expect(
      parse({ provider: 'powerdns', env: { LEXICON_POWERDNS_AUTH_TOKEN: envRef('PDNS_KEY') } }).success,
    ).toBe(true);
    expect(parse({ provider: '--config-dir=/tmp', env: {} }).success).toBe(false);
    expect(parse({ provider: 'powerdns', env: { LD_PRELOAD: envRef('X') } }).success).toBe(false);
    // A credential written in clear in the file.
    expect(parse({ provider: 'powerdns', env: { LEXICON_POWERDNS_AUTH_TOKEN: 'abc123' } }).success).toBe(
      false,
    );
  });
});
