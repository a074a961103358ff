/**
 * azure: Azure DNS through Azure Resource Manager (Microsoft.Network, api-version 2018-05-01),
 * signed in with Entra ID (dns/auth/azure.ts): the federated credential azure/login uses (GitHub
 * OIDC), a workload-identity token file, or a client secret. A TXT record set holds every value
 * of a name and is written whole, so each write carries the ETag of the set it read (If-Match,
 * or If-None-Match: * for a new one); when another writer got there first (412) we read again.
 * The zone is the one of the subscription (or `resource-group`) whose name is the longest suffix
 * of the record's name.
 */
import { errorMessage } from '../../util/errors.js';
import { azureToken } from '../auth/azure.js';
import { AuthError } from '../auth/oauth.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps, zoneFor } from '../provider.js';
import { bodyText } from './common.js';

export interface AzureSettings {
  'tenant-id'?: string;
  'client-id'?: string;
  'client-secret'?: string;
  'subscription-id'?: string;
  'resource-group'?: string;
  'api-url': string;
  'token-url'?: string;
}

const API_VERSION = '2018-05-01';
const CONFLICT_RETRIES = 5;

interface RecordSet {
  etag?: string;
  properties?: { TTL?: number; TXTRecords?: Array<{ value?: string[] }> };
}

interface Zone {
  id: string;
  name: string;
  properties?: { zoneType?: string };
}

