/**
 * Linode's (Akamai's) API v4 Domains, checked against test/support/openapi/linode.json:
 * `Authorization: Bearer <token>` (else 401 `{errors: [{reason: "Invalid Token"}]}`); domains
 * listed by page (`page`, `page_size` 25..500; `{data, page, pages, results}`) and filtered with
 * the `X-Filter` header; records with a name relative to the domain ('' for the apex) in
 * `target`, `ttl_sec`; created with 200 and the record, deleted with 200 `{}`. The account holds
 * filler domains listed before the bed's zone, and pages can be made small, so a client that does
 * not follow pages never finds its zone.
 */
import { randomBytes } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { paginate, RecordStore, type StoredRecord, storeParts } from './records.js';
import { absolute, bearer, type FakeApi, type FakeReply, relative, startFake } from './server.js';
import type { ProviderKit } from './suite.js';

export interface FakeLinode {
  api: FakeApi;
  url: string;
  token: string;
  store: RecordStore;
  /** Largest page the fake hands out (Linode: 500). */
  maxPageSize: number;
}

const error = (status: number, reason: string, field?: string): FakeReply => ({
  status,
  body: { errors: [field ? { field, reason } : { reason }] },
});

export async function startFakeLinode(bind: BindWriter, zones: string[]): Promise<FakeLinode> {
  const token = randomBytes(32).toString('hex');
  const store = new RecordStore(bind, zones);
  const fillers = Array.from({ length: 30 }, (_, i) => `filler-${i}.example`);
  const domains = [...fillers, ...zones].map((domain, i) => ({ id: 1000 + i, domain }));
  const fake = { maxPageSize: 500 } as FakeLinode;
  const created = new Map<number, string>();

  const page = <T>(all: T[], q: URLSearchParams) => {
    const size = Math.min(Number(q.get('page_size') ?? 100), fake.maxPageSize);
    const n = Number(q.get('page') ?? 1);
    const { items, last } = paginate(all, n, size);
    return { data: items, page: n, pages: last, results: all.length };
  };
  const filter = (req: { headers: Record<string, string | string[] | undefined> }) => {
    const raw = req.headers['x-filter'];
    return typeof raw === 'string' ? (JSON.parse(raw) as Record<string, unknown>) : {};
  };
  const recordBody = (r: StoredRecord, zone: string) => ({
    id: r.id,
    type: r.type,
    name: relative(r.name, zone, ''),
    target: r.value,
    priority: 0,
    weight: 0,
    port: 0,
    service: null,
    protocol: null,
    ttl_sec: r.ttl,
    tag: null,
    created: created.get(r.id) ?? '2025-01-01T00:00:00',
    updated: created.get(r.id) ?? '2025-01-01T00:00:00',
  });

  const api = await startFake({
    name: 'linode',
    openapi: 'linode.json',
    auth: (req) => (bearer(req, token) ? undefined : error(401, 'Invalid Token')),
    handle: async (req) => {
      if (req.operationId === 'get-domains') {
        const f = filter(req);
        const all = domains
          .filter((d) => f.domain === undefined || d.domain === f.domain)
          .map((d) => ({
            id: d.id,
            domain: d.domain,
            type: 'master',
            status: 'active',
            soa_email: `hostmaster@${d.domain}`,
            description: '',
            tags: [],
            ttl_sec: 0,
            refresh_sec: 0,
            retry_sec: 0,
            expire_sec: 0,
            axfr_ips: [],
            master_ips: [],
            group: '',
          }));
        return { status: 200, body: page(all, req.query) };
      }
      const domain = domains.find((d) => d.id === Number(req.params.domainId));
      const zone = domain && store.zone(domain.domain);
      if (!zone) return error(404, 'Not found');
      if (req.operationId === 'get-domain-records') {
        const f = filter(req);
        const all = store.records
          .filter((r) => r.zone === zone)
          .map((r) => recordBody(r, zone))
          .filter(
            (r) => (f.name === undefined || r.name === f.name) && (f.type === undefined || r.type === f.type),
          );
        return { status: 200, body: page(all, req.query) };
      }
      if (req.operationId === 'post-domain-record') {
        const body = req.body as { type: string; name?: string; target?: string; ttl_sec?: number };
        if (body.type !== 'TXT') return error(400, 'only TXT in this fake', 'type');
        if (!body.target) return error(400, 'Target is required', 'target');
        // Linode rounds a TTL to the next value it offers.
        const steps = [300, 3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800, 1209600, 2419200];
        const ttl = steps.find((s) => s >= (body.ttl_sec ?? 0)) ?? 2419200;
        const r = await store.add(zone, absolute(body.name ?? '', zone), 'TXT', body.target, ttl);
        created.set(r.id, new Date().toISOString().slice(0, 19));
        return { status: 200, body: recordBody(r, zone) };
      }
      const r = store.find(zone, Number(req.params.recordId));
      if (!r) return error(404, 'Not found');
      await store.remove(r);
      return { status: 200, body: {} };
    },
  });
  return Object.assign(fake, { api, url: `${api.origin}/v4`, token, store });
}

export const linodeKit: ProviderKit = {
  type: 'linode',
  async start(bed, bind) {
    const fake = await startFakeLinode(bind, [bed.dns.zone]);
    fake.maxPageSize = 25;
    return {
      api: fake.api,
      config: (secret = fake.token) => ({ type: 'linode', token: secret, 'api-url': fake.url }),
      secrets: [fake.token],
      ...storeParts(fake.store, bed.dns.zone),
      refusal: (secret) => error(401, `Invalid Token: ${secret}`),
      create: { method: 'POST', path: /^\/v4\/domains\/\d+\/records$/ },
      createRefusal: error(400, 'Too many records for this domain'),
      close: () => fake.api.close(),
    };
  },
};
