/**
 * powerdns: the PowerDNS Authoritative HTTP API (`/api/v1/servers/{server}/zones/{zone}`). An
 * RRset is replaced as a whole, so we read it, add or remove our one value and write it back,
 * one change per name at a time.
 */
import { z } from 'zod';
import { CHANGE_ME, defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { httpClient } from '../http.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps, zoneFor } from '../provider.js';
import { commonFields, quoteTxt } from './common.js';

const fields = (f: FieldKit) => ({
  'api-url': f
    .url()
    .describe(
      'PowerDNS API root without /api/v1, e.g. https://pdns.internal:8081 (https:// unless loopback or insecure-http)',
    ),
  'api-key': f.secret('api-key', 'PowerDNS API key (X-API-Key)'),
  'server-id': z.string().default('localhost').describe('server id in /api/v1/servers/{server-id}'),
  'insecure-http': f.insecureHttp(),
});

type PowerDnsConfig = ProviderConfig<'powerdns', ReturnType<typeof fields>>;

interface RRset {
  name: string;
  type: string;
  ttl?: number;
  records: Array<{ content: string; disabled?: boolean }>;
}

function create(name: string, config: PowerDnsConfig, deps: ProviderDeps): DnsProvider {
  const common = commonFields(name, config);
  const who = { type: config.type, name };
  deps.log.secret(config['api-key']);
  const api = httpClient({
    who,
    baseUrl: `${config['api-url'].replace(/\/+$/, '')}/api/v1/servers/${encodeURIComponent(config['server-id'])}`,
    headers: { 'X-API-Key': config['api-key'] },
    secrets: [config['api-key']],
    describe: (body) => (body as { error?: unknown }).error?.toString(),
    hint: (status) =>
      status === 401 || status === 403
        ? 'the API refused the key: check the secret mapped to api-key'
        : status === 404
          ? 'check server-id and that the zone exists on this server'
          : status === 0
            ? 'check api-url: the API must be reachable from where certflow runs'
            : undefined,
  });
  const lock = new KeyedLock();
  let zoneList: Promise<Array<{ id: string; name: string }>> | undefined;

  const zoneOf = async (fqdn: string, signal?: AbortSignal) => {
    zoneList ??= api
      .json<Array<{ id: string; name: string }>>({ method: 'GET', path: '/zones', signal })
      .catch((error) => {
        zoneList = undefined;
        throw error;
      });
    const zones = await zoneList;
    const best = zoneFor(
      fqdn,
      zones.map((z) => z.name),
    );
    const zone = zones.find((z) => z.name.toLowerCase().replace(/\.$/, '') === best);
    if (!zone) {
      throw new DnsProviderError(
        who,
        `no zone on server ${config['server-id']} contains ${fqdn} (it serves ${zones.map((z) => z.name).join(', ') || 'nothing'})`,
        `create the zone in PowerDNS, or use another provider for ${fqdn}`,
      );
    }
    return zone;
  };

  const modify = async (fqdn: string, value: string, ttl: number, add: boolean, signal?: AbortSignal) => {
    const zone = await zoneOf(fqdn, signal);
    const rrName = `${fqdn}.`;
    const zonePath = `/zones/${encodeURIComponent(zone.id)}`;
    await lock.run(`${zone.id}|${fqdn}`, async () => {
      const query = `?rrsets=true&rrset_name=${encodeURIComponent(rrName)}&rrset_type=TXT`;
      const current = await api.json<{ rrsets?: RRset[] }>({
        method: 'GET',
        path: `${zonePath}${query}`,
        signal,
      });
      const existing = current.rrsets?.find((r) => r.name.toLowerCase() === rrName && r.type === 'TXT');
      const others = (existing?.records ?? []).filter((r) => r.content !== quoteTxt(value));
      const records = add ? [...others, { content: quoteTxt(value), disabled: false }] : others;
      if (!add && existing && others.length === existing.records.length) return; // already gone
      const rrset =
        records.length === 0
          ? { name: rrName, type: 'TXT', changetype: 'DELETE' }
          : { name: rrName, type: 'TXT', ttl: existing?.ttl ?? ttl, changetype: 'REPLACE', records };
      // REPLACE of the whole set under the lock: sending it twice leaves the same set.
      await api.request({ method: 'PATCH', path: zonePath, body: { rrsets: [rrset] }, signal });
    });
  };

  return {
    ...common,
    present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
    cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
  };
}

const DOCS = `The zone is the longest zone of the server that contains the record name. The TXT RRset is read,
our value added or removed, and written back (\`PATCH\` with \`REPLACE\`, or \`DELETE\` when our value was
the last one), so other values survive.

\`\`\`yaml
dns:
  pdns:
    type: powerdns
    api-url: https://pdns.internal:8081
    api-key: \${PDNS_API_KEY}
\`\`\``;

export const powerdns = defineProvider({
  type: 'powerdns',
  about: 'the PowerDNS Authoritative HTTP API; other values of the record are kept',
  typeText: 'selects the PowerDNS HTTP API',
  fields,
  starter: {
    lines: [
      `api-url: https://pdns.example.com:8081  # ${CHANGE_ME}: PowerDNS HTTP API root`,
      `api-key: ${envRef('PDNS_API_KEY')}`,
      'server-id: localhost',
    ],
    secrets: [{ name: 'PDNS_API_KEY', what: 'PowerDNS API key (X-API-Key)' }],
  },
  docs: { title: 'PowerDNS Authoritative HTTP API', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
