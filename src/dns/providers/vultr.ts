/**
 * vultr: Vultr's API v2 DNS, with an API key. Each TXT value is a record of its own, so creating
 * and deleting one never touches another. The domain is the longest one of the account (every
 * page of `GET /domains`) that contains the record.
 */
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { HttpError, httpClient } from '../http.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps, zoneFor } from '../provider.js';
import { memo, relativeName } from '../zone-search.js';
import { commonFields, quoteTxt } from './common.js';

const fields = (f: FieldKit) => ({
  'api-key': f.secret('api-key', 'Vultr API key (Account > API) allowed from the runner'),
  'api-url': f
    .url()
    .default('https://api.vultr.com/v2')
    .describe('Vultr API root; change it only for tests or proxies'),
  'insecure-http': f.insecureHttp(),
});

type VultrConfig = ProviderConfig<'vultr', ReturnType<typeof fields>>;

interface Meta {
  links?: { next?: string };
}
interface DnsRecord {
  id: string;
  type: string;
  name: string;
  data: string;
}

const PER_PAGE = 500;

function create(name: string, config: VultrConfig, deps: ProviderDeps): DnsProvider {
  const who = { type: config.type, name };
  deps.log.secret(config['api-key']);
  const api = httpClient({
    who,
    baseUrl: config['api-url'],
    headers: { Authorization: `Bearer ${config['api-key']}` },
    secrets: [config['api-key']],
    describe: (body) => (body as { error?: string } | undefined)?.error,
    hint: (status) =>
      status === 401 || status === 403
        ? "the API key was refused: check the secret mapped to api-key and that the key's access control allows the runner's address"
        : status === 0
          ? 'check api-url'
          : undefined,
  });
  const domainList = memo<string[]>();
  const created = new Map<string, { domain: string; id: string }>();

  /** Every item of a cursor-paged list (capped so a loop cannot run away). */
  const all = async <T>(path: string, key: string, signal?: AbortSignal): Promise<T[]> => {
    const out: T[] = [];
    let cursor = '';
    for (let n = 0; n < 200; n++) {
      const q = `per_page=${PER_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const body = await api.json<Record<string, unknown> & { meta?: Meta }>({
        method: 'GET',
        path: `${path}?${q}`,
        signal,
      });
      out.push(...((body[key] as T[] | undefined) ?? []));
      cursor = body.meta?.links?.next ?? '';
      if (!cursor) break;
    }
    return out;
  };

  const domainOf = async (fqdn: string, signal?: AbortSignal): Promise<string> => {
    const domains = await domainList('all', async () =>
      (await all<{ domain: string }>('/domains', 'domains', signal)).map((d) => d.domain.toLowerCase()),
    );
    const best = zoneFor(fqdn, domains);
    if (!best)
      throw new DnsProviderError(
        who,
        `no domain of this account contains ${fqdn} (it has ${domains.length})`,
        'add the domain in Vultr DNS, or use an API key of the account that has it',
      );
    return best;
  };

  return {
    ...commonFields(name, config),
    async present(record, signal) {
      const domain = await domainOf(record.fqdn, signal);
      const { record: made } = await api.json<{ record: DnsRecord }>({
        method: 'POST',
        path: `/domains/${encodeURIComponent(domain)}/records`,
        body: {
          name: relativeName(record.fqdn, domain, ''),
          type: 'TXT',
          data: quoteTxt(record.value),
          ttl: record.ttl,
        },
        signal,
      });
      created.set(`${record.fqdn}|${record.value}`, { domain, id: made.id });
    },
    async cleanup(record, signal) {
      const key = `${record.fqdn}|${record.value}`;
      let mine = created.get(key);
      if (!mine) {
        // Not created by this process (a rerun after a crash): find it by name and value.
        const domain = await domainOf(record.fqdn, signal);
        const rel = relativeName(record.fqdn, domain, '');
        const records = await all<DnsRecord>(
          `/domains/${encodeURIComponent(domain)}/records`,
          'records',
          signal,
        );
        const hit = records.find(
          (r) => r.type === 'TXT' && r.name === rel && r.data.replace(/^"|"$/g, '') === record.value,
        );
        if (!hit) return;
        mine = { domain, id: hit.id };
      }
      try {
        await api.request({
          method: 'DELETE',
          path: `/domains/${encodeURIComponent(mine.domain)}/records/${encodeURIComponent(mine.id)}`,
          signal,
        });
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 404)) throw error;
      }
      created.delete(key);
    },
  };
}

const DOCS = `Each value is its own record (\`POST /domains/{domain}/records\`); cleanup deletes that record
by id, or finds it by name and value after a crash. The domain is the longest one of the account
that contains the record. Vultr API keys are limited to the addresses allowed under Account > API >
Access Control: GitHub-hosted runners have changing addresses, so allow them or use a self-hosted
runner.

\`\`\`yaml
dns:
  vultr:
    type: vultr
    api-key: \${VULTR_API_KEY}
\`\`\``;

export const vultr = defineProvider({
  type: 'vultr',
  about: "Vultr's API v2 DNS; each value is a record of its own",
  typeText: "selects Vultr's DNS API",
  fields,
  starter: {
    lines: [`api-key: ${envRef('VULTR_API_KEY')}`],
    secrets: [{ name: 'VULTR_API_KEY', what: 'Vultr API key whose access control allows the runner' }],
  },
  docs: { title: 'Vultr DNS API', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
