/**
 * hetzner: Hetzner DNS through the Hetzner Cloud API (api.hetzner.cloud/v1, which took over from
 * the old DNS Console API), with a project API token. A value is added to and removed from its
 * RRSet one by one (`add_records` / `remove_records` actions), so other values of the name are
 * never rewritten; each action is followed until it has succeeded. The zone is found with
 * `GET /zones?name=` from the record's name upwards.
 */
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { bearerClient, HttpError } from '../http.js';
import { sleep } from '../propagation.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps } from '../provider.js';
import { memo, nameCandidates, relativeName } from '../zone-search.js';
import { commonFields, quoteTxt } from './common.js';

const fields = (f: FieldKit) => ({
  token: f.secret('token', 'Hetzner Cloud API token (Read & Write) of the project that holds the zone'),
  'api-url': f
    .url()
    .default('https://api.hetzner.cloud/v1')
    .describe('Hetzner Cloud API root; change it only for tests or proxies'),
  'insecure-http': f.insecureHttp(),
});

type HetznerConfig = ProviderConfig<'hetzner', ReturnType<typeof fields>>;

interface Action {
  id: number;
  status: 'running' | 'success' | 'error';
  error: { code: string; message: string } | null;
}

/** Hetzner refuses RRSet TTLs under 60 seconds. */
const MIN_TTL = 60;
/** How long an action may run before we give up on it. */
const ACTION_LIMIT_MS = 60_000;

function create(name: string, config: HetznerConfig, deps: ProviderDeps): DnsProvider {
  const who = { type: config.type, name };
  const api = bearerClient({
    who,
    baseUrl: config['api-url'],
    token: config.token,
    log: deps.log,
    describe: (body) => {
      const e = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      return e ? `${e.message} (${e.code})` : undefined;
    },
    refused:
      'the token was refused: it needs Read & Write on the project that holds the zone (check the secret mapped to token)',
  });
  const zones = memo<{ id: number; name: string }>();
  // Several values of one name in flight: read and change one at a time, so "is ours there" holds.
  const lock = new KeyedLock();

  const zoneOf = (fqdn: string, signal?: AbortSignal) =>
    zones(fqdn, async () => {
      for (const candidate of nameCandidates(fqdn)) {
        const { zones: found } = await api.json<{ zones: Array<{ id: number; name: string }> }>({
          method: 'GET',
          path: `/zones?name=${encodeURIComponent(candidate)}`,
          signal,
        });
        const zone = found.find((z) => z.name.toLowerCase() === candidate);
        if (zone) return { id: zone.id, name: candidate };
      }
      throw new DnsProviderError(
        who,
        `no zone of this project contains ${fqdn}`,
        'use a token of the project that holds the zone (zones moved from the DNS Console must be migrated to the Cloud Console first)',
      );
    });

  const rrsetPath = (zone: { id: number; name: string }, fqdn: string) =>
    `/zones/${zone.id}/rrsets/${encodeURIComponent(relativeName(fqdn, zone.name))}/TXT`;

  const values = async (path: string, signal?: AbortSignal): Promise<string[]> => {
    try {
      const { rrset } = await api.json<{ rrset: { records: Array<{ value: string }> } }>({
        method: 'GET',
        path,
        signal,
      });
      return rrset.records.map((r) => r.value);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return [];
      throw error;
    }
  };

  /** Waits until the action has run; an action that failed is an error. */
  const settle = async (action: Action, what: string, signal?: AbortSignal) => {
    const deadline = Date.now() + ACTION_LIMIT_MS;
    let current = action;
    for (let wait = 250; current.status === 'running'; wait = Math.min(wait * 2, 2000)) {
      if (Date.now() > deadline)
        throw new DnsProviderError(who, `${what}: action ${current.id} still running after 60s`);
      await sleep(wait, signal);
      current = (
        await api.json<{ action: Action }>({ method: 'GET', path: `/zones/actions/${current.id}`, signal })
      ).action;
    }
    if (current.status !== 'success')
      throw api.fail(
        200,
        `${what}: action ${current.id} failed: ${current.error?.message ?? current.status}`,
      );
  };

  return {
    ...commonFields(name, config),
    async present(record, signal) {
      const zone = await zoneOf(record.fqdn, signal);
      const path = rrsetPath(zone, record.fqdn);
      await lock.run(record.fqdn, async () => {
        if ((await values(path, signal)).includes(quoteTxt(record.value))) return;
        const { action } = await api.json<{ action: Action }>({
          method: 'POST',
          path: `${path}/actions/add_records`,
          body: { ttl: Math.max(MIN_TTL, record.ttl), records: [{ value: quoteTxt(record.value) }] },
          signal,
        });
        await settle(action, `adding a value to ${record.fqdn}`, signal);
      });
    },
    async cleanup(record, signal) {
      const zone = await zoneOf(record.fqdn, signal);
      const path = rrsetPath(zone, record.fqdn);
      await lock.run(record.fqdn, async () => {
        if (!(await values(path, signal)).includes(quoteTxt(record.value))) return;
        const { action } = await api.json<{ action: Action }>({
          method: 'POST',
          path: `${path}/actions/remove_records`,
          body: { records: [{ value: quoteTxt(record.value) }] },
          signal,
        });
        await settle(action, `removing a value from ${record.fqdn}`, signal);
      });
    },
  };
}

const DOCS = `Hetzner DNS through the Hetzner Cloud API, which replaced the DNS Console API: zones still in
the DNS Console must be moved to a Cloud project first. A value is added to its RRSet with the
\`add_records\` action and removed with \`remove_records\`, so other values of the name (the apex
and the wildcard of one order, another tool's) are never rewritten; certflow waits for each
action to finish. Create the token in the Cloud Console under Security > API tokens, with Read &
Write.

\`\`\`yaml
dns:
  hetzner:
    type: hetzner
    token: \${HETZNER_TOKEN}
\`\`\``;

export const hetzner = defineProvider({
  type: 'hetzner',
  about: 'Hetzner DNS through the Hetzner Cloud API; values are added and removed one by one',
  typeText: 'selects Hetzner DNS (Hetzner Cloud API)',
  fields,
  starter: {
    lines: [`token: ${envRef('HETZNER_TOKEN')}`],
    secrets: [
      { name: 'HETZNER_TOKEN', what: 'Hetzner Cloud API token (Read & Write) of the project with the zone' },
    ],
  },
  docs: { title: 'Hetzner DNS (Cloud API)', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
