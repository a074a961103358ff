/**
 * linode: the Linode (Akamai Cloud) API v4 Domains, with a personal access token. Each TXT value
 * is a record of its own, so creating and deleting one never touches another. The domain is the
 * longest one of the account (every page of `GET /domains`) that contains the record.
 */
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { bearerClient, HttpError } from '../http.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps, zoneFor } from '../provider.js';
import { memo, relativeName } from '../zone-search.js';
import { commonFields } from './common.js';

const fields = (f: FieldKit) => ({
  token: f.secret('token', 'Linode personal access token with Domains read/write'),
  'api-url': f
    .url()
    .default('https://api.linode.com/v4')
    .describe('Linode API root; change it only for tests or proxies'),
  'insecure-http': f.insecureHttp(),
});

type LinodeConfig = ProviderConfig<'linode', ReturnType<typeof fields>>;

interface Page<T> {
  data: T[];
  page: number;
  pages: number;
}
interface Domain {
  id: number;
  domain: string;
}
interface DomainRecord {
  id: number;
  type: string;
  name: string;
  target: string;
}

const PAGE_SIZE = 500;

function create(name: string, config: LinodeConfig, deps: ProviderDeps): DnsProvider {
  const who = { type: config.type, name };
  const api = bearerClient({
    who,
    baseUrl: config['api-url'],
    token: config.token,
    log: deps.log,
    describe: (body) =>
      (body as { errors?: Array<{ field?: string; reason: string }> } | undefined)?.errors
        ?.map((e) => (e.field ? `${e.field}: ${e.reason}` : e.reason))
        .join('; '),
    refused:
      'the token was refused: it needs the Domains read/write scope (check the secret mapped to token)',
  });
  const domainList = memo<Domain[]>();
  const created = new Map<string, { domain: number; id: number }>();

  /** Every item of a paged list (the page count is the server's; capped so a loop cannot run away). */
  const all = async <T>(path: string, signal?: AbortSignal): Promise<T[]> => {
    const out: T[] = [];
    for (let page = 1; page <= 200; page++) {
      const sep = path.includes('?') ? '&' : '?';
      const body = await api.json<Page<T>>({
        method: 'GET',
        path: `${path}${sep}page=${page}&page_size=${PAGE_SIZE}`,
        signal,
      });
      out.push(...body.data);
      if (page >= body.pages) break;
    }
    return out;
  };

  const domainOf = async (fqdn: string, signal?: AbortSignal): Promise<Domain> => {
    const domains = await domainList('all', () => all<Domain>('/domains', signal));
    const best = zoneFor(
      fqdn,
      domains.map((d) => d.domain),
    );
    const domain = domains.find((d) => d.domain.toLowerCase() === best);
    if (!domain)
      throw new DnsProviderError(
        who,
        `no domain of this account contains ${fqdn} (it has ${domains.length})`,
        'add the domain in Linode DNS Manager, or use a token of the account that has it',
      );
    return { id: domain.id, domain: domain.domain.toLowerCase() };
  };

  return {
    ...commonFields(name, config),
    async present(record, signal) {
      const domain = await domainOf(record.fqdn, signal);
      const body = await api.json<DomainRecord>({
        method: 'POST',
        path: `/domains/${domain.id}/records`,
        body: {
          type: 'TXT',
          name: relativeName(record.fqdn, domain.domain, ''),
          target: record.value,
          ttl_sec: record.ttl,
        },
        signal,
      });
      created.set(`${record.fqdn}|${record.value}`, { domain: domain.id, id: body.id });
    },
    async cleanup(record, signal) {
      const key = `${record.fqdn}|${record.value}`;
      let mine = created.get(key);
      if (!mine) {
        // Not created by this process (a rerun after a crash): find it by name and value.
        const domain = await domainOf(record.fqdn, signal);
        const rel = relativeName(record.fqdn, domain.domain, '');
        const records = await all<DomainRecord>(`/domains/${domain.id}/records`, signal);
        const hit = records.find((r) => r.type === 'TXT' && r.name === rel && r.target === record.value);
        if (!hit) return;
        mine = { domain: domain.id, id: hit.id };
      }
      try {
        await api.request({ method: 'DELETE', path: `/domains/${mine.domain}/records/${mine.id}`, signal });
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 404)) throw error;
      }
      created.delete(key);
    },
  };
}

const DOCS = `Each value is its own record (\`POST /domains/{id}/records\`); cleanup deletes that record by
id, or finds it by name and value after a crash. The domain is the longest one of the account that
contains the record. Linode rounds TTLs up to 300 seconds at least. Create the token under
Profile > API Tokens with Domains: Read/Write.

\`\`\`yaml
dns:
  linode:
    type: linode
    token: \${LINODE_TOKEN}
\`\`\``;

export const linode = defineProvider({
  type: 'linode',
  about: 'the Linode (Akamai Cloud) API v4 Domains; each value is a record of its own',
  typeText: 'selects the Linode (Akamai Cloud) Domains API',
  fields,
  starter: {
    lines: [`token: ${envRef('LINODE_TOKEN')}`],
    secrets: [{ name: 'LINODE_TOKEN', what: 'Linode personal access token with Domains read/write' }],
  },
  docs: { title: 'Linode (Akamai Cloud) Domains API', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
