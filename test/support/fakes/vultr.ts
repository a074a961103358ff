/**
 * Vultr's API v2 DNS, checked against test/support/openapi/vultr.json: `Authorization: Bearer
 * <key>` (else 401 `{error, status}`); domains and records listed with cursor pagination
 * (`per_page`, `cursor`; `meta.links.next` is the next cursor, '' at the end); record names
 * relative to the domain ('' for the apex); TXT data stored and returned quoted; record ids are
 * UUIDs; created with 201 `{record}`, deleted with 204. Filler domains come first and pages can
 * be made small, so a client that does not follow cursors never finds its zone.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { RecordStore, type StoredRecord, storeParts } from './records.js';
import { absolute, bearer, type FakeApi, type FakeReply, relative, startFake, unquote } from './server.js';
import type { ProviderKit } from './suite.js';

export interface FakeVultr {
  api: FakeApi;
  url: string;
  token: string;
  store: RecordStore;
  maxPerPage: number;
}

const error = (status: number, message: string): FakeReply => ({ status, body: { error: message, status } });

export async function startFakeVultr(bind: BindWriter, zones: string[]): Promise<FakeVultr> {
  const token = randomBytes(18).toString('hex').toUpperCase();
  const store = new RecordStore(bind, zones);
  const domains = [...Array.from({ length: 5 }, (_, i) => `filler-${i}.example`), ...zones];
  const uuids = new Map<number, string>();
  const fake = { maxPerPage: 500 } as FakeVultr;

  const page = <T>(all: T[], q: URLSearchParams) => {
    const size = Math.min(Number(q.get('per_page') ?? 100), fake.maxPerPage);
    const from = q.get('cursor') ? Number(Buffer.from(q.get('cursor') as string, 'base64url').toString()) : 0;
    const cursor = (at: number) => Buffer.from(String(at)).toString('base64url');
    return {
      items: all.slice(from, from + size),
      meta: {
        total: all.length,
        links: {
          next: from + size < all.length ? cursor(from + size) : '',
          prev: from > 0 ? cursor(Math.max(0, from - size)) : '',
        },
      },
    };
  };
  const recordBody = (r: StoredRecord, zone: string) => ({
    id: uuids.get(r.id) as string,
    type: r.type,
    name: relative(r.name, zone, ''),
    data: `"${r.value}"`,
    priority: -1,
    ttl: r.ttl,
  });

  const api = await startFake({
    name: 'vultr',
    openapi: 'vultr.json',
    auth: (req) => (bearer(req, token) ? undefined : error(401, 'Invalid API token.')),
    handle: async (req) => {
      if (req.operationId === 'list-dns-domains') {
        const { items, meta } = page(domains, req.query);
        return {
          status: 200,
          body: {
            domains: items.map((domain) => ({
              domain,
              date_created: '2024-01-01T00:00:00+00:00',
              dns_sec: 'disabled',
            })),
            meta,
          },
        };
      }
      const zone = store.zone(req.params.dns_domain ?? '');
      if (!zone) return error(404, 'Invalid domain.');
      if (req.operationId === 'list-dns-domain-records') {
        const { items, meta } = page(
          store.records.filter((r) => r.zone === zone),
          req.query,
        );
        return { status: 200, body: { records: items.map((r) => recordBody(r, zone)), meta } };
      }
      if (req.operationId === 'create-dns-domain-record') {
        const body = req.body as { name: string; type: string; data: string; ttl?: number };
        if (body.type !== 'TXT') return error(400, 'only TXT in this fake');
        const r = await store.add(
          zone,
          absolute(body.name, zone),
          'TXT',
          unquote(body.data),
          body.ttl ?? 300,
        );
        uuids.set(r.id, randomUUID());
        return { status: 201, body: { record: recordBody(r, zone) } };
      }
      const id = [...uuids].find(([, u]) => u === req.params.record_id)?.[0];
      const r = id === undefined ? undefined : store.find(zone, id);
      if (!r) return error(404, 'Invalid record.');
      await store.remove(r);
      return { status: 204 };
    },
  });
  // Records seeded through the store directly need an id too.
  const add = store.add.bind(store);
  store.add = async (...args) => {
    const r = await add(...args);
    if (!uuids.has(r.id)) uuids.set(r.id, randomUUID());
    return r;
  };
  return Object.assign(fake, { api, url: `${api.origin}/v2`, token, store });
}

export const vultrKit: ProviderKit = {
  type: 'vultr',
  async start(bed, bind) {
    const fake = await startFakeVultr(bind, [bed.dns.zone]);
    fake.maxPerPage = 2;
    return {
      api: fake.api,
      config: (secret = fake.token) => ({ type: 'vultr', 'api-key': secret, 'api-url': fake.url }),
      secrets: [fake.token],
      ...storeParts(fake.store, bed.dns.zone),
      refusal: (secret) => error(401, `Invalid API token ${secret}.`),
      create: { method: 'POST', path: /^\/v2\/domains\/[^/]+\/records$/ },
      createRefusal: error(400, 'Unable to create record: limit reached'),
      close: () => fake.api.close(),
    };
  },
};
