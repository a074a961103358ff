/**
 * Porkbun's API v3 (porkbun.com/api/json/v3/documentation; no OpenAPI description, so the shapes
 * are checked here). Every call is a POST whose JSON body carries `apikey` and `secretapikey`;
 * a refusal is HTTP 400 `{status: "ERROR", message}`. `domain/listAll` lists the account's domains
 * (`start` pages by 1000); `dns/create/{domain}` takes `name` relative to the domain ('' for the
 * apex), `type`, `content`, `ttl` (600 at least) and answers `{status: "SUCCESS", id}`;
 * `dns/retrieveByNameType/{domain}/{type}/{subdomain}` lists records with full names and string
 * ids; `dns/delete/{domain}/{id}` removes one.
 */
import { randomBytes } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { RecordStore, storeParts } from './records.js';
import { absolute, type FakeApi, type FakeReply, startFake } from './server.js';
import type { ProviderKit } from './suite.js';

export interface FakePorkbun {
  api: FakeApi;
  url: string;
  apiKey: string;
  secretKey: string;
  store: RecordStore;
}

const error = (message: string): FakeReply => ({ status: 400, body: { status: 'ERROR', message } });

export async function startFakePorkbun(bind: BindWriter, zones: string[]): Promise<FakePorkbun> {
  const apiKey = `pk1_${randomBytes(32).toString('hex')}`;
  const secretKey = `sk1_${randomBytes(32).toString('hex')}`;
  const store = new RecordStore(bind, zones);
  let api: FakeApi | undefined;
  const violation = (text: string): FakeReply => {
    api?.violations.push(`porkbun: ${text}`);
    return error(text);
  };
  const known = new Set([
    'apikey',
    'secretapikey',
    'name',
    'type',
    'content',
    'ttl',
    'prio',
    'notes',
    'start',
  ]);

  api = await startFake({
    name: 'porkbun',
    auth: (req) => {
      const body = req.body as { apikey?: unknown; secretapikey?: unknown } | undefined;
      if (req.method !== 'POST') return violation(`${req.method} ${req.path}: every call is a POST`);
      if (body?.apikey !== apiKey || body?.secretapikey !== secretKey) return error('Invalid API key. (002)');
      return undefined;
    },
    handle: async (req) => {
      const body = req.body as Record<string, unknown>;
      for (const k of Object.keys(body)) if (!known.has(k)) violation(`${req.path}: unknown field ${k}`);
      const path = req.path.replace(/^\/api\/json\/v3/, '');
      if (path === '/domain/listAll') {
        const start = Number(body.start ?? 0);
        const domains = zones.slice(start, start + 1000).map((domain) => ({
          domain,
          status: 'ACTIVE',
          tld: domain.split('.').pop(),
          createDate: '2024-01-01 00:00:00',
          expireDate: '2030-01-01 00:00:00',
          securityLock: '1',
          whoisPrivacy: '1',
          autoRenew: 1,
          notLocal: 0,
        }));
        return { status: 200, body: { status: 'SUCCESS', domains } };
      }
      let m = /^\/dns\/create\/([^/]+)$/.exec(path);
      if (m) {
        const zone = store.zone(m[1] ?? '');
        if (!zone) return error('Invalid domain.');
        if (body.type !== 'TXT') return error('only TXT in this fake');
        if (typeof body.name !== 'string' || typeof body.content !== 'string' || !body.content)
          return violation(`${path}: name and content are strings`);
        const ttl = Number(body.ttl ?? 600);
        if (!Number.isInteger(ttl)) return violation(`${path}: ttl ${body.ttl} is not a number`);
        const r = await store.add(zone, absolute(body.name, zone), 'TXT', body.content, Math.max(600, ttl));
        return { status: 200, body: { status: 'SUCCESS', id: r.id } };
      }
      m = /^\/dns\/retrieveByNameType\/([^/]+)\/([A-Z]+)(?:\/([^/]*))?$/.exec(path);
      if (m) {
        const zone = store.zone(m[1] ?? '');
        if (!zone) return error('Invalid domain.');
        const name = absolute(decodeURIComponent(m[3] ?? ''), zone);
        const records = store.records
          .filter((r) => r.zone === zone && r.name === name && r.type === m?.[2])
          .map((r) => ({
            id: String(r.id),
            name: r.name,
            type: r.type,
            content: r.value,
            ttl: String(r.ttl),
            prio: '0',
            notes: '',
          }));
        return { status: 200, body: { status: 'SUCCESS', records } };
      }
      m = /^\/dns\/delete\/([^/]+)\/(\d+)$/.exec(path);
      if (m) {
        const zone = store.zone(m[1] ?? '');
        const r = zone && store.find(zone, Number(m[2]));
        if (!r) return error('Invalid record id.');
        await store.remove(r);
        return { status: 200, body: { status: 'SUCCESS' } };
      }
      return violation(`POST ${req.path} is not a Porkbun endpoint`);
    },
  });
  return { api, url: `${api.origin}/api/json/v3`, apiKey, secretKey, store };
}

export const porkbunKit: ProviderKit = {
  type: 'porkbun',
  async start(bed, bind) {
    const fake = await startFakePorkbun(bind, [bed.dns.zone]);
    return {
      api: fake.api,
      config: (secret = fake.secretKey) => ({
        type: 'porkbun',
        'api-key': fake.apiKey,
        'secret-api-key': secret,
        'api-url': fake.url,
      }),
      secrets: [fake.apiKey, fake.secretKey],
      ...storeParts(fake.store, bed.dns.zone),
      refusal: (secret) => error(`Invalid API key ${secret}. (002)`),
      create: { method: 'POST', path: /\/dns\/create\// },
      createRefusal: error('Create error: we were unable to create the DNS record.'),
      close: () => fake.api.close(),
    };
  },
};
