/**
 * cloudflare: the Cloudflare REST API v4 with an API token (Zone.DNS edit). Each TXT value is
 * its own record, so creating and deleting one never touches another. The zone is `zone-id`
 * or found with `GET /zones?name=` from the record's name upwards.
 */
import type { DnsProviderConfig } from '../../config/schema.js';
import { errorMessage } from '../../util/errors.js';
import { DnsProviderError, type ProviderFactory } from '../provider.js';
import { commonFields } from './common.js';

type CloudflareConfig = Extract<DnsProviderConfig, { type: 'cloudflare' }>;

interface Envelope<T> {
  success: boolean;
  errors?: Array<{ code: number; message: string }>;
  result: T;
}

/** Cloudflare takes TTL 1 (automatic) or 120 seconds and more. */
const cloudflareTtl = (ttl: number) => (ttl <= 1 ? 1 : Math.max(120, ttl));

export const cloudflare: ProviderFactory = (name, raw, deps) => {
  const config = raw as CloudflareConfig;
  const common = commonFields(name, config);
  const who = { type: config.type, name };
  deps.log.secret(config['api-token']);
  const base = config['api-url'].replace(/\/+$/, '');
  const zoneIds = new Map<string, Promise<string>>();
  /** Record ids we created, by name and value: cleanup deletes exactly these. */
  const created = new Map<string, string>();

  const call = async <T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${config['api-token']}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      throw new DnsProviderError(who, `${method} ${path}: ${errorMessage(error)}`, 'check api-url');
    }
    const envelope = (await res.json().catch(() => undefined)) as Envelope<T> | undefined;
    if (!res.ok || !envelope?.success) {
      const words =
        envelope?.errors?.map((e) => `${e.message} (code ${e.code})`).join('; ') || `HTTP ${res.status}`;
      const hint =
        res.status === 401 || res.status === 403
          ? 'the token was refused: it needs Zone.DNS edit permission on this zone (check the secret mapped to api-token)'
          : undefined;
      throw new DnsProviderError(who, `${method} ${path}: ${words}`, hint);
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
        const zones = await call<Array<{ id: string; name: string }>>(
          'GET',
          `/zones?name=${encodeURIComponent(candidate)}`,
          undefined,
          signal,
        );
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
      const result = await call<{ id: string }>(
        'POST',
        `/zones/${zone}/dns_records`,
        { type: 'TXT', name: record.fqdn, content: record.value, ttl: cloudflareTtl(record.ttl) },
        signal,
      );
      created.set(`${record.fqdn}|${record.value}`, result.id);
    },
    async cleanup(record, signal) {
      const zone = await zoneId(record.fqdn, signal);
      let id = created.get(`${record.fqdn}|${record.value}`);
      if (!id) {
        // Not created by this process (a rerun after a crash): find it by name and content.
        const q = `type=TXT&name=${encodeURIComponent(record.fqdn)}&content=${encodeURIComponent(record.value)}`;
        const found = await call<Array<{ id: string; content: string }>>(
          'GET',
          `/zones/${zone}/dns_records?${q}`,
          undefined,
          signal,
        );
        id = found.find((r) => r.content.replace(/^"|"$/g, '') === record.value)?.id;
        if (!id) return;
      }
      await call('DELETE', `/zones/${zone}/dns_records/${id}`, undefined, signal);
      created.delete(`${record.fqdn}|${record.value}`);
    },
  };
};
