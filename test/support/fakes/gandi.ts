/**
 * Gandi's LiveDNS API v5 (api.gandi.net/docs/livedns; shapes checked here): `Authorization:
 * Bearer <personal access token>` (else 401 with Gandi's `{code, message, object, cause}`);
 * `GET /v5/livedns/domains/{fqdn}` answers 404 for a name that is not a domain of the account; an
 * RRset is `/domains/{fqdn}/records/{name}/{type}` (`@` for the apex) with `rrset_values` (TXT
 * quoted) and `rrset_ttl` (300 at least): GET (404 when absent), POST creates (409 when it
 * exists), PUT replaces or creates (201), DELETE removes (204).
 */
import { randomBytes } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { RecordStore, storeParts } from './records.js';
import { absolute, bearer, type FakeApi, type FakeReply, startFake } from './server.js';
import type { ProviderKit } from './suite.js';

export interface FakeGandi {
  api: FakeApi;
  url: string;
  token: string;
  store: RecordStore;
}

const problem = (code: number, object: string, cause: string, message: string): FakeReply => ({
  status: code,
  body: { code, message, object, cause },
});
const notFound = problem(404, 'HTTPNotFound', 'Not Found', 'The resource could not be found.');
const QUOTED = /^"((?:[^"\\]|\\.)*)"$/;

export async function startFakeGandi(bind: BindWriter, zones: string[]): Promise<FakeGandi> {
  const token = randomBytes(20).toString('hex');
  const store = new RecordStore(bind, zones);
  let api: FakeApi | undefined;
  const violation = (text: string): FakeReply => {
    api?.violations.push(`gandi: ${text}`);
    return problem(400, 'HTTPBadRequest', 'Bad Request', text);
  };

  api = await startFake({
    name: 'gandi',
    auth: (req) =>
      bearer(req, token)
        ? undefined
        : problem(
            401,
            'HTTPUnauthorized',
            'Unauthorized',
            'The server could not verify that you authorized to access the document you requested.',
          ),
    handle: async (req) => {
      const base = `/v5/livedns`;
      if (!req.path.startsWith(`${base}/domains/`))
        return violation(`${req.method} ${req.path} is not a LiveDNS endpoint`);
      const [fqdn, records, name, type, extra] = req.path
        .slice(base.length + 9)
        .split('/')
        .map(decodeURIComponent);
      const zone = store.zone(fqdn ?? '');
      if (!zone) return notFound;
      if (records === undefined) {
        if (req.method !== 'GET') return violation(`${req.method} ${req.path}`);
        return {
          status: 200,
          body: {
            fqdn: zone,
            automatic_snapshots: true,
            domain_href: `${api?.origin}${base}/domains/${zone}`,
            domain_records_href: `${api?.origin}${base}/domains/${zone}/records`,
          },
        };
      }
      if (records !== 'records' || !name || !type || extra !== undefined)
        return violation(`${req.method} ${req.path}: expected /domains/{fqdn}/records/{name}/{type}`);
      if (name !== '@' && absolute(name, zone) === zone) return violation('the apex is @');
      const fqName = absolute(name, zone);
      const current = store.records.filter((r) => r.zone === zone && r.name === fqName && r.type === type);
      const rrset = () => {
        const now = store.records.filter((r) => r.zone === zone && r.name === fqName && r.type === type);
        return {
          rrset_name: name,
          rrset_type: type,
          rrset_ttl: now[0]?.ttl ?? 10800,
          rrset_values: now.map((r) => `"${r.value}"`),
          rrset_href: `${api?.origin}${req.path}`,
        };
      };
      if (req.method === 'GET') return current.length ? { status: 200, body: rrset() } : notFound;
      if (req.method === 'DELETE') {
        if (!current.length) return notFound;
        for (const r of current) await store.remove(r);
        return { status: 204 };
      }
      if (req.method !== 'PUT' && req.method !== 'POST') return violation(`${req.method} ${req.path}`);
      if (type !== 'TXT') return violation('only TXT in this fake');
      const body = req.body as { rrset_values?: unknown; rrset_ttl?: unknown };
      for (const k of Object.keys(body ?? {}))
        if (k !== 'rrset_values' && k !== 'rrset_ttl')
          violation(`${req.method} ${req.path}: unknown field ${k}`);
      if (!Array.isArray(body?.rrset_values) || !body.rrset_values.length)
        return violation(`${req.method} ${req.path}: rrset_values must be a non-empty list`);
      const ttl = body.rrset_ttl === undefined ? 10800 : body.rrset_ttl;
      if (typeof ttl !== 'number' || ttl < 300)
        return problem(400, 'HTTPBadRequest', 'Bad Request', 'rrset_ttl: must be at least 300');
      const values: string[] = [];
      for (const v of body.rrset_values) {
        const m = typeof v === 'string' ? QUOTED.exec(v) : null;
        if (!m)
          return problem(400, 'HTTPBadRequest', 'Bad Request', `invalid TXT value ${JSON.stringify(v)}`);
        values.push((m[1] ?? '').replace(/\\(.)/g, '$1'));
      }
      if (req.method === 'POST' && current.length)
        return problem(
          409,
          'HTTPConflict',
          'Conflict',
          'A DNS record already exists with that name and type.',
        );
      for (const r of current) if (!values.includes(r.value)) await store.remove(r);
      for (const v of values)
        if (!current.some((r) => r.value === v)) await store.add(zone, fqName, 'TXT', v, ttl);
      return { status: 201, body: { message: 'DNS Record Created' } };
    },
  });
  return { api, url: `${api.origin}/v5/livedns`, token, store };
}

export const gandiKit: ProviderKit = {
  type: 'gandi',
  async start(bed, bind) {
    const fake = await startFakeGandi(bind, [bed.dns.zone]);
    return {
      api: fake.api,
      config: (secret = fake.token) => ({ type: 'gandi', token: secret, 'api-url': fake.url }),
      secrets: [fake.token],
      ...storeParts(fake.store, bed.dns.zone),
      refusal: (secret) => problem(401, 'HTTPUnauthorized', 'Unauthorized', `Bad token ${secret}`),
      create: { method: ['PUT', 'POST'], path: /\/records\/[^/]+\/TXT$/ },
      createRefusal: problem(403, 'HTTPForbidden', 'Forbidden', 'Access was denied to this resource.'),
      close: () => fake.api.close(),
    };
  },
};
