/**
 * acme-dns against a fake acme-dns server (test/support/fakes/acme-dns.ts) that serves its
 * values through the bed's bind under challenges.test: accounts are registered as a user would,
 * `_acme-challenge.<name>` is a real CNAME in bind to the account's fulldomain, and Pebble checks
 * the value through it. acme-dns has no delete, so "nothing left" means: the account's name holds
 * only values of the last order, and the user's own name holds no TXT of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import type { DnsProviderConfig } from '../../src/config/schema.js';
import { createProvider } from '../../src/dns/providers/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, dueAll, label, txtOn, verifyChain } from '../support/acme.js';
import { type FakeAcmeDns, startFakeAcmeDns } from '../support/fakes/acme-dns.js';
import { bindWriter } from '../support/fakes/bind.js';
import { RawLogger } from '../support/fakes/suite.js';
import { dig, loadTestbed, nsupdate } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;
let fake: FakeAcmeDns;
const cnames: string[] = [];

interface Account {
  username: string;
  password: string;
  subdomain: string;
  fulldomain: string;
}

async function register(): Promise<Account> {
  const res = await fetch(`${fake.url}/register`, { method: 'POST' });
  expect(res.status).toBe(201);
  return (await res.json()) as Account;
}

/** `_acme-challenge.<name>` CNAME to the account, in bind, as the user sets it up once. */
async function delegate(name: string, account: Account) {
  const from = `_acme-challenge.${name}`;
  const r = await nsupdate(bed, [`zone ${z}`, `update add ${from}. 60 CNAME ${account.fulldomain}.`]);
  expect(r.code, r.stderr).toBe(0);
  cnames.push(from);
}

const config = (a: Account, password = a.password) =>
  ({
    type: 'acme-dns',
    'api-url': fake.url,
    username: a.username,
    password,
    subdomain: a.subdomain,
    fulldomain: a.fulldomain,
    resolvers: [bed.dns.server],
    'propagation-timeout': '15s',
    ttl: 60,
  }) as unknown as DnsProviderConfig;

async function issue(domains: string[], a: Account, log = new MemoryLogger(), password?: string) {
  const settings = acmeSettings(bed, {
    dns: { adns: config(a, password) },
    certificates: { c: { domains, dns: 'adns' } },
  });
  const [r] = await issueCertificates(settings, dueAll(settings), new Map(), log);
  return r;
}

beforeAll(async () => {
  fake = await startFakeAcmeDns(bindWriter(bed), bed.dns.challengeZone);
});
afterAll(async () => {
  for (const name of cnames) await nsupdate(bed, [`zone ${z}`, `update delete ${name}. CNAME`]);
  const bind = bindWriter(bed);
  for (const a of fake?.accounts ?? [])
    for (const v of fake.values(a.subdomain)) await bind.remove(a.fulldomain, v);
  await fake?.api.close();
});

describe('acme-dns (fake server writing through to bind)', () => {
  it('issues apex + wildcard through the CNAME: both values live at once, nothing under the name itself', async () => {
    const a = await register();
    const n = `${label()}.${z}`;
    await delegate(n, a);
    const r = await issue([n, `*.${n}`], a);
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    const updates = fake.api.calls.filter((c) => c.url === '/update');
    expect(updates.map((c) => c.status)).toEqual([200, 200]);
    // The account holds exactly the two values of this order, bind serves exactly those.
    const sent = updates.map((c) => (c.body as { txt: string }).txt).sort();
    expect(fake.values(a.subdomain).sort()).toEqual(sent);
    expect((await txtOn(bed.dns.server, a.fulldomain)).sort()).toEqual(sent.map((v) => `"${v}"`));
    // The user's name is only the CNAME.
    expect(await dig(bed.dns.server, `_acme-challenge.${n}`, 'CNAME')).toEqual([`${a.fulldomain}.`]);
  });

  it('issues a single name; the next order pushes the old values out', async () => {
    const a = await register();
    const n = `${label()}.${z}`;
    await delegate(n, a);
    for (let i = 0; i < 2; i++) {
      const r = await issue([n], a);
      expect(r?.ok, JSON.stringify(r)).toBe(true);
    }
    expect(fake.values(a.subdomain)).toHaveLength(2);
  });

  it('refuses a third value in flight on one account instead of pushing out one still needed', async () => {
    const a = await register();
    const n = `${label()}.${z}`;
    await delegate(n, a);
    await delegate(`www.${n}`, a);
    const r = await issue([n, `*.${n}`, `www.${n}`], a);
    expect(r?.ok).toBe(false);
    if (r && !r.ok) expect(r.error.message).toMatch(/acme-dns keeps only 2|third value/);
  });

  it('says to add the CNAME when the name is not delegated to the account', async () => {
    const a = await register();
    const provider = createProvider('adns', config(a), { log: new MemoryLogger(), workspace: process.cwd() });
    await expect(
      provider.present({ fqdn: `_acme-challenge.nope.${z}`, value: 'v'.repeat(43), ttl: 60 }),
    ).rejects.toThrow(/^acme-dns \(dns\.adns\): acme-dns writes only .*, not _acme-challenge\.nope/);
  });

  it('a failed update fails the order with acme-dns words; a refused password never reaches errors or logs', async () => {
    const a = await register();
    const n = `${label()}.${z}`;
    await delegate(n, a);
    fake.api.inject({ path: /^\/update$/ }, { status: 400, body: { error: 'bad_subdomain' } }, { skip: 1 });
    const failed = await issue([n, `*.${n}`], a);
    fake.api.clearInjected();
    expect(failed?.ok).toBe(false);
    if (failed && !failed.ok) expect(failed.error.message).toMatch(/HTTP 400: bad_subdomain/);

    const wrong = `${label()}${label()}${label()}${label()}${label()}`.slice(0, 40);
    fake.api.inject({}, { status: 401, body: { error: `forbidden for key ${wrong}` } }, { times: 50 });
    const log = new RawLogger();
    const r = await issue([n], a, log, wrong);
    fake.api.clearInjected();
    expect(r?.ok).toBe(false);
    const text = JSON.stringify(r);
    expect(text).toMatch(/acme-dns \(dns\.adns\).*HTTP 401/);
    expect(text).not.toContain(wrong);
    expect(log.raw.join('\n')).not.toContain(wrong);
    expect(log.secrets).toContain(wrong);
  });
});
