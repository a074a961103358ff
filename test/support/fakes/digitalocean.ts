/**
 * DigitalOcean's Domains API (v2), checked against test/support/openapi/digitalocean.json:
 * `Authorization: Bearer <token>` (else 401 `{id: "unauthorized"}`); `GET /v2/domains/{name}`
 * (404 `not_found` for a name that is not a domain of the account); records listed with
 * `name` (fully qualified) and `type` filters and `page`/`per_page` pagination whose
 * `links.pages.next` is an absolute URL; records created with a name relative to the domain
 * (`@` for the apex), TTL 30 or more; deleted by id (204).
 */
import { randomBytes } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { paginate, RecordStore, storeParts } from './records.js';
import { absolute, bearer, type FakeApi, type FakeReply, relative, startFake } from './server.js';
import type { ProviderKit } from './suite.js';

export interface FakeDigitalOcean {
  api: FakeApi;
  url: string;
  token: string;
  store: RecordStore;
  /** Largest page the fake hands out (DigitalOcean: 200); tests lower it to force pagination. */
  maxPerPage: number;
}

const error = (status: number, id: string, message: string): FakeReply => ({
  status,
  body: { id, message, request_id: randomBytes(8).toString('hex') },
});

export async function startFakeDigitalOcean(bind: BindWriter, zones: string[]): Promise<FakeDigitalOcean> {
  const token = `dop_v1_${randomBytes(32).toString('hex')}`;
  const store = new RecordStore(bind, zones);
  const fake = { maxPerPage: 200 } as FakeDigitalOcean;
  const api = await startFake({
    name: 'digitalocean',
    openapi: 'digitalocean.json',
    auth: (req) =>
      bearer(req, token) ? undefined : error(401, 'unauthorized', 'Unable to authenticate you'),
    handle: async (req) => {
      const zone = store.zone(req.params.domain_name ?? '');
      if (!zone) return error(404, 'not_found', 'The resource you were accessing could not be found.');
      switch (req.operationId) {
        case 'domains_get':
          return { status: 200, body: { domain: { name: zone, ttl: 1800, zone_file: '' } } };
        case 'domains_list_records': {
          const name = req.query.get('name');
          const type = req.query.get('type');
          const all = store.records.filter(
            (r) => r.zone === zone && (!name || r.name === name.toLowerCase()) && (!type || r.type === type),
          );
          const perPage = Math.min(Number(req.query.get('per_page') ?? 20), fake.maxPerPage);
          const page = Number(req.query.get('page') ?? 1);
          const { items, last } = paginate(all, page, perPage);
          const link = (p: number) => {
            const q = new URLSearchParams(req.query);
            q.set('page', String(p));
            q.set('per_page', String(perPage));
            return `${api.origin}${req.path}?${q}`;
          };
          const pages: Record<string, string> = {};
          if (page > 1) Object.assign(pages, { first: link(1), prev: link(page - 1) });
          if (page < last) Object.assign(pages, { next: link(page + 1), last: link(last) });
          return {
            status: 200,
            body: {
              domain_records: items.map((r) => ({
                id: r.id,
                type: r.type,
                name: relative(r.name, zone),
                data: r.value,
                priority: null,
                port: null,
                ttl: r.ttl,
                weight: null,
                flags: null,
                tag: null,
              })),
              links: { pages },
              meta: { total: all.length },
            },
          };
        }
        case 'domains_create_record': {
          const body = req.body as { type: string; name: string; data: string; ttl?: number };
          if (body.type !== 'TXT') return error(422, 'unprocessable_entity', 'only TXT in this fake');
          const ttl = body.ttl ?? 1800;
          if (ttl < 30) return error(422, 'unprocessable_entity', 'TTL must be at least 30 seconds');
          const r = await store.add(zone, absolute(body.name, zone), 'TXT', body.data, ttl);
          return {
            status: 201,
            body: {
              domain_record: {
                id: r.id,
                type: 'TXT',
                name: relative(r.name, zone),
                data: r.value,
                priority: null,
                port: null,
                ttl,
                weight: null,
                flags: null,
                tag: null,
              },
            },
          };
        }
        case 'domains_delete_record': {
          const r = store.find(zone, Number(req.params.domain_record_id));
          if (!r) return error(404, 'not_found', 'The resource you were accessing could not be found.');
          await store.remove(r);
          return { status: 204 };
        }
        default:
          return error(404, 'not_found', 'not in the fake');
      }
    },
  });
  return Object.assign(fake, { api, url: `${api.origin}/v2`, token, store });
}

/** The fake as the shared provider suite drives it (test/support/fakes/suite.ts). */
export const digitaloceanKit: ProviderKit = {
  type: 'digitalocean',
  async start(bed, bind) {
    const fake = await startFakeDigitalOcean(bind, [bed.dns.zone]);
    // Small pages, so finding a record by name must follow links.pages.next.
    fake.maxPerPage = 1;
    return {
      api: fake.api,
      config: (secret = fake.token) => ({ type: 'digitalocean', token: secret, 'api-url': fake.url }),
      secrets: [fake.token],
      ...storeParts(fake.store, bed.dns.zone),
      refusal: (secret) => error(401, 'unauthorized', `Unable to authenticate you (token ${secret})`),
      create: { method: 'POST', path: /^\/v2\/domains\/[^/]+\/records$/ },
      createRefusal: error(422, 'unprocessable_entity', 'Record limit reached for this domain'),
      close: () => fake.api.close(),
    };
  },
};
