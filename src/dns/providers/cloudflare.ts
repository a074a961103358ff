/**
 * cloudflare: the Cloudflare REST API v4 with an API token (Zone.DNS edit). Each TXT value is
 * its own record, so creating and deleting one never touches another. The zone is `zone-id`
 * or found with `GET /zones?name=` from the record's name upwards.
 */
import { z } from 'zod';
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { bearerClient, type HttpRequest } from '../http.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps } from '../provider.js';
import { commonFields } from './common.js';

const fields = (f: FieldKit) => ({
  'api-token': f.secret('api-token', 'Cloudflare API token with Zone > DNS > Edit on the zone'),
  'zone-id': z.string().optional().describe('zone id (default: looked up by name from the record upwards)'),
  'api-url': f
    .url()
    .default('https://api.cloudflare.com/client/v4')
    .describe('Cloudflare API root; change it only for tests or proxies'),
  'insecure-http': f.insecureHttp(),
});

type CloudflareConfig = ProviderConfig<'cloudflare', ReturnType<typeof fields>>;

interface Envelope<T> {
  success: boolean;
  errors?: Array<{ code: number; message: string }>;
  result: T;
}

/** Cloudflare's own words: its error list, "message (code n)". */
const errorsOf = (body: unknown) =>
  (body as Partial<Envelope<unknown>> | undefined)?.errors
    ?.map((e) => `${e.message} (code ${e.code})`)
    .join('; ');

/** Cloudflare takes TTL 1 (automatic) or 120 seconds and more. */
const cloudflareTtl = (ttl: number) => (ttl <= 1 ? 1 : Math.max(120, ttl));

function create(name: string, config: CloudflareConfig, deps: ProviderDeps): DnsProvider {
  const common = commonFields(name, config);
  const who = { type: config.type, name };
  const api = bearerClient({
    who,
    baseUrl: config['api-url'],
    token: config['api-token'],
    log: deps.log,
    describe: errorsOf,
    refused:
      'the token was refused: it needs Zone.DNS edit permission on this zone (check the secret mapped to api-token)',
  });
  const zoneIds = new Map<string, Promise<string>>();
  /** Record ids we created, by name and value: cleanup deletes exactly these. */
  const created = new Map<string, string>();

  /** The envelope's result; an answer of 2xx with `success: false` is an error too. */
  const call = async <T>(req: HttpRequest): Promise<T> => {
    const answer = await api.request(req);
    let envelope: Envelope<T> | undefined;
    try {
      envelope = JSON.parse(answer.text) as Envelope<T>;
    } catch {
      envelope = undefined;
    }
    if (!envelope?.success) {
      throw api.fail(
        answer.status,
        `${req.method} ${req.path} answered HTTP ${answer.status} without success: ${errorsOf(envelope) || 'no errors given'}`,
      );
    }
    return envelope.result;
  };

  const zoneId = (fqdn: string, signal?: AbortSignal): Promise<string> => {
    if (config['zone-id']) return Promise.resolve(config['zone-id']);
    const labels = fqdn.split('.');
    const key = labels.slice(-2).join('.');
    // Cache by the record's own name: different names may sit in different zones.
    let found = zoneIds.get(fqdn);
    if (found) return found;
    found = (async () => {
      for (let i = 0; i < labels.length - 1; i++) {
        const candidate = labels.slice(i).join('.');
        const zones = await call<Array<{ id: string; name: string }>>({
          method: 'GET',
          path: `/zones?name=${encodeURIComponent(candidate)}`,
          signal,
        });
        const zone = zones.find((z) => z.name.toLowerCase() === candidate);
        if (zone) return zone.id;
      }
      throw new DnsProviderError(
        who,
        `no zone of this account contains ${fqdn} (looked up to ${key})`,
        'give the token access to the zone, or set zone-id',
      );
    })();
    found.catch(() => zoneIds.delete(fqdn));
    zoneIds.set(fqdn, found);
    return found;
  };

  return {
    ...common,
    async present(record, signal) {
      const zone = await zoneId(record.fqdn, signal);
      const result = await call<{ id: string }>({
        method: 'POST',
        path: `/zones/${zone}/dns_records`,
        body: { type: 'TXT', name: record.fqdn, content: record.value, ttl: cloudflareTtl(record.ttl) },
        signal,
      });
      created.set(`${record.fqdn}|${record.value}`, result.id);
    },
    async cleanup(record, signal) {
      const zone = await zoneId(record.fqdn, signal);
      let id = created.get(`${record.fqdn}|${record.value}`);
      if (!id) {
        // Not created by this process (a rerun after a crash): find it by name and content.
        const q = `type=TXT&name=${encodeURIComponent(record.fqdn)}&content=${encodeURIComponent(record.value)}`;
        const found = await call<Array<{ id: string; content: string }>>({
          method: 'GET',
          path: `/zones/${zone}/dns_records?${q}`,
          signal,
        });
        id = found.find((r) => r.content.replace(/^"|"$/g, '') === record.value)?.id;
        if (!id) return;
      }
      await call({ method: 'DELETE', path: `/zones/${zone}/dns_records/${id}`, signal });
      created.delete(`${record.fqdn}|${record.value}`);
    },
  };
}

const DOCS = `Each value is its own record (\`POST /zones/{id}/dns_records\`); cleanup deletes the record by id.

\`\`\`yaml
dns:
  cf:
    type: cloudflare
    api-token: \${CLOUDFLARE_API_TOKEN}
\`\`\``;

export const cloudflare = defineProvider({
  type: 'cloudflare',
  about: 'the Cloudflare API v4; each value is a record of its own',
  typeText: 'selects the Cloudflare API',
  fields,
  starter: {
    lines: [
      `api-token: ${envRef('CLOUDFLARE_API_TOKEN')}`,
      '# zone-id: 0123456789abcdef0123456789abcdef   # optional: skips the zone lookup',
    ],
    secrets: [{ name: 'CLOUDFLARE_API_TOKEN', what: 'Cloudflare API token with Zone.DNS edit on the zone' }],
  },
  docs: { title: 'Cloudflare API v4', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
