/**
 * The checks every native API provider goes through, against its fake (which writes through to
 * the bed's bind): two values on one name with a stranger's value beside them, a Pebble
 * certificate for one name and for apex + wildcard with no TXT left after, cleanup after a forced
 * failure, a refused token whose echo in the API's answer never reaches an error or a log line,
 * and no request or answer off the provider's published API description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../../src/acme/issue.js';
import type { DnsProviderConfig } from '../../../src/config/schema.js';
import { createProvider } from '../../../src/dns/providers/index.js';
import type { Logger } from '../../../src/util/log.js';
import { MemoryLogger } from '../../../src/util/log.js';
import { acmeSettings, dueAll, label, txtOn, verifyChain } from '../acme.js';
import { loadTestbed, type Testbed } from '../testbed.js';
import { type BindWriter, bindWriter } from './bind.js';
import { type CallMatch, type FakeApi, type FakeReply, matches } from './server.js';

export interface FakeHandle {
  api: FakeApi;
  /** The provider's config entry (auth from `secret`), pointed at the fake. */
  config(secret?: string): Record<string, unknown>;
  /** Every credential value the config carries: none may leak. */
  secrets: string[];
  /** TXT values the fake holds for a name. */
  values(fqdn: string): string[];
  /** A value put on a name by someone else (another tool, another run): it must survive. */
  seed(fqdn: string, value: string): Promise<void>;
  /** Removes a seeded value. */
  unseed(fqdn: string, value: string): Promise<void>;
  /** The API's answer to a refused credential, echoing `secret` the way a careless API might. */
  refusal(secret: string): FakeReply;
  /** The calls that write a value (to inject a refusal there). */
  create: CallMatch;
  /** The provider's own refusal of a create (quota, validation). */
  createRefusal: FakeReply;
  close(): Promise<void>;
}

export interface ProviderKit {
  type: string;
  start(bed: Testbed, bind: BindWriter): Promise<FakeHandle>;
}

/** A logger that keeps lines as written (no redaction) and the secrets it was told of. */
export class RawLogger extends MemoryLogger {
  readonly raw: string[] = [];
  readonly secrets: string[] = [];
  override debug(m: string) {
    this.raw.push(m);
    super.debug(m);
  }
  override info(m: string) {
    this.raw.push(m);
    super.info(m);
  }
  override warn(m: string) {
    this.raw.push(m);
    super.warn(m);
  }
  override error(m: string) {
    this.raw.push(m);
    super.error(m);
  }
  override secret(v: string) {
    this.secrets.push(v);
    super.secret(v);
  }
}

const common = { resolvers: [] as string[], 'propagation-timeout': '15s', ttl: 60 };

