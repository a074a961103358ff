/**
 * dnsimple: DNSimple's API v2 with an account access token. Each TXT value is a record of its
 * own, so creating and deleting one never touches another. The account is `account-id` or the
 * token's own (`GET /whoami`); the zone is found with `GET /{account}/zones/{name}` from the
 * record's name upwards.
 */
import { z } from 'zod';
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { bearerClient, HttpError } from '../http.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps } from '../provider.js';
import { memo, nameCandidates, relativeName } from '../zone-search.js';
import { commonFields } from './common.js';

const fields = (f: FieldKit) => ({
  token: f.secret('token', 'DNSimple account access token'),
  'account-id': z
    .string()
    .regex(/^\d+$/, 'the account id is a number')
    .optional()
    .describe("account id (default: the token's account; needed for a user token)"),
  'api-url': f
    .url()
    .default('https://api.dnsimple.com/v2')
    .describe('DNSimple API root; https://api.sandbox.dnsimple.com/v2 for the sandbox'),
  'insecure-http': f.insecureHttp(),
});

type DnsimpleConfig = ProviderConfig<'dnsimple', ReturnType<typeof fields>>;

interface ZoneRecord {
  id: number;
  name: string;
  type: string;
  content: string;
}

const PER_PAGE = 100;

function create(name: string, config: DnsimpleConfig, deps: ProviderDeps): DnsProvider {
  const who = { type: config.type, name };
  const api = bearerClient({
    who,
    baseUrl: config['api-url'],
    token: config.token,
    log: deps.log,
    describe: (body) => (body as { message?: string } | undefined)?.message,
    refused:
      'the token was refused: check the secret mapped to token (an account token of the account that has the zone)',
  });
  const accounts = memo<string>();
  const zones = memo<string>();
  const created = new Map<string, { account: string; zone: string; id: number }>();

  const accountOf = (signal?: AbortSignal) =>
    accounts('me', async () => {
      if (config['account-id']) return config['account-id'];
      const { data } = await api.json<{ data: { account: { id: number } | null } }>({
        method: 'GET',
        path: '/whoami',
        signal,
      });
      if (!data.account)
        throw new DnsProviderError(
          who,
          'this is a user token: it names no account',
          'set account-id, or use an account access token',
        );
      return String(data.account.id);
    });

  const zoneOf = (account: string, fqdn: string, signal?: AbortSignal) =>
    zones(fqdn, async () => {
      for (const candidate of nameCandidates(fqdn)) {
        try {
          await api.json({
            method: 'GET',
            path: `/${account}/zones/${encodeURIComponent(candidate)}`,
            signal,
          });
          return candidate;
        } catch (error) {
          if (!(error instanceof HttpError && error.status === 404)) throw error;
        }
      }
      throw new DnsProviderError(
        who,
        `no zone of account ${account} contains ${fqdn}`,
        'add the zone in DNSimple, or set account-id to the account that has it',
      );
    });

  return {
    ...commonFields(name, config),
    async present(record, signal) {
      const account = await accountOf(signal);
      const zone = await zoneOf(account, record.fqdn, signal);
      const { data } = await api.json<{ data: ZoneRecord }>({
        method: 'POST',
        path: `/${account}/zones/${encodeURIComponent(zone)}/records`,
        body: {
          name: relativeName(record.fqdn, zone, ''),
          type: 'TXT',
          content: record.value,
          ttl: record.ttl,
        },
        signal,
      });
      created.set(`${record.fqdn}|${record.value}`, { account, zone, id: data.id });
    },
    async cleanup(record, signal) {
      const key = `${record.fqdn}|${record.value}`;
      let mine = created.get(key);
      if (!mine) {
        // Not created by this process (a rerun after a crash): find it by name and value.
        const account = await accountOf(signal);
        const zone = await zoneOf(account, record.fqdn, signal);
        const q = `name=${encodeURIComponent(relativeName(record.fqdn, zone, ''))}&type=TXT&per_page=${PER_PAGE}`;
        for (let page = 1; page <= 100 && !mine; page++) {
          const body = await api.json<{ data: ZoneRecord[]; pagination: { total_pages: number } }>({
            method: 'GET',
            path: `/${account}/zones/${encodeURIComponent(zone)}/records?${q}&page=${page}`,
            signal,
          });
          const hit = body.data.find(
            (r) => r.type === 'TXT' && r.content.replace(/^"|"$/g, '') === record.value,
          );
          if (hit) mine = { account, zone, id: hit.id };
          if (page >= body.pagination.total_pages) break;
        }
        if (!mine) return;
      }
      try {
        await api.request({
          method: 'DELETE',
          path: `/${mine.account}/zones/${encodeURIComponent(mine.zone)}/records/${mine.id}`,
          signal,
        });
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 404)) throw error;
      }
      created.delete(key);
    },
  };
}

const DOCS = `Each value is its own record (\`POST /{account}/zones/{zone}/records\`); cleanup deletes that
record by id, or finds it by name and value after a crash. The account is the token's own (an
account access token, from Account > Access tokens); with a user token, set \`account-id\`.

\`\`\`yaml
dns:
  dnsimple:
    type: dnsimple
    token: \${DNSIMPLE_TOKEN}
\`\`\``;

export const dnsimple = defineProvider({
  type: 'dnsimple',
  about: "DNSimple's API v2; each value is a record of its own",
  typeText: "selects DNSimple's API",
  fields,
  starter: {
    lines: [`token: ${envRef('DNSIMPLE_TOKEN')}`, '# account-id: "1234"   # only for a user token'],
    secrets: [{ name: 'DNSIMPLE_TOKEN', what: 'DNSimple account access token' }],
  },
  docs: { title: 'DNSimple API v2', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
