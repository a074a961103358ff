/**
 * ovh: the OVHcloud API v1 (/domain/zone), with an application key, application secret and
 * consumer key, every call signed (dns/auth/ovh.ts) with a timestamp in the API's clock (asked
 * once of `GET /auth/time`). Each TXT value is its own record, so creating and deleting one never
 * touches another; records reach the zone's servers only after `POST /domain/zone/{zone}/refresh`.
 * The zone is the longest zone of the account (`GET /domain/zone`) that contains the record.
 */
import { z } from 'zod';
import { ovhHeaders } from '../auth/ovh.js';
import { CHANGE_ME, defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { type HttpRequest, httpClient } from '../http.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps, zoneFor } from '../provider.js';
import { relativeName } from '../zone-search.js';
import { commonFields } from './common.js';

/** OVHcloud's API roots by endpoint name (as its own SDKs name them). */
export const OVH_ENDPOINTS = {
  'ovh-eu': 'https://eu.api.ovh.com/1.0',
  'ovh-ca': 'https://ca.api.ovh.com/1.0',
  'ovh-us': 'https://api.us.ovhcloud.com/1.0',
} as const;

const fields = (f: FieldKit) => ({
  endpoint: z
    .enum(Object.keys(OVH_ENDPOINTS) as [keyof typeof OVH_ENDPOINTS, ...Array<keyof typeof OVH_ENDPOINTS>])
    .default('ovh-eu')
    .describe('OVHcloud API region: ovh-eu, ovh-ca or ovh-us'),
  'application-key': f.secret('application-key', 'OVHcloud application key (AK)'),
  'application-secret': f.secret('application-secret', 'OVHcloud application secret (AS)'),
  'consumer-key': f.secret(
    'consumer-key',
    'OVHcloud consumer key (CK) granted GET /domain/zone, GET/POST/DELETE /domain/zone/*/record* and POST /domain/zone/*/refresh',
  ),
  'api-url': f
    .url()
    .optional()
    .describe("API root replacing the endpoint's (with /1.0); for tests or proxies"),
  'insecure-http': f.insecureHttp(),
});

type OvhConfig = ProviderConfig<'ovh', ReturnType<typeof fields>>;

interface OvhRecord {
  id: number;
  subDomain: string;
  fieldType: string;
  target: string;
}

/** A TXT target as OVHcloud may give it back: quoted, or split in quoted parts. */
const unquote = (target: string) =>
  [...target.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('') || target;

function create(name: string, config: OvhConfig, deps: ProviderDeps): DnsProvider {
  const common = commonFields(name, config);
  const who = { type: config.type, name };
  const keys = {
    applicationKey: config['application-key'],
    applicationSecret: config['application-secret'],
    consumerKey: config['consumer-key'],
  };
  for (const s of Object.values(keys)) deps.log.secret(s);
  const base = (config['api-url'] ?? OVH_ENDPOINTS[config.endpoint]).replace(/\/+$/, '');
  const api = httpClient({
    who,
    baseUrl: base,
    headers: {},
    secrets: Object.values(keys),
    describe: (body) => {
      const b = body as { message?: string; errorCode?: string } | undefined;
      return b?.message ? `${b.message}${b.errorCode ? ` (${b.errorCode})` : ''}` : undefined;
    },
    hint: (status) =>
      status === 401 || status === 403
        ? 'the keys were refused: check application-key, application-secret and consumer-key, and that the consumer key is granted GET /domain/zone, GET/POST/DELETE /domain/zone/*/record* and POST /domain/zone/*/refresh'
        : status === 400
          ? 'a refused signature means application-secret does not belong to application-key'
          : status === 0
            ? 'check endpoint or api-url'
            : undefined,
  });
  /** The API's clock minus ours, in seconds: the signature carries the API's time. */
  let skew: Promise<number> | undefined;
  let zoneList: Promise<string[]> | undefined;
  /** Record ids we created, by name and value: cleanup deletes exactly these. */
  const created = new Map<string, number>();

  const signed = async <T>(req: HttpRequest): Promise<T> => {
    skew ??= api
      .json<number>({ method: 'GET', path: '/auth/time', signal: req.signal })
      .then((t) => {
        if (!Number.isInteger(t))
          throw api.fail(200, `GET /auth/time answered ${JSON.stringify(t)}, not a time`);
        return t - Math.floor(Date.now() / 1000);
      })
      .catch((error) => {
        skew = undefined;
        throw error;
      });
    const timestamp = Math.floor(Date.now() / 1000) + (await skew);
    const body = req.body === undefined ? '' : JSON.stringify(req.body);
    return api.json<T>({
      ...req,
      headers: ovhHeaders(keys, req.method, `${base}${req.path}`, body, timestamp),
    });
  };

  const zoneOf = async (fqdn: string, signal?: AbortSignal): Promise<string> => {
    zoneList ??= signed<string[]>({ method: 'GET', path: '/domain/zone', signal }).catch((error) => {
      zoneList = undefined;
      throw error;
    });
    const zone = zoneFor(fqdn, await zoneList);
    if (!zone)
      throw new DnsProviderError(
        who,
        `no zone of this account contains ${fqdn}`,
        'check that the zone is managed in this OVHcloud account',
      );
    return zone;
  };

  const refresh = (zone: string, signal?: AbortSignal) =>
    signed({
      method: 'POST',
      path: `/domain/zone/${encodeURIComponent(zone)}/refresh`,
      signal,
      idempotent: true,
    });

  return {
    ...common,
    async present(record, signal) {
      const zone = await zoneOf(record.fqdn, signal);
      const made = await signed<OvhRecord>({
        method: 'POST',
        path: `/domain/zone/${encodeURIComponent(zone)}/record`,
        body: {
          fieldType: 'TXT',
          subDomain: relativeName(record.fqdn, zone, ''),
          target: record.value,
          ttl: record.ttl,
        },
        signal,
      });
      created.set(`${record.fqdn}|${record.value}`, made.id);
      await refresh(zone, signal);
    },
    async cleanup(record, signal) {
      const zone = await zoneOf(record.fqdn, signal);
      const zonePath = `/domain/zone/${encodeURIComponent(zone)}`;
      const key = `${record.fqdn}|${record.value}`;
      let ids = created.has(key) ? [created.get(key) as number] : [];
      if (ids.length === 0) {
        // Not created by this process (a rerun after a crash): find it by name and value.
        const sub = encodeURIComponent(relativeName(record.fqdn, zone, ''));
        const all = await signed<number[]>({
          method: 'GET',
          path: `${zonePath}/record?fieldType=TXT&subDomain=${sub}`,
          signal,
        });
        ids = [];
        for (const id of all) {
          const r = await signed<OvhRecord>({ method: 'GET', path: `${zonePath}/record/${id}`, signal });
          if (r.fieldType === 'TXT' && unquote(r.target) === record.value) ids.push(id);
        }
        if (ids.length === 0) return;
      }
      for (const id of ids) await signed({ method: 'DELETE', path: `${zonePath}/record/${id}`, signal });
      created.delete(key);
      await refresh(zone, signal);
    },
  };
}

const DOCS = `Create the keys at \`https://eu.api.ovh.com/createToken/\` (or the ca/us console) with these
rights only: \`GET /domain/zone\`, \`GET /domain/zone/*/record*\`, \`POST /domain/zone/*/record\`,
\`DELETE /domain/zone/*/record/*\` and \`POST /domain/zone/*/refresh\`. OVHcloud has no keyless
sign-in for CI: keep the three values in a protected environment's secrets.

Every call is signed (\`X-Ovh-Signature\`) with a timestamp in the API's clock, taken from
\`GET /auth/time\`, so a runner whose clock is off still signs correctly. Each value is its own
record; certflow then asks for a zone refresh, without which OVHcloud does not serve the record.
Cleanup deletes the record by id (or, after a crash, by name and value) and refreshes again.

\`\`\`yaml
dns:
  ovh:
    type: ovh
    endpoint: ovh-eu
    application-key: \${OVH_APPLICATION_KEY}
    application-secret: \${OVH_APPLICATION_SECRET}
    consumer-key: \${OVH_CONSUMER_KEY}
\`\`\``;

export const ovh = defineProvider({
  type: 'ovh',
  about: 'the OVHcloud API (signed requests); each value is a record of its own',
  typeText: 'selects the OVHcloud API',
  fields,
  starter: {
    lines: [
      `endpoint: ovh-eu  # ${CHANGE_ME}: ovh-eu, ovh-ca or ovh-us`,
      `application-key: ${envRef('OVH_APPLICATION_KEY')}`,
      `application-secret: ${envRef('OVH_APPLICATION_SECRET')}`,
      `consumer-key: ${envRef('OVH_CONSUMER_KEY')}`,
    ],
    secrets: [
      { name: 'OVH_APPLICATION_KEY', what: 'OVHcloud application key' },
      { name: 'OVH_APPLICATION_SECRET', what: 'OVHcloud application secret' },
      { name: 'OVH_CONSUMER_KEY', what: 'OVHcloud consumer key granted the /domain/zone record calls' },
    ],
  },
  docs: { title: 'OVHcloud API', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