export function providerSuite(kit: ProviderKit): void {
  const bed = loadTestbed();
  const z = bed.dns.zone;
  let fake: FakeHandle;
  const config = (secret?: string) =>
    ({ ...common, resolvers: [bed.dns.server], ...fake.config(secret) }) as unknown as DnsProviderConfig;

  beforeAll(async () => {
    fake = await kit.start(bed, bindWriter(bed));
  });
  afterAll(async () => {
    await fake?.close();
  });

  async function issue(domains: string[], log: Logger = new MemoryLogger(), secret?: string) {
    const settings = acmeSettings(bed, {
      dns: { p: config(secret) },
      certificates: { c: { domains, dns: 'p' } },
    });
    const [r] = await issueCertificates(settings, dueAll(settings), new Map(), log);
    return r;
  }

  describe(`${kit.type} (fake API writing through to bind)`, () => {
    it('adds and removes exactly its own values; a stranger value on the name stays', async () => {
      const log = new RawLogger();
      const provider = createProvider('p', config(), { log, workspace: process.cwd() });
      const fqdn = `_acme-challenge.${label()}.${z}`;
      await fake.seed(fqdn, 'someone-elses-value');
      try {
        const a = { fqdn, value: 'value-a', ttl: 60 };
        const b = { fqdn, value: 'value-b', ttl: 60 };
        await Promise.all([provider.present(a), provider.present(b)]);
        expect(fake.values(fqdn).sort()).toEqual(['someone-elses-value', 'value-a', 'value-b']);
        expect((await txtOn(bed.dns.server, fqdn)).sort()).toEqual([
          '"someone-elses-value"',
          '"value-a"',
          '"value-b"',
        ]);
        await provider.cleanup(a);
        expect(fake.values(fqdn).sort()).toEqual(['someone-elses-value', 'value-b']);
        await provider.cleanup(b);
        await provider.cleanup(b); // twice is harmless
        expect(fake.values(fqdn)).toEqual(['someone-elses-value']);
        // A new instance (a rerun after a crash) finds a value by name and content to remove it.
        await provider.present(a);
        await createProvider('p', config(), { log, workspace: process.cwd() }).cleanup(a);
        expect(fake.values(fqdn)).toEqual(['someone-elses-value']);
      } finally {
        await fake.unseed(fqdn, 'someone-elses-value');
      }
      expect(await txtOn(bed.dns.server, fqdn)).toEqual([]);
      for (const s of fake.secrets) expect(log.secrets).toContain(s);
    });

    it('issues a Pebble certificate for one name, then nothing is left', async () => {
      const n = `${label()}.${z}`;
      const r = await issue([n]);
      expect(r?.ok, JSON.stringify(r)).toBe(true);
      if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
      expect(fake.values(`_acme-challenge.${n}`)).toEqual([]);
      expect(await txtOn(bed.dns.server, `_acme-challenge.${n}`)).toEqual([]);
    });

    it('issues apex + wildcard (two values on one name), then nothing is left', async () => {
      const n = `${label()}.${z}`;
      const r = await issue([n, `*.${n}`]);
      expect(r?.ok, JSON.stringify(r)).toBe(true);
      if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
      expect(fake.values(`_acme-challenge.${n}`)).toEqual([]);
      expect(await txtOn(bed.dns.server, `_acme-challenge.${n}`)).toEqual([]);
    });

    it('removes the value it wrote when the order fails (second value refused)', async () => {
      const n = `${label()}.${z}`;
      // The first write passes, the second is refused: the first value must still go.
      const before = fake.api.calls.length;
      fake.api.inject(fake.create, fake.createRefusal, { skip: 1 });
      const r = await issue([n, `*.${n}`]);
      fake.api.clearInjected();
      expect(r?.ok).toBe(false);
      const writes = fake.api.calls
        .slice(before)
        .filter((c) => matches(fake.create, c.method, c.url.split('?')[0] ?? ''));
      // (Calls are recorded as they finish: the refused one may come first.)
      expect(writes.filter((c) => c.status < 300).length).toBeGreaterThanOrEqual(1);
      expect(writes.filter((c) => c.status === fake.createRefusal.status)).toHaveLength(1);
      expect(fake.values(`_acme-challenge.${n}`)).toEqual([]);
      expect(await txtOn(bed.dns.server, `_acme-challenge.${n}`)).toEqual([]);
    });

    it('a refused credential echoed by the API reaches no error and no log line', async () => {
      const wrong = `wrong-${label()}-${label()}`;
      const refusal = fake.refusal(wrong);
      fake.api.inject({}, refusal, { times: 100 });
      const log = new RawLogger();
      const r = await issue([`${label()}.${z}`], log, wrong);
      fake.api.clearInjected();
      expect(r?.ok).toBe(false);
      const text = JSON.stringify(r);
      expect(text).toMatch(new RegExp(`${kit.type} \\(dns\\.p\\)`));
      expect(text).toContain(`HTTP ${refusal.status}`);
      expect(text).not.toContain(wrong);
      expect(log.raw.join('\n')).not.toContain(wrong);
      expect(log.secrets).toContain(wrong);
    });

    it('made no request and got no answer off the published API description', () => {
      expect(fake.api.violations).toEqual([]);
    });
  });
}
