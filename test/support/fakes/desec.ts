/**
 * deSEC's REST API (desec.readthedocs.io; deSEC publishes no OpenAPI description, so the shapes
 * are checked here): `Authorization: Token <token>` (else 401 `{"detail": "Invalid token."}`);
 * `GET /api/v1/domains/?owns_qname=<name>` finds the domain that holds a name; an RRset is
 * `/api/v1/domains/{domain}/rrsets/{subname}/{type}/` (`@` for the apex) with quoted TXT
 * `records`: GET (404 when absent), POST `/rrsets/` to create (400 when it exists), PATCH to
 * change (an empty `records` deletes it: 204), DELETE. A TTL below the domain's minimum (3600)
 * is refused with 400. Anything else is recorded as a violation.
 */
import { randomBytes } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { RecordStore, storeParts } from './records.js';
import { absolute, type FakeApi, type FakeReply, relative, startFake } from './server.js';
import type { ProviderKit } from './suite.js';

export interface FakeDesec {
  api: FakeApi;
  url: string;
  token: string;
  store: RecordStore;
}

const MIN_TTL = 3600;
const QUOTED = /^"((?:[^"\\]|\\.)*)"$/;
const notFound: FakeReply = { status: 404, body: { detail: 'Not found.' } };

export async function startFakeDesec(bind: BindWriter, zones: string[]): Promise<FakeDesec> {
  const token = randomBytes(21).toString('base64url');
  const store = new RecordStore(bind, zones);
  let api: FakeApi | undefined;
  const violation = (text: string): FakeReply => {
    api?.violations.push(`desec: ${text}`);
    return { status: 400, body: { detail: text } };
  };
  const rrset = (zone: string, subname: string, type: string) => {
    const name = absolute(subname, zone);
    const records = store.records.filter((r) => r.zone === zone && r.name === name && r.type === type);
    return {
      records,
      body: {
        created: '2025-01-01T00:00:00.000000Z',
        domain: zone,
        subname: subname === '@' ? '' : subname,
        name: `${name}.`,
        type,
        records: records.map((r) => `"${r.value}"`),
        ttl: records[0]?.ttl ?? MIN_TTL,
        touched: new Date().toISOString(),
      },
    };
  };
  const parseRecords = (records: unknown): string[] | FakeReply => {
    if (!Array.isArray(records)) return violation('records must be a list');
    const out: string[] = [];
    for (const r of records) {
      const m = typeof r === 'string' ? QUOTED.exec(r) : null;
      if (!m) return { status: 400, body: { records: [`Invalid TXT record content: ${JSON.stringify(r)}`] } };
      out.push((m[1] ?? '').replace(/\\(.)/g, '$1'));
    }
    return out;
  };
  const setValues = async (zone: string, subname: string, values: string[], ttl: number) => {
    const current = rrset(zone, subname, 'TXT').records;
    for (const r of current) if (!values.includes(r.value)) await store.remove(r);
    for (const v of values)
      if (!current.some((r) => r.value === v)) await store.add(zone, absolute(subname, zone), 'TXT', v, ttl);
  };

  api = await startFake({
    name: 'desec',
    auth: (req) =>
      req.headers.authorization === `Token ${token}`
        ? undefined
        : { status: 401, body: { detail: 'Invalid token.' } },
    handle: async (req) => {
      const json = req.headers['content-type']?.startsWith('application/json');
      if (req.body !== undefined && !json)
        return violation(`${req.method} ${req.path} without JSON content type`);
      if (req.method === 'GET' && req.path === '/api/v1/domains/') {
        const q = req.query.get('owns_qname')?.toLowerCase().replace(/\.$/, '');
        const owner = q
          ? zones.filter((z) => q === z || q.endsWith(`.${z}`)).sort((a, b) => b.length - a.length)[0]
          : undefined;
        const list = (q ? (owner ? [owner] : []) : zones).map((name) => ({
          created: '2025-01-01T00:00:00.000000Z',
          published: '2025-01-01T00:00:00.000000Z',
          name,
          minimum_ttl: MIN_TTL,
          touched: '2025-01-01T00:00:00.000000Z',
        }));
        return { status: 200, body: list };
      }
      const m = /^\/api\/v1\/domains\/([^/]+)\/rrsets\/(?:([^/]+)\/([A-Z]+)\/)?$/.exec(req.path);
      if (!m) return violation(`${req.method} ${req.path} is not a deSEC endpoint`);
      const zone = store.zone(decodeURIComponent(m[1] ?? ''));
      if (!zone) return notFound;
      if (!m[2]) {
        if (req.method !== 'POST') return violation(`${req.method} ${req.path}: only POST creates here`);
        const body = req.body as { subname?: unknown; type?: unknown; ttl?: unknown; records?: unknown };
        if (typeof body?.subname !== 'string' || body.type !== 'TXT' || typeof body.ttl !== 'number')
          return violation(`POST ${req.path}: subname, type TXT and ttl are required`);
        if (body.ttl < MIN_TTL)
          return {
            status: 400,
            body: { ttl: [`Ensure this value is greater than or equal to ${MIN_TTL}.`] },
          };
        const subname = body.subname || '@';
        if (rrset(zone, subname, 'TXT').records.length)
          return {
            status: 400,
            body: {
              non_field_errors: ['Another RRset with the same subdomain and type exists for this domain.'],
            },
          };
        const values = parseRecords(body.records);
        if (!Array.isArray(values)) return values;
        await setValues(zone, subname, values, body.ttl);
        return { status: 201, body: rrset(zone, subname, 'TXT').body };
      }
      const subname = decodeURIComponent(m[2] ?? '');
      const type = m[3] ?? '';
      if (subname !== '@' && absolute(subname, zone) === zone) return violation('the apex is addressed as @');
      if (relative(absolute(subname, zone), zone) !== subname) return violation(`bad subname ${subname}`);
      const current = rrset(zone, subname, type);
      if (req.method === 'GET')
        return current.records.length ? { status: 200, body: current.body } : notFound;
      if (req.method === 'DELETE') {
        await setValues(zone, subname, [], MIN_TTL);
        return { status: 204 };
      }
      if (req.method === 'PATCH' || req.method === 'PUT') {
        if (type !== 'TXT') return violation('only TXT in this fake');
        if (!current.records.length) return notFound;
        const body = req.body as { ttl?: unknown; records?: unknown };
        const ttl = typeof body?.ttl === 'number' ? body.ttl : current.body.ttl;
        if (ttl < MIN_TTL)
          return {
            status: 400,
            body: { ttl: [`Ensure this value is greater than or equal to ${MIN_TTL}.`] },
          };
        const values =
          body?.records === undefined ? current.records.map((r) => r.value) : parseRecords(body.records);
        if (!Array.isArray(values)) return values;
        await setValues(zone, subname, values, ttl);
        if (!values.length) return { status: 204 };
        return { status: 200, body: rrset(zone, subname, type).body };
      }
      return violation(`${req.method} ${req.path}: method not allowed`);
    },
  });
  return { api, url: `${api.origin}/api/v1`, token, store };
}

export const desecKit: ProviderKit = {
  type: 'desec',
  async start(bed, bind) {
    const fake = await startFakeDesec(bind, [bed.dns.zone]);
    return {
      api: fake.api,
      config: (secret = fake.token) => ({ type: 'desec', token: secret, 'api-url': fake.url }),
      secrets: [fake.token],
      ...storeParts(fake.store, bed.dns.zone),
      refusal: (secret) => ({ status: 401, body: { detail: `Invalid token ${secret}.` } }),
      create: { method: ['POST', 'PATCH', 'PUT'], path: /\/rrsets\// },
      createRefusal: { status: 403, body: { detail: 'Domain record limit exceeded.' } },
      close: () => fake.api.close(),
    };
  },
};
