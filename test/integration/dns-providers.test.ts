/**
 * cloudflare and route53 against local servers that follow those APIs' references and check what
 * they receive (test/support/fake-*.ts). The providers are driven directly (no DNS involved), then
 * through a full issuance from Pebble: the fakes mirror each TXT change into bind, so the CA and
 * our propagation check see real DNS, and no check is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import type { DnsProviderConfig } from '../../src/config/schema.js';
import type { DnsProvider } from '../../src/dns/provider.js';
import { createProvider } from '../../src/dns/providers/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, dueAll, label, txtOn, verifyChain } from '../support/acme.js';
import { type FakeCloudflare, startFakeCloudflare } from '../support/fake-cloudflare.js';
import { type FakeRoute53, startFakeRoute53 } from '../support/fake-route53.js';
import { loadTestbed, nsupdate } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;
const deps = { log: new MemoryLogger(), workspace: process.cwd() };

/** Copies a TXT change made through a fake API into bind. */
async function mirror(op: 'add' | 'delete', name: string, value: string) {
  const r = await nsupdate(bed, [`zone ${z}`, `update ${op} ${name}. 5 TXT "${value}"`]);
  if (r.code !== 0) throw new Error(`mirror to bind failed: ${r.stderr}`);
}

let cf: FakeCloudflare;
let r53: FakeRoute53;
beforeAll(async () => {
  cf = await startFakeCloudflare({ zones: [z], mirror });
  r53 = await startFakeRoute53({ zones: [z], mirror });
});
afterAll(async () => {
  await cf?.close();
  await r53?.close();
});

const cfConfig = (token = cf.token): DnsProviderConfig =>
  ({
    type: 'cloudflare',
    'api-token': token,
    'api-url': cf.url,
    resolvers: [bed.dns.server],
    'propagation-timeout': '10s',
    ttl: 60,
  }) as DnsProviderConfig;
const r53Config = (key = r53.accessKeyId): DnsProviderConfig =>
  ({
    type: 'route53',
    'access-key-id': key,
    'secret-access-key': r53.secretAccessKey,
    region: 'us-east-1',
    endpoint: r53.endpoint,
    resolvers: [bed.dns.server],
    'propagation-timeout': '10s',
    ttl: 60,
  }) as DnsProviderConfig;

async function twoValuesOneName(provider: DnsProvider, valuesOf: (fqdn: string) => string[]) {
  const fqdn = `_acme-challenge.${label()}.${z}`;
  const values = () => valuesOf(fqdn);
  const a = { fqdn, value: 'value-a', ttl: 60 };
  const b = { fqdn, value: 'value-b', ttl: 60 };
  await Promise.all([provider.present(a), provider.present(b)]);
  expect(values().sort()).toEqual(['value-a', 'value-b']);
  await provider.cleanup(a);
  expect(values()).toEqual(['value-b']);
  await provider.cleanup(b);
  expect(values()).toEqual([]);
  await provider.cleanup(b); // twice is harmless
  return fqdn;
}

describe('cloudflare (fake API v4)', () => {
  it('creates one record per value, deletes exactly the one it created', async () => {
    const provider = createProvider('cf', cfConfig(), deps);
    await twoValuesOneName(provider, (fqdn) =>
      cf.records.filter((r) => r.name === fqdn).map((r) => r.content),
    );
    const zoneId = cf.zones[0]?.id;
    expect(cf.requests).toContain(`GET /client/v4/zones?name=${z}`);
    expect(cf.requests.filter((r) => r === `POST /client/v4/zones/${zoneId}/dns_records`)).toHaveLength(2);
    expect(
      cf.requests.filter((r) => r.startsWith(`DELETE /client/v4/zones/${zoneId}/dns_records/`)),
    ).toHaveLength(2);
  });

  it('says what is wrong with a refused token or an unknown zone', async () => {
    const bad = createProvider('cf', cfConfig('wrong-token'), deps);
    await expect(bad.present({ fqdn: `_acme-challenge.x.${z}`, value: 'v', ttl: 60 })).rejects.toThrow(
      /^cloudflare \(dns\.cf\): GET \/zones\?name=.*Authentication error \(code 10000\)/,
    );
    const provider = createProvider('cf', cfConfig(), deps);
    await expect(
      provider.present({ fqdn: '_acme-challenge.x.elsewhere.test', value: 'v', ttl: 60 }),
    ).rejects.toThrow(/no zone of this account contains _acme-challenge\.x\.elsewhere\.test/);
  });

  it('issues a certificate from Pebble (the fake mirrors into bind)', async () => {
    const n = `${label('cf')}.${z}`;
    const settings = acmeSettings(bed, {
      dns: { cf: cfConfig() },
      certificates: { c: { domains: [n, `*.${n}`], dns: 'cf' } },
    });
    const [r] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    expect(cf.records.filter((x) => x.name === `_acme-challenge.${n}`)).toEqual([]);
    expect(await txtOn(bed.dns.server, `_acme-challenge.${n}`)).toEqual([]);
  });
});

describe('route53 (fake REST/XML API, official SDK)', () => {
  it('UPSERTs the merged set, removes only its value, DELETEs the last one, waits for INSYNC', async () => {
    const provider = createProvider('r53', r53Config(), deps);
    const zoneId = r53.zones[0]?.id as string;
    await twoValuesOneName(provider, (fqdn) =>
      (r53.sets.get(zoneId)?.find((s) => s.name === `${fqdn}.`)?.values ?? []).map((v) => v.slice(1, -1)),
    );
    expect(r53.requests.some((r) => r.startsWith(`GET /2013-04-01/hostedzonesbyname?dnsname=`))).toBe(true);
    expect(r53.requests.some((r) => r.startsWith(`POST /2013-04-01/hostedzone/${zoneId}/rrset`))).toBe(true);
    expect(r53.requests.some((r) => r.startsWith('GET /2013-04-01/change/'))).toBe(true);
    expect(
      r53.changeBodies.some(
        (b) => b.includes('<Action>UPSERT</Action>') && b.includes('value-a') && b.includes('value-b'),
      ),
    ).toBe(true);
    expect(r53.changeBodies.at(-1)).toContain('<Action>DELETE</Action>');
  });

  it('says what is wrong with refused credentials', async () => {
    const bad = createProvider('r53', r53Config('AKIAWRONGWRONGWRONG'), deps);
    const error = await bad
      .present({ fqdn: `_acme-challenge.x.${z}`, value: 'v', ttl: 60 })
      .catch((e: Error & { hint?: string }) => e);
    expect((error as Error).message).toMatch(
      /^route53 \(dns\.r53\): finding the hosted zone of .*InvalidClientTokenId/,
    );
    expect((error as { hint?: string }).hint).toMatch(/credentials were refused/);
  });

  it('issues a certificate from Pebble (the fake mirrors into bind)', async () => {
    const n = `${label('r')}.${z}`;
    const settings = acmeSettings(bed, {
      dns: { r53: r53Config() },
      certificates: { c: { domains: [n, `*.${n}`], dns: 'r53' } },
    });
    const [r] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    expect(await txtOn(bed.dns.server, `_acme-challenge.${n}`)).toEqual([]);
  });
});
