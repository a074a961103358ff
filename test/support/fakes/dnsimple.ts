/**
 * DNSimple's API v2, checked against test/support/openapi/dnsimple.json: `Authorization: Bearer
 * <token>` (else 401 `{message: "Authentication failed"}`); `GET /whoami` names the account of an
 * account token; a zone is `/{account}/zones/{name}` (404 when the account has no such zone);
 * records are listed with exact `name` (relative, '' for the apex) and `type` filters, paged
 * (`pagination.total_pages`); created with 201 `{data}`, deleted with 204.
 */
import { randomBytes } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { paginate, RecordStore, type StoredRecord, storeParts } from './records.js';
import { absolute, bearer, type FakeApi, type FakeReply, relative, startFake } from './server.js';
import type { ProviderKit } from './suite.js';

export interface FakeDnsimple {
  api: FakeApi;
  url: string;
  token: string;
  accountId: number;
  store: RecordStore;
  maxPerPage: number;
}

const error = (status: number, message: string): FakeReply => ({ status, body: { message } });
const stamp = '2025-01-01T00:00:00Z';

export async function startFakeDnsimple(bind: BindWriter, zones: string[]): Promise<FakeDnsimple> {
  const token = `dnsimpletest_a_${randomBytes(20).toString('hex')}`;
  const accountId = 1385 + Math.floor(Math.random() * 1000);
  const store = new RecordStore(bind, zones);
  const zoneIds = new Map(zones.map((z, i) => [z, 9000 + i]));
  const fake = { maxPerPage: 100 } as FakeDnsimple;
  const recordBody = (r: StoredRecord, zone: string) => ({
    id: r.id,
    zone_id: zone,
    parent_id: null,
    name: relative(r.name, zone, ''),
    content: r.value,
    ttl: r.ttl,
    priority: null,
    type: r.type,
    regions: ['global'],
    system_record: false,
    created_at: stamp,
    updated_at: stamp,
  });

  const api = await startFake({
    name: 'dnsimple',
    openapi: 'dnsimple.json',
    auth: (req) => (bearer(req, token) ? undefined : error(401, 'Authentication failed')),
    handle: async (req) => {
      if (req.operationId === 'whoami') {
        return {
          status: 200,
          body: {
            data: {
              user: null,
              account: {
                id: accountId,
                email: 'ops@example.com',
                plan_identifier: 'teams-v1-monthly',
                created_at: stamp,
                updated_at: stamp,
              },
            },
          },
        };
      }
      if (req.params.account !== String(accountId)) return error(404, 'Account not found');
      const zone = store.zone(req.params.zone ?? '');
      if (!zone) return error(404, `Zone \`${req.params.zone}\` not found`);
      switch (req.operationId) {
        case 'getZone':
          return {
            status: 200,
            body: {
              data: {
                id: zoneIds.get(zone),
                account_id: accountId,
                name: zone,
                reverse: false,
                secondary: false,
                last_transferred_at: null,
                active: true,
                created_at: stamp,
                updated_at: stamp,
              },
            },
          };
        case 'listZoneRecords': {
          const name = req.query.get('name');
          const type = req.query.get('type');
          const all = store.records
            .filter((r) => r.zone === zone)
            .map((r) => recordBody(r, zone))
            .filter((r) => (name === null || r.name === name) && (!type || r.type === type));
          const perPage = Math.min(Number(req.query.get('per_page') ?? 30), fake.maxPerPage);
          const page = Number(req.query.get('page') ?? 1);
          const { items, last } = paginate(all, page, perPage);
          return {
            status: 200,
            body: {
              data: items,
              pagination: {
                current_page: page,
                per_page: perPage,
                total_entries: all.length,
                total_pages: last,
              },
            },
          };
        }
        case 'createZoneRecord': {
          const body = req.body as { name: string; type: string; content: string; ttl?: number };
          if (body.type !== 'TXT') return error(400, 'Validation failed');
          const r = await store.add(zone, absolute(body.name, zone), 'TXT', body.content, body.ttl ?? 3600);
          return { status: 201, body: { data: recordBody(r, zone) } };
        }
        default: {
          const r = store.find(zone, Number(req.params.zonerecord));
          if (!r) return error(404, 'Record not found');
          await store.remove(r);
          return { status: 204 };
        }
      }
    },
  });
  return Object.assign(fake, { api, url: `${api.origin}/v2`, token, accountId, store });
}

export const dnsimpleKit: ProviderKit = {
  type: 'dnsimple',
  async start(bed, bind) {
    const fake = await startFakeDnsimple(bind, [bed.dns.zone]);
    fake.maxPerPage = 1;
    return {
      api: fake.api,
      config: (secret = fake.token) => ({ type: 'dnsimple', token: secret, 'api-url': fake.url }),
      secrets: [fake.token],
      ...storeParts(fake.store, bed.dns.zone),
      refusal: (secret) => error(401, `Authentication failed for ${secret}`),
      create: { method: 'POST', path: /\/zones\/[^/]+\/records$/ },
      createRefusal: error(400, 'Validation failed: zone record limit reached'),
      close: () => fake.api.close(),
    };
  },
};
