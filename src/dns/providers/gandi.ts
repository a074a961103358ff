/**
 * gandi: Gandi's LiveDNS API v5 with a personal access token. LiveDNS keeps one RRset per name and
 * type, so a value is added by reading the set and writing it back with ours added (PUT), and
 * removed the same way, one change per name at a time (the set is deleted when nothing is left).
 * The domain is found with `GET /domains/{name}` from the record's name upwards.
 */
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { bearerClient, HttpError } from '../http.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps } from '../provider.js';
import { memo, nameCandidates, relativeName } from '../zone-search.js';
import { commonFields, quoteTxt } from './common.js';

const fields = (f: FieldKit) => ({
  token: f.secret(
    'token',
    'Gandi personal access token with the "Manage domain name technical configurations" permission',
  ),
  'api-url': f
    .url()
    .default('https://api.gandi.net/v5/livedns')
    .describe('LiveDNS API root; change it only for tests or proxies'),
  'insecure-http': f.insecureHttp(),
});

type GandiConfig = ProviderConfig<'gandi', ReturnType<typeof fields>>;

/** LiveDNS refuses TTLs under 300 seconds. */
const MIN_TTL = 300;

function create(name: string, config: GandiConfig, deps: ProviderDeps): DnsProvider {
  const who = { type: config.type, name };
  const api = bearerClient({
    who,
    baseUrl: config['api-url'],
    token: config.token,
    log: deps.log,
    describe: (body) => (body as { message?: string } | undefined)?.message,
    refused:
      "the token was refused: it needs the permission to manage the domain's technical configuration (check the secret mapped to token)",
  });
  const domains = memo<string>();
  const lock = new KeyedLock();

  const domainOf = (fqdn: string, signal?: AbortSignal) =>
    domains(fqdn, async () => {
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
        `no LiveDNS domain of this account contains ${fqdn}`,
        'check that the domain uses LiveDNS and that the token may manage it',
      );
    });

  const change = async (fqdn: string, value: string, add: boolean, ttl: number, signal?: AbortSignal) => {
    const domain = await domainOf(fqdn, signal);
    const path = `/domains/${encodeURIComponent(domain)}/records/${encodeURIComponent(relativeName(fqdn, domain))}/TXT`;
    await lock.run(fqdn, async () => {
      let current: { rrset_values: string[]; rrset_ttl: number } | undefined;
      try {
        current = await api.json({ method: 'GET', path, signal });
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 404)) throw error;
      }
      const values = current?.rrset_values ?? [];
      if (add === values.includes(quoteTxt(value))) return;
      const next = add ? [...values, quoteTxt(value)] : values.filter((v) => v !== quoteTxt(value));
      if (next.length === 0) {
        await api.request({ method: 'DELETE', path, signal });
        return;
      }
      await api.request({
        method: 'PUT',
        path,
        body: { rrset_values: next, rrset_ttl: current?.rrset_ttl ?? Math.max(MIN_TTL, ttl) },
        signal,
      });
    });
  };

  return {
    ...commonFields(name, config),
    present: (record, signal) => change(record.fqdn, record.value, true, record.ttl, signal),
    cleanup: (record, signal) => change(record.fqdn, record.value, false, record.ttl, signal),
  };
}

const DOCS = `LiveDNS keeps one RRset per name and type: certflow reads the TXT set, writes it back with its
value added (PUT), and later writes it back without it (DELETE when nothing is left), one change per
name at a time inside a run. Create a personal access token in the Gandi admin under Organizations >
Personal Access Tokens, limited to the domain, with "Manage domain name technical configurations".
LiveDNS's smallest TTL is 300 seconds.

\`\`\`yaml
dns:
  gandi:
    type: gandi
    token: \${GANDI_PAT}
\`\`\``;

export const gandi = defineProvider({
  type: 'gandi',
  about: "Gandi's LiveDNS API v5; the TXT set is read, changed by our one value and written back",
  typeText: "selects Gandi's LiveDNS API",
  fields,
  starter: {
    lines: [`token: ${envRef('GANDI_PAT')}`],
    secrets: [{ name: 'GANDI_PAT', what: 'Gandi personal access token allowed to manage the domain' }],
  },
  docs: { title: 'Gandi LiveDNS', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
