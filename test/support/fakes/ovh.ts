/**
 * The OVHcloud API v1 on loopback (test/support/openapi/ovh.json), as a DNS-01 client meets it:
 * - every call but `GET /auth/time` is signed: X-Ovh-Application (a known application key),
 *   X-Ovh-Consumer (a consumer key of that application), X-Ovh-Timestamp within 30 s of the
 *   server's clock (which runs an hour ahead of this machine's, so a client must ask /auth/time),
 *   and X-Ovh-Signature = `$1$` + SHA-1 of `secret+consumer+METHOD+full URL+body+timestamp`,
 *   recomputed here from the request as received;
 * - records of a zone are created, listed, read and deleted one by one (TXT `target` unquoted),
 *   but reach the zone's DNS servers only at `POST /domain/zone/{zone}/refresh`, as on OVHcloud:
 *   a client that forgets it never sees its record served.
 * Served TXT values are written through to the bed's bind.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { type FakeApi, type FakeReply, startFake } from './server.js';
import type { ProviderKit } from './suite.js';

export interface OvhRecord {
  id: number;
  zone: string;
  subDomain: string;
  fieldType: string;
  target: string;
  ttl: number;
}

export interface FakeOvh {
  api: FakeApi;
  /** The API root, `<origin>/1.0`. */
  url: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  records: OvhRecord[];
  /** TXT values the zone's servers serve (changed by refresh only). */
  served: Set<string>;
  /** Seconds the server's clock is ahead of this machine's. */
  skewSeconds: number;
}

const fail = (status: number, message: string, errorCode?: string): FakeReply => ({
  status,
  body: errorCode ? { errorCode, httpCode: `${status}`, message } : { message },
});

export async function startFakeOvh(bind: BindWriter, zones: string[]): Promise<FakeOvh> {
  const applicationKey = randomBytes(8).toString('hex');
  const applicationSecret = randomBytes(16).toString('hex');
  const consumerKey = randomBytes(16).toString('hex');
  const skewSeconds = 3600;
  const now = () => Math.floor(Date.now() / 1000) + skewSeconds;
  const records: OvhRecord[] = [];
  const served = new Set<string>();
  let nextId = 5_000_000;
  let origin = '';
  const fqdnOf = (r: { zone: string; subDomain: string }) =>
    r.subDomain ? `${r.subDomain}.${r.zone}` : r.zone;
  const key = (fqdn: string, value: string) => `${fqdn}|${value}`;

  let refreshing: Promise<unknown> = Promise.resolve();
  const refresh = async (zone: string) => {
    const want = new Set(records.filter((r) => r.zone === zone).map((r) => key(fqdnOf(r), r.target)));
    for (const k of want) {
      if (served.has(k)) continue;
      const [fqdn, value] = k.split('|') as [string, string];
      await bind.add(fqdn, value, 60);
      served.add(k);
    }
    for (const k of [...served]) {
      const [fqdn, value] = k.split('|') as [string, string];
      if (want.has(k) || (fqdn !== zone && !fqdn.endsWith(`.${zone}`))) continue;
      await bind.remove(fqdn, value);
      served.delete(k);
    }
  };

  const api = await startFake({
    name: 'ovh',
    openapi: 'ovh.json',
    auth: (req) => {
      if (req.operationId === 'auth.time.get') return undefined;
      const h = (name: string) => String(req.headers[name] ?? '');
      if (h('x-ovh-application') !== applicationKey)
        return fail(403, 'Invalid application key', 'INVALID_KEY');
      if (h('x-ovh-consumer') !== consumerKey)
        return fail(403, 'This credential does not exist', 'INVALID_CREDENTIAL');
      const ts = Number(h('x-ovh-timestamp'));
      if (!Number.isInteger(ts) || Math.abs(ts - now()) > 30)
        return fail(400, 'Query out of time', 'QUERY_TIME_OUT');
      const query = req.query.toString();
      const url = `${origin}${req.path}${query ? `?${query}` : ''}`;
      const body =
        req.body === undefined ? '' : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      const want = `$1$${createHash('sha1')
        .update([applicationSecret, consumerKey, req.method, url, body, String(ts)].join('+'))
        .digest('hex')}`;
      return h('x-ovh-signature') === want ? undefined : fail(400, 'Invalid signature', 'INVALID_SIGNATURE');
    },
    handle: async (req) => {
      if (req.operationId === 'auth.time.get') return { status: 200, body: now() };
      if (req.operationId === 'domain.zone.list') return { status: 200, body: zones };
      const zone = zones.find((z) => z === req.params.zoneName);
      if (!zone) return fail(404, `This service does not exist`);
      if (req.operationId === 'domain.zone.record.list') {
        const type = req.query.get('fieldType');
        const sub = req.query.get('subDomain');
        const ids = records
          .filter(
            (r) =>
              r.zone === zone && (!type || r.fieldType === type) && (sub === null || r.subDomain === sub),
          )
          .map((r) => r.id);
        return { status: 200, body: ids };
      }
      if (req.operationId === 'domain.zone.record.create') {
        const b = req.body as { fieldType: string; subDomain?: string; target: string; ttl?: number };
        if (b.fieldType !== 'TXT') return fail(400, 'only TXT in this fake');
        if (/^".*"$/.test(b.target)) return fail(400, 'Invalid TXT target: give the text without quotes');
        const record: OvhRecord = {
          id: nextId++,
          zone,
          subDomain: (b.subDomain ?? '').toLowerCase(),
          fieldType: 'TXT',
          target: b.target,
          ttl: b.ttl ?? 0,
        };
        records.push(record);
        return { status: 200, body: record };
      }
      if (req.operationId === 'domain.zone.refresh') {
        // One refresh of a zone at a time, as on OVHcloud: each applies the records as they are then.
        const run = refreshing.then(() => refresh(zone));
        refreshing = run.catch(() => undefined);
        await run;
        return { status: 200, body: null };
      }
      const id = Number(req.params.id);
      const at = records.findIndex((r) => r.zone === zone && r.id === id);
      if (at < 0) return fail(404, `The requested object (id = ${id}) does not exist`);
      if (req.operationId === 'domain.zone.record.get') return { status: 200, body: records[at] };
      records.splice(at, 1); // domain.zone.record.delete: served until the next refresh
      return { status: 200, body: null };
    },
  });
  origin = api.origin;
  return {
    api,
    url: `${api.origin}/1.0`,
    applicationKey,
    applicationSecret,
    consumerKey,
    records,
    served,
    skewSeconds,
  };
}

