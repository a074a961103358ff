/**
 * digitalocean: DigitalOcean's Domains API (v2) with a personal access token. Each TXT value is a
 * record of its own, so creating and deleting one never touches another. The domain is found with
 * `GET /domains/{name}` from the record's name upwards.
 */
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { bearerClient, HttpError } from '../http.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps } from '../provider.js';
import { memo, nameCandidates, relativeName } from '../zone-search.js';
import { commonFields } from './common.js';

const fields = (f: FieldKit) => ({
  token: f.secret('token', 'DigitalOcean personal access token with the domain read and update scopes'),
  'api-url': f
    .url()
    .default('https://api.digitalocean.com/v2')
    .describe('DigitalOcean API root; change it only for tests or proxies'),
  'insecure-http': f.insecureHttp(),
});

type DigitalOceanConfig = ProviderConfig<'digitalocean', ReturnType<typeof fields>>;

interface DomainRecord {
  id: number;
  type: string;
  name: string;
  data: string;
}

/** DigitalOcean refuses TTLs under 30 seconds. */
const MIN_TTL = 30;
const PER_PAGE = 200;

function create(name: string, config: DigitalOceanConfig, deps: ProviderDeps): DnsProvider {
  const who = { type: config.type, name };
  const api = bearerClient({
    who,
    baseUrl: config['api-url'],
    token: config.token,
    log: deps.log,
    describe: (body) => (body as { message?: string } | undefined)?.message,
    refused:
      'the token was refused: it needs the domain read and update scopes (check the secret mapped to token)',
  });
  const zones = memo<string>();
  const created = new Map<string, number>();

  const zoneOf = (fqdn: string, signal?: AbortSignal) =>
    zones(fqdn, async () => {
      for (const candidate of nameCandidates(fqdn)) {
        try {
          await api.json({ method: 'GET', path: `/domains/${encodeURIComponent(candidate)}`, signal });
          return candidate;
        } catch (error) {
          if (!(error instanceof HttpError && error.status === 404)) throw error;
        }
      }
      throw new DnsProviderError(
        who,
        `no domain of this account contains ${fqdn}`,
        'add the domain to DigitalOcean DNS, or use a token of the account that has it',
      );
    });

  /** Our value's record, found by name and content (a rerun after a crash has no id). */
  const findRecord = async (zone: string, fqdn: string, value: string, signal?: AbortSignal) => {
    const q = `type=TXT&name=${encodeURIComponent(fqdn)}&per_page=${PER_PAGE}`;
    for (let page = 1; ; page++) {
      const body = await api.json<{ domain_records: DomainRecord[]; links?: { pages?: { next?: string } } }>({
        method: 'GET',
        path: `/domains/${encodeURIComponent(zone)}/records?${q}&page=${page}`,
        signal,
      });
      const hit = body.domain_records.find((r) => r.type === 'TXT' && r.data.replace(/^"|"$/g, '') === value);
      if (hit) return hit.id;
      // The next page is counted here, not taken from the link: its URL is the server's to choose.
      if (!body.links?.pages?.next || page >= 1000) return undefined;
    }
  };

  return {
    ...commonFields(name, config),
    async present(record, signal) {
      const zone = await zoneOf(record.fqdn, signal);
      const body = await api.json<{ domain_record: DomainRecord }>({
        method: 'POST',
        path: `/domains/${encodeURIComponent(zone)}/records`,
        body: {
          type: 'TXT',
          name: relativeName(record.fqdn, zone),
          data: record.value,
          ttl: Math.max(MIN_TTL, record.ttl),
        },
        signal,
      });
      created.set(`${record.fqdn}|${record.value}`, body.domain_record.id);
    },
    async cleanup(record, signal) {
      const zone = await zoneOf(record.fqdn, signal);
      const key = `${record.fqdn}|${record.value}`;
      const id = created.get(key) ?? (await findRecord(zone, record.fqdn, record.value, signal));
      if (id === undefined) return;
      try {
        await api.request({
          method: 'DELETE',
          path: `/domains/${encodeURIComponent(zone)}/records/${id}`,
          signal,
        });
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 404)) throw error;
      }
      created.delete(key);
    },
  };
}

const DOCS = `Each value is its own record (\`POST /domains/{domain}/records\`); cleanup deletes that record by
id, or finds it by name and value after a crash. The domain is looked up from the record's name
upwards. Create the token under API > Tokens with the \`domain:read\` and \`domain:update\` scopes
(custom scopes), or full write access.

\`\`\`yaml
dns:
  do:
    type: digitalocean
    token: \${DIGITALOCEAN_TOKEN}
\`\`\``;

export const digitalocean = defineProvider({
  type: 'digitalocean',
  about: "DigitalOcean's Domains API; each value is a record of its own",
  typeText: "selects DigitalOcean's Domains API",
  fields,
  starter: {
    lines: [`token: ${envRef('DIGITALOCEAN_TOKEN')}`],
    secrets: [
      {
        name: 'DIGITALOCEAN_TOKEN',
        what: 'DigitalOcean personal access token with the domain:read and domain:update scopes',
      },
    ],
  },
  docs: { title: 'DigitalOcean Domains API', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
