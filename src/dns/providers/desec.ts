/**
 * desec: deSEC's REST API (desec.io) with a token. deSEC keeps one RRset per name and type, so
 * a value is added by reading the set and writing it back with ours added, and removed the same
 * way, one change per name at a time (an empty set is deleted). The domain is the one deSEC says
 * owns the name (`GET /domains/?owns_qname=`).
 */
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { HttpError, httpClient } from '../http.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps } from '../provider.js';
import { memo, relativeName } from '../zone-search.js';
import { commonFields, quoteTxt } from './common.js';

const fields = (f: FieldKit) => ({
  token: f.secret('token', 'deSEC API token (may be limited to the domain)'),
  'api-url': f
    .url()
    .default('https://desec.io/api/v1')
    .describe('deSEC API root; change it only for tests or proxies'),
  'insecure-http': f.insecureHttp(),
});

type DesecConfig = ProviderConfig<'desec', ReturnType<typeof fields>>;

interface Domain {
  name: string;
  minimum_ttl: number;
}

function create(name: string, config: DesecConfig, deps: ProviderDeps): DnsProvider {
  const who = { type: config.type, name };
  deps.log.secret(config.token);
  const api = httpClient({
    who,
    baseUrl: config['api-url'],
    headers: { Authorization: `Token ${config.token}` },
    secrets: [config.token],
    // deSEC throttles writes per domain and says how long to wait; waiting is the right answer.
    maxWaitMs: 60_000,
    describe: (body) => {
      if (!body || typeof body !== 'object') return undefined;
      const b = body as Record<string, unknown>;
      if (typeof b.detail === 'string') return b.detail;
      return Object.entries(b)
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' ') : String(v)}`)
        .join('; ');
    },
    hint: (status) =>
      status === 401 || status === 403
        ? 'the token was refused: check the secret mapped to token (and its domain policy, if it has one)'
        : status === 0
          ? 'check api-url'
          : undefined,
  });
  const domains = memo<Domain>();
  const lock = new KeyedLock();

  const domainOf = (fqdn: string, signal?: AbortSignal) =>
    domains(fqdn, async () => {
      const found = await api.json<Domain[]>({
        method: 'GET',
        path: `/domains/?owns_qname=${encodeURIComponent(fqdn)}`,
        signal,
      });
      const domain = found[0];
      if (!domain)
        throw new DnsProviderError(
          who,
          `no domain of this account contains ${fqdn}`,
          'add the domain to deSEC, or use a token of the account that has it',
        );
      return { name: domain.name.toLowerCase(), minimum_ttl: domain.minimum_ttl };
    });

  /** The set's values and TTL; undefined when there is none. */
  const read = async (path: string, signal?: AbortSignal) => {
    try {
      return await api.json<{ records: string[]; ttl: number }>({ method: 'GET', path, signal });
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return undefined;
      throw error;
    }
  };

  const change = async (fqdn: string, value: string, add: boolean, ttl: number, signal?: AbortSignal) => {
    const domain = await domainOf(fqdn, signal);
    const subname = relativeName(fqdn, domain.name, '');
    const path = `/domains/${encodeURIComponent(domain.name)}/rrsets/${encodeURIComponent(subname || '@')}/TXT/`;
    await lock.run(fqdn, async () => {
      const current = await read(path, signal);
      const values = current?.records ?? [];
      const has = values.includes(quoteTxt(value));
      if (add === has) return;
      if (!current) {
        await api.json({
          method: 'POST',
          path: `/domains/${encodeURIComponent(domain.name)}/rrsets/`,
          body: { subname, type: 'TXT', ttl: Math.max(domain.minimum_ttl, ttl), records: [quoteTxt(value)] },
          signal,
        });
        return;
      }
      const records = add ? [...values, quoteTxt(value)] : values.filter((v) => v !== quoteTxt(value));
      // PATCH with the whole list: an empty list deletes the set.
      await api.request({ method: 'PATCH', path, body: { records }, signal });
    });
  };

  return {
    ...commonFields(name, config),
    present: (record, signal) => change(record.fqdn, record.value, true, record.ttl, signal),
    cleanup: (record, signal) => change(record.fqdn, record.value, false, record.ttl, signal),
  };
}

const DOCS = `deSEC keeps one RRset per name and type: certflow reads the TXT set, writes it back with its value
added, and later writes it back without it (deleting the set when nothing is left), one change per
name at a time inside a run. deSEC's minimum TTL (3600 s on most domains) applies. deSEC throttles
writes; certflow waits as long as deSEC asks, up to a minute.

\`\`\`yaml
dns:
  desec:
    type: desec
    token: \${DESEC_TOKEN}
\`\`\``;

export const desec = defineProvider({
  type: 'desec',
  about: "deSEC's REST API; the TXT set is read, changed by our one value and written back",
  typeText: "selects deSEC's API",
  fields,
  starter: {
    lines: [`token: ${envRef('DESEC_TOKEN')}`],
    secrets: [{ name: 'DESEC_TOKEN', what: 'deSEC API token' }],
  },
  docs: { title: 'deSEC', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