export const ovhKit: ProviderKit = {
  type: 'ovh',
  async start(bed, bind) {
    const fake = await startFakeOvh(bind, [bed.dns.zone]);
    const seeded = new Map<string, OvhRecord>();
    const z = bed.dns.zone;
    return {
      api: fake.api,
      config: (secret = fake.applicationSecret) => ({
        type: 'ovh',
        'application-key': fake.applicationKey,
        'application-secret': secret,
        'consumer-key': fake.consumerKey,
        'api-url': fake.url,
      }),
      secrets: [fake.applicationSecret, fake.consumerKey],
      values: (fqdn) =>
        fake.records
          .filter((r) => (r.subDomain ? `${r.subDomain}.${r.zone}` : r.zone) === fqdn)
          .map((r) => r.target),
      async seed(fqdn, value) {
        const r: OvhRecord = {
          id: 9_000_000 + seeded.size,
          zone: z,
          subDomain: fqdn.slice(0, -(z.length + 1)),
          fieldType: 'TXT',
          target: value,
          ttl: 3600,
        };
        fake.records.push(r);
        seeded.set(`${fqdn}|${value}`, r);
        await bind.add(fqdn, value, 60);
        fake.served.add(`${fqdn}|${value}`);
      },
      async unseed(fqdn, value) {
        const r = seeded.get(`${fqdn}|${value}`);
        if (!r) return;
        fake.records.splice(fake.records.indexOf(r), 1);
        await bind.remove(fqdn, value);
        fake.served.delete(`${fqdn}|${value}`);
      },
      refusal: (secret) =>
        fail(403, `Invalid signature for application secret ${secret}`, 'INVALID_SIGNATURE'),
      create: { method: 'POST', path: /\/record$/ },
      createRefusal: fail(403, 'This call has not been granted', 'NOT_GRANTED_CALL'),
      close: () => fake.api.close(),
    };
  },
};
