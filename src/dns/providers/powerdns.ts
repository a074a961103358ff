/**
 * powerdns: the PowerDNS Authoritative HTTP API (`/api/v1/servers/{server}/zones/{zone}`). An
 * RRset is replaced as a whole, so we read it, add or remove our one value and write it back,
 * one change per name at a time.
 */
import type { DnsProviderConfig } from '../../config/schema.js';
import { errorMessage } from '../../util/errors.js';
import { DnsProviderError, KeyedLock, type ProviderFactory, zoneFor } from '../provider.js';
import { bodyText, commonFields } from './common.js';

type PowerDnsConfig = Extract<DnsProviderConfig, { type: 'powerdns' }>;

interface RRset {
  name: string;
  type: string;
  ttl?: number;
  records: Array<{ content: string; disabled?: boolean }>;
}

const quote = (value: string) => `"${value}"`;

export const powerdns: ProviderFactory = (name, raw, deps) => {
  const config = raw as PowerDnsConfig;
  const common = commonFields(name, config);
  const who = { type: config.type, name };
  deps.log.secret(config['api-key']);
  const base = `${config['api-url'].replace(/\/+$/, '')}/api/v1/servers/${encodeURIComponent(config['server-id'])}`;
  const lock = new KeyedLock();
  let zoneList: Promise<Array<{ id: string; name: string }>> | undefined;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<Response> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          'X-API-Key': config['api-key'],
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      throw new DnsProviderError(who, `${method} ${base}${path}: ${errorMessage(error)}`, 'check api-url');
    }
    if (!res.ok) {
      const text = await bodyText(res);
      const hint =
        res.status === 401 || res.status === 403
          ? 'the API refused the key: check the secret mapped to api-key'
          : res.status === 404
            ? 'check server-id and that the zone exists on this server'
            : undefined;
      throw new DnsProviderError(who, `${method} ${path} answered HTTP ${res.status}: ${text}`, hint);
    }
    return res;
  };

  const zoneOf = async (fqdn: string, signal?: AbortSignal) => {
    zoneList ??= call('GET', '/zones', undefined, signal)
      .then((r) => r.json() as Promise<Array<{ id: string; name: string }>>)
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
      const current = (await (await call('GET', `${zonePath}${query}`, undefined, signal)).json()) as {
        rrsets?: RRset[];
      };
      const existing = current.rrsets?.find((r) => r.name.toLowerCase() === rrName && r.type === 'TXT');
      const others = (existing?.records ?? []).filter((r) => r.content !== quote(value));
      const records = add ? [...others, { content: quote(value), disabled: false }] : others;
      if (!add && existing && others.length === existing.records.length) return; // already gone
      const rrset =
        records.length === 0
          ? { name: rrName, type: 'TXT', changetype: 'DELETE' }
          : { name: rrName, type: 'TXT', ttl: existing?.ttl ?? ttl, changetype: 'REPLACE', records };
      await call('PATCH', zonePath, { rrsets: [rrset] }, signal);
    });
  };

  return {
    ...common,
    present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
    cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
  };
};
