/**
 * Hetzner's DNS in the Cloud API (api.hetzner.cloud/v1, which replaces the old DNS Console API),
 * checked against test/support/openapi/hetzner.json: `Authorization: Bearer <token>` (else 401
 * `{error: {code: "unauthorized"}}`); zones found with `GET /zones?name=`; an RRSet addressed by
 * zone id or name, record name relative to the zone (`@` for the apex) and type; values added and
 * removed one by one with the `add_records` / `remove_records` actions, TXT values as quoted
 * strings. Actions start `running` and are `success` when fetched with `GET /zones/actions/{id}`.
 */
import { randomBytes } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { paginate, RecordStore, type StoredRecord, storeParts } from './records.js';
import { absolute, bearer, type FakeApi, type FakeReply, startFake } from './server.js';
import type { ProviderKit } from './suite.js';

export interface FakeHetzner {
  api: FakeApi;
  url: string;
  token: string;
  store: RecordStore;
  zoneIds: Map<string, number>;
}

const error = (status: number, code: string, message: string): FakeReply => ({
  status,
  body: { error: { code, message, details: {} } },
});
const QUOTED = /^"((?:[^"\\]|\\.)*)"$/;

export async function startFakeHetzner(bind: BindWriter, zones: string[]): Promise<FakeHetzner> {
  const token = randomBytes(32).toString('base64url').slice(0, 64);
  const store = new RecordStore(bind, zones);
  const zoneIds = new Map(zones.map((z, i) => [z, 4711 + i]));
  const actions = new Map<number, { command: string; zone: number; started: string }>();
  let nextAction = 1;
  const zoneOf = (idOrName: string) =>
    zones.find((z) => z === idOrName.toLowerCase() || String(zoneIds.get(z)) === idOrName);
  const zoneBody = (z: string) => ({
    id: zoneIds.get(z),
    name: z,
    created: '2025-06-01T10:00:00Z',
    mode: 'primary',
    ttl: 3600,
    labels: {},
    protection: { delete: false },
    status: 'ok',
    record_count: store.records.filter((r) => r.zone === z).length,
  });
  const action = (id: number, status: 'running' | 'success'): FakeReply => {
    const a = actions.get(id) as { command: string; zone: number; started: string };
    return {
      status: status === 'running' ? 201 : 200,
      body: {
        action: {
          id,
          command: a.command,
          status,
          progress: status === 'running' ? 0 : 100,
          started: a.started,
          finished: status === 'running' ? null : new Date().toISOString(),
          resources: [{ id: a.zone, type: 'zone' }],
          error: null,
        },
      },
    };
  };

  const api = await startFake({
    name: 'hetzner',
    openapi: 'hetzner.json',
    auth: (req) => (bearer(req, token) ? undefined : error(401, 'unauthorized', 'unable to authenticate')),
    handle: async (req) => {
      if (req.operationId === 'list_zones') {
        const name = req.query.get('name');
        const all = zones.filter((z) => !name || z === name.toLowerCase()).map(zoneBody);
        const page = Number(req.query.get('page') ?? 1);
        const perPage = Number(req.query.get('per_page') ?? 25);
        const { items, last } = paginate(all, page, perPage);
        return {
          status: 200,
          body: {
            zones: items,
            meta: {
              pagination: {
                page,
                per_page: perPage,
                previous_page: page > 1 ? page - 1 : null,
                next_page: page < last ? page + 1 : null,
                last_page: last,
                total_entries: all.length,
              },
            },
          },
        };
      }
      if (req.operationId === 'get_zone_action') {
        const id = Number(req.params.id);
        return actions.has(id) ? action(id, 'success') : error(404, 'not_found', 'action not found');
      }
      const zone = zoneOf(req.params.id_or_name ?? '');
      if (!zone) return error(404, 'not_found', 'zone not found');
      const rrName = req.params.rr_name ?? '';
      const type = req.params.rr_type ?? '';
      const fqdn = absolute(rrName, zone);
      const mine = () => store.records.filter((r) => r.zone === zone && r.name === fqdn && r.type === type);
      if (req.operationId === 'get_zone_rrset') {
        const records = mine();
        if (!records.length) return error(404, 'not_found', 'rrset not found');
        return {
          status: 200,
          body: {
            rrset: {
              id: `${rrName}/${type}`,
              name: rrName,
              type,
              ttl: records[0]?.ttl ?? null,
              labels: {},
              protection: { change: false },
              records: records.map((r) => ({ value: `"${r.value}"`, comment: null })),
              zone: zoneIds.get(zone),
            },
          },
        };
      }
      const body = req.body as { ttl?: number | null; records: Array<{ value: string }> };
      if (type !== 'TXT') return error(422, 'invalid_input', 'only TXT in this fake');
      const values: string[] = [];
      for (const r of body.records) {
        const m = QUOTED.exec(r.value);
        if (!m) return error(422, 'invalid_input', 'TXT record values must be quoted');
        values.push((m[1] ?? '').replace(/\\(.)/g, '$1'));
      }
      if (req.operationId === 'add_zone_rrset_records') {
        for (const v of values)
          if (!mine().some((r) => r.value === v)) await store.add(zone, fqdn, 'TXT', v, body.ttl ?? 3600);
      } else {
        const gone: StoredRecord[] = [];
        for (const v of values) {
          const r = mine().find((x) => x.value === v);
          if (!r) return error(422, 'invalid_input', `record ${JSON.stringify(`"${v}"`)} does not exist`);
          gone.push(r);
        }
        for (const r of gone) await store.remove(r);
      }
      const id = nextAction++;
      actions.set(id, {
        command: req.operationId === 'add_zone_rrset_records' ? 'add_rrset_records' : 'remove_rrset_records',
        zone: zoneIds.get(zone) as number,
        started: new Date().toISOString(),
      });
      return action(id, 'running');
    },
  });
  return { api, url: `${api.origin}/v1`, token, store, zoneIds };
}

export const hetznerKit: ProviderKit = {
  type: 'hetzner',
  async start(bed, bind) {
    const fake = await startFakeHetzner(bind, [bed.dns.zone]);
    return {
      api: fake.api,
      config: (secret = fake.token) => ({ type: 'hetzner', token: secret, 'api-url': fake.url }),
      secrets: [fake.token],
      ...storeParts(fake.store, bed.dns.zone),
      refusal: (secret) => error(401, 'unauthorized', `unable to authenticate with token ${secret}`),
      create: { method: 'POST', path: /\/actions\/add_records$/ },
      createRefusal: error(422, 'invalid_input', 'record limit of the zone reached'),
      close: () => fake.api.close(),
    };
  },
};