export function createAzure(
  who: { type: string; name: string },
  settings: AzureSettings,
  deps: ProviderDeps,
): Pick<DnsProvider, 'present' | 'cleanup'> {
  const env = deps.env ?? process.env;
  const fail = (message: string, hint?: string) => new DnsProviderError(who, message, hint);
  const need = (field: keyof AzureSettings, variable: string): string => {
    const v = settings[field] ?? env[variable];
    if (!v) throw fail(`${field} is not set and ${variable} is empty`, `set ${field} (as for azure/login)`);
    return v;
  };
  const apiUrl = new URL(settings['api-url']);
  const base = apiUrl.origin + apiUrl.pathname.replace(/\/+$/, '');
  const lock = new KeyedLock();
  let token: ((signal?: AbortSignal) => Promise<string>) | undefined;
  let zoneList: Promise<Zone[]> | undefined;

  const bearer = async (signal?: AbortSignal) => {
    try {
      token ??= azureToken({
        tenantId: need('tenant-id', 'AZURE_TENANT_ID'),
        clientId: need('client-id', 'AZURE_CLIENT_ID'),
        clientSecret: settings['client-secret'] ?? env.AZURE_CLIENT_SECRET,
        tokenUrl: settings['token-url'],
        scope: `${apiUrl.origin}/.default`,
        env,
        secret: (v) => deps.log.secret(v),
      });
      return await token(signal);
    } catch (error) {
      if (error instanceof DnsProviderError) throw error;
      throw error instanceof AuthError ? fail(error.message, error.hint) : fail(errorMessage(error));
    }
  };

  /** One ARM call (`target` is a path under api-url, or a nextLink on the same origin). */
  const call = async <T>(
    method: string,
    target: string,
    opts: { body?: unknown; headers?: Record<string, string>; quiet?: number[]; signal?: AbortSignal } = {},
  ): Promise<{ status: number; data?: T }> => {
    const url = target.startsWith('/') ? `${base}${target}` : target;
    if (new URL(url).origin !== apiUrl.origin)
      throw fail(
        `refusing to follow ${new URL(url).origin}: not api-url's origin (the token would go there)`,
      );
    const shown = new URL(url).pathname;
    const auth = await bearer(opts.signal);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${auth}`,
          Accept: 'application/json',
          ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...opts.headers,
        },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        redirect: 'error',
        signal: opts.signal
          ? AbortSignal.any([opts.signal, AbortSignal.timeout(30_000)])
          : AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw fail(`${method} ${shown}: ${errorMessage(error)}`, 'check api-url');
    }
    if (opts.quiet?.includes(res.status)) return { status: res.status };
    if (!res.ok) {
      const text = await bodyText(res);
      let words = text;
      try {
        const e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
        if (e) words = `${e.code}: ${e.message}`;
      } catch {}
      const hint =
        res.status === 401
          ? 'the token was refused: check tenant-id and that api-url is the cloud the app lives in'
          : res.status === 403
            ? 'the app may not change this zone: give it the "DNS Zone Contributor" role on the zone or its resource group'
            : res.status === 404
              ? 'check subscription-id and resource-group'
              : undefined;
      throw fail(`${method} ${shown} answered HTTP ${res.status}: ${words}`, hint);
    }
    const text = await res.text();
    return { status: res.status, data: text ? (JSON.parse(text) as T) : undefined };
  };

  const zones = (signal?: AbortSignal): Promise<Zone[]> => {
    zoneList ??= (async () => {
      const sub = encodeURIComponent(need('subscription-id', 'AZURE_SUBSCRIPTION_ID'));
      const rg = settings['resource-group'];
      let next: string | undefined = rg
        ? `/subscriptions/${sub}/resourceGroups/${encodeURIComponent(rg)}/providers/Microsoft.Network/dnsZones?api-version=${API_VERSION}`
        : `/subscriptions/${sub}/providers/Microsoft.Network/dnszones?api-version=${API_VERSION}`;
      const out: Zone[] = [];
      for (let page = 0; next && page < 100; page++) {
        const { data }: { data?: { value?: Zone[]; nextLink?: string } } = await call('GET', next, {
          signal,
        });
        out.push(...(data?.value ?? []).filter((z) => (z.properties?.zoneType ?? 'Public') === 'Public'));
        next = data?.nextLink;
      }
      return out;
    })().catch((error) => {
      zoneList = undefined;
      throw error;
    });
    return zoneList;
  };

  const zoneOf = async (fqdn: string, signal?: AbortSignal): Promise<{ zone: Zone; relative: string }> => {
    const list = await zones(signal);
    const best = zoneFor(
      fqdn,
      list.map((z) => z.name),
    );
    const zone = list.find((z) => z.name.toLowerCase() === best);
    if (!zone || !best) {
      const where = settings['resource-group']
        ? `resource group ${settings['resource-group']}`
        : 'the subscription';
      throw fail(
        `no public DNS zone in ${where} contains ${fqdn}`,
        'check subscription-id and resource-group, and the role assignment',
      );
    }
    return { zone, relative: fqdn === best ? '@' : fqdn.slice(0, -best.length - 1) };
  };

  const modify = async (fqdn: string, value: string, ttl: number, add: boolean, signal?: AbortSignal) => {
    const { zone, relative } = await zoneOf(fqdn, signal);
    // The zone's id is its ARM path (with its resource group); the record set hangs under it.
    const path = `${zone.id.replace(/\/dnszones\//i, '/dnsZones/')}/TXT/${encodeURIComponent(relative)}?api-version=${API_VERSION}`;
    await lock.run(`${zone.id}|${fqdn}`, async () => {
      for (let attempt = 1; ; attempt++) {
        const got = await call<RecordSet>('GET', path, { quiet: [404], signal });
        const set = got.data;
        const had = (set?.properties?.TXTRecords ?? []).map((r) => r.value ?? []);
        const others = had.filter((v) => v.join('') !== value);
        if (add ? others.length < had.length : others.length === had.length) return;
        const records = add ? [...others, [value]] : others;
        const quiet = attempt < CONFLICT_RETRIES ? [412] : [];
        const condition: Record<string, string> = set?.etag
          ? { 'If-Match': set.etag }
          : { 'If-None-Match': '*' };
        const out =
          records.length === 0
            ? await call('DELETE', path, { headers: condition, quiet, signal })
            : await call('PUT', path, {
                headers: condition,
                body: {
                  properties: {
                    TTL: set?.properties?.TTL ?? ttl,
                    TXTRecords: records.map((v) => ({ value: v })),
                  },
                },
                quiet,
                signal,
              });
        if (out.status !== 412) return;
      }
    });
  };

  return {
    present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
    cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
  };
}
