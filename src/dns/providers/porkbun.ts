/**
 * porkbun: Porkbun's API v3 with an API key pair (sent in each request's JSON body, as Porkbun
 * wants). Each TXT value is a record of its own, so creating and deleting one never touches
 * another. The domain is the longest one of the account (`domain/listAll`) that contains the name.
 */
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { httpClient } from '../http.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps, zoneFor } from '../provider.js';
import { memo, relativeName } from '../zone-search.js';
import { commonFields } from './common.js';

const fields = (f: FieldKit) => ({
  'api-key': f.secret('api-key', 'Porkbun API key (pk1_...)'),
  'secret-api-key': f.secret('secret-api-key', 'Porkbun secret API key (sk1_...)'),
  'api-url': f
    .url()
    .default('https://api.porkbun.com/api/json/v3')
    .describe('Porkbun API root; change it only for tests or proxies'),
  'insecure-http': f.insecureHttp(),
});

type PorkbunConfig = ProviderConfig<'porkbun', ReturnType<typeof fields>>;

interface Answer {
  status: string;
  message?: string;
}

/** Porkbun's smallest TTL. */
const MIN_TTL = 600;

function create(name: string, config: PorkbunConfig, deps: ProviderDeps): DnsProvider {
  const who = { type: config.type, name };
  const keys = { apikey: config['api-key'], secretapikey: config['secret-api-key'] };
  deps.log.secret(keys.apikey);
  deps.log.secret(keys.secretapikey);
  const api = httpClient({
    who,
    baseUrl: config['api-url'],
    headers: {},
    secrets: [keys.apikey, keys.secretapikey],
    describe: (body) => (body as Answer | undefined)?.message,
    hint: (status) =>
      status === 400 || status === 401 || status === 403
        ? 'if the keys were refused: check the secrets mapped to api-key and secret-api-key, and that API access is on for the domain'
        : status === 0
          ? 'check api-url'
          : undefined,
  });
  const domainList = memo<string[]>();
  const created = new Map<string, { domain: string; id: string }>();

  /** Every call is a POST with the keys in its body; `idempotent` says whether a retry is harmless. */
  const call = async <T>(path: string, body: object, idempotent: boolean, signal?: AbortSignal) => {
    const answer = await api.json<Answer & T>({
      method: 'POST',
      path,
      body: { ...keys, ...body },
      idempotent,
      signal,
    });
    if (answer?.status !== 'SUCCESS')
      throw api.fail(200, `POST ${path} answered ${answer?.status ?? 'nothing'}: ${answer?.message ?? ''}`);
    return answer;
  };

  const domainOf = async (fqdn: string, signal?: AbortSignal): Promise<string> => {
    const domains = await domainList('all', async () => {
      const out: string[] = [];
      // listAll hands out 1000 domains at a time.
      for (let start = 0; start < 100_000; start += 1000) {
        const page = await call<{ domains?: Array<{ domain: string }> }>(
          '/domain/listAll',
          { start },
          true,
          signal,
        );
        out.push(...(page.domains ?? []).map((d) => d.domain.toLowerCase()));
        if ((page.domains ?? []).length < 1000) break;
      }
      return out;
    });
    const best = zoneFor(fqdn, domains);
    if (!best)
      throw new DnsProviderError(
        who,
        `no domain of this account contains ${fqdn} (it has ${domains.length})`,
        'use the keys of the account that has the domain, and turn on API access for it',
      );
    return best;
  };

  return {
    ...commonFields(name, config),
    async present(record, signal) {
      const domain = await domainOf(record.fqdn, signal);
      const { id } = await call<{ id: string | number }>(
        `/dns/create/${encodeURIComponent(domain)}`,
        {
          name: relativeName(record.fqdn, domain, ''),
          type: 'TXT',
          content: record.value,
          ttl: String(Math.max(MIN_TTL, record.ttl)),
        },
        false,
        signal,
      );
      created.set(`${record.fqdn}|${record.value}`, { domain, id: String(id) });
    },
    async cleanup(record, signal) {
      const key = `${record.fqdn}|${record.value}`;
      let mine = created.get(key);
      if (!mine) {
        // Not created by this process (a rerun after a crash): find it by name and value.
        const domain = await domainOf(record.fqdn, signal);
        const sub = encodeURIComponent(relativeName(record.fqdn, domain, ''));
        const { records } = await call<{ records?: Array<{ id: string; type: string; content: string }> }>(
          `/dns/retrieveByNameType/${encodeURIComponent(domain)}/TXT/${sub}`,
          {},
          true,
          signal,
        );
        const hit = (records ?? []).find((r) => r.type === 'TXT' && r.content === record.value);
        if (!hit) return;
        mine = { domain, id: String(hit.id) };
      }
      await call(
        `/dns/delete/${encodeURIComponent(mine.domain)}/${encodeURIComponent(mine.id)}`,
        {},
        true,
        signal,
      );
      created.delete(key);
    },
  };
}

const DOCS = `Each value is its own record (\`dns/create\`); cleanup deletes that record by id, or finds it by
name and value after a crash. Both keys come from Account > API Access, and API access must be
turned on for each domain (Domain Management > Details). Porkbun's smallest TTL is 600 seconds.

\`\`\`yaml
dns:
  porkbun:
    type: porkbun
    api-key: \${PORKBUN_API_KEY}
    secret-api-key: \${PORKBUN_SECRET_API_KEY}
\`\`\``;

export const porkbun = defineProvider({
  type: 'porkbun',
  about: "Porkbun's API v3; each value is a record of its own",
  typeText: "selects Porkbun's API",
  fields,
  starter: {
    lines: [`api-key: ${envRef('PORKBUN_API_KEY')}`, `secret-api-key: ${envRef('PORKBUN_SECRET_API_KEY')}`],
    secrets: [
      { name: 'PORKBUN_API_KEY', what: 'Porkbun API key (pk1_...)' },
      { name: 'PORKBUN_SECRET_API_KEY', what: 'Porkbun secret API key (sk1_...)' },
    ],
  },
  docs: { title: 'Porkbun API v3', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
