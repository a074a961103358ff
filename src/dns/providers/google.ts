/**
 * google: Google Cloud DNS (API v1) with Application Default Credentials (dns/auth/google.ts),
 * so google-github-actions/auth with workload identity federation needs no stored key. A TXT
 * RRset holds every value of a name and a change replaces it whole, so each change names the set
 * it read as its `deletions`: Cloud DNS applies it only if the set is still exactly that (else
 * 412), and we read again and retry. The zone is `managed-zone`, or the public managed zone
 * whose DNS name is the longest suffix of the record's name.
 */
import { errorMessage } from '../../util/errors.js';
import { type GoogleCredentials, googleCredentials } from '../auth/google.js';
import { AuthError } from '../auth/oauth.js';
import { sleep } from '../propagation.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps } from '../provider.js';
import { bodyText } from './common.js';

export interface GoogleSettings {
  project?: string;
  'managed-zone'?: string;
  'api-url': string;
  'token-url'?: string;
  propagationTimeoutMs: number;
}

interface RrSet {
  kind?: string;
  name: string;
  type: string;
  ttl: number;
  rrdatas: string[];
}

interface Change {
  id: string;
  status: 'pending' | 'done';
}

const quote = (value: string) => `"${value}"`;
/** A TXT rrdata as one string: Cloud DNS may hand back `"a" "b"` for a value split in parts. */
const unquote = (rrdata: string) =>
  [...rrdata.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('') || rrdata;

/** Times a change is retried when another writer changed the set between our read and write. */
const CONFLICT_RETRIES = 5;

export function createGoogle(
  who: { type: string; name: string },
  settings: GoogleSettings,
  deps: ProviderDeps,
): Pick<DnsProvider, 'present' | 'cleanup'> {
  const env = deps.env ?? process.env;
  const base = `${settings['api-url'].replace(/\/+$/, '')}/dns/v1`;
  const lock = new KeyedLock();
  const zones = new Map<string, Promise<string>>();
  let creds: Promise<GoogleCredentials> | undefined;

  const fail = (message: string, hint?: string) => new DnsProviderError(who, message, hint);

  const credentials = (): Promise<GoogleCredentials> => {
    creds ??= googleCredentials({
      env,
      tokenUrl: settings['token-url'],
      secret: (v) => deps.log.secret(v),
    }).catch((error) => {
      creds = undefined;
      throw error;
    });
    return creds;
  };

  const project = async (): Promise<string> => {
    const p =
      settings.project ??
      (await credentials()).project ??
      env.GOOGLE_CLOUD_PROJECT ??
      env.GCLOUD_PROJECT ??
      env.CLOUDSDK_CORE_PROJECT;
    if (!p)
      throw fail(
        'no project: the credentials name none',
        'set project (the project that holds the managed zone), or project_id in google-github-actions/auth',
      );
    return p;
  };

  /** One API call; the answer's JSON, or undefined for the statuses in `quiet`. */
  const call = async <T>(
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    quiet: number[] = [],
  ): Promise<{ status: number; data?: T }> => {
    let token: string;
    try {
      token = await (await credentials()).token(signal);
    } catch (error) {
      throw error instanceof AuthError ? fail(error.message, error.hint) : fail(errorMessage(error));
    }
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw fail(`${method} ${path}: ${errorMessage(error)}`, 'check api-url');
    }
    if (quiet.includes(res.status)) return { status: res.status };
    if (!res.ok) {
      const text = await bodyText(res);
      let words = text;
      try {
        words = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {}
      const hint =
        res.status === 401
          ? 'the access token was refused: check the credentials google-github-actions/auth set up'
          : res.status === 403
            ? 'the identity may not change this zone: grant it roles/dns.admin (or a role with dns.changes.create and dns.resourceRecordSets.*) on the project'
            : res.status === 404
              ? 'check project and managed-zone'
              : undefined;
      throw fail(`${method} ${path} answered HTTP ${res.status}: ${words}`, hint);
    }
    return { status: res.status, data: (await res.json()) as T };
  };

  const zoneOf = (fqdn: string, signal?: AbortSignal): Promise<string> => {
    if (settings['managed-zone']) return Promise.resolve(settings['managed-zone']);
    let found = zones.get(fqdn);
    if (found) return found;
    found = (async () => {
      const p = encodeURIComponent(await project());
      const labels = fqdn.split('.');
      for (let i = 0; i < labels.length - 1; i++) {
        const dnsName = `${labels.slice(i).join('.')}.`;
        const { data } = await call<{
          managedZones?: Array<{ name: string; dnsName: string; visibility?: string }>;
        }>('GET', `/projects/${p}/managedZones?dnsName=${encodeURIComponent(dnsName)}`, undefined, signal);
        const zone = data?.managedZones?.find(
          (z) => z.dnsName.toLowerCase() === dnsName && (z.visibility ?? 'public') === 'public',
        );
        if (zone) return zone.name;
      }
      throw fail(
        `no public managed zone of project ${await project()} contains ${fqdn}`,
        'set managed-zone, or check project',
      );
    })();
    found.catch(() => zones.delete(fqdn));
    zones.set(fqdn, found);
    return found;
  };

  const waitDone = async (path: string, change: Change, signal?: AbortSignal) => {
    const deadline = Date.now() + settings.propagationTimeoutMs;
    let status = change.status;
    for (let delay = 250; status !== 'done'; delay = Math.min(delay * 2, 5000)) {
      if (Date.now() + delay > deadline)
        throw fail(`change ${change.id} still ${status} after the propagation timeout`);
      await sleep(delay, signal);
      status =
        (await call<Change>('GET', `${path}/${encodeURIComponent(change.id)}`, undefined, signal)).data
          ?.status ?? status;
    }
  };

  const modify = async (fqdn: string, value: string, ttl: number, add: boolean, signal?: AbortSignal) => {
    const zone = await zoneOf(fqdn, signal);
    const zonePath = `/projects/${encodeURIComponent(await project())}/managedZones/${encodeURIComponent(zone)}`;
    const name = `${fqdn}.`;
    await lock.run(`${zone}|${fqdn}`, async () => {
      for (let attempt = 1; ; attempt++) {
        const { data } = await call<{ rrsets?: RrSet[] }>(
          'GET',
          `${zonePath}/rrsets?name=${encodeURIComponent(name)}&type=TXT`,
          undefined,
          signal,
        );
        const existing = data?.rrsets?.find((s) => s.name.toLowerCase() === name && s.type === 'TXT');
        const had = existing?.rrdatas ?? [];
        const others = had.filter((r) => unquote(r) !== value);
        if (add ? others.length < had.length : others.length === had.length) return; // nothing to do
        const rrdatas = add ? [...others, quote(value)] : others;
        const change = {
          kind: 'dns#change',
          ...(existing
            ? {
                deletions: [
                  {
                    kind: 'dns#resourceRecordSet',
                    name: existing.name,
                    type: 'TXT',
                    ttl: existing.ttl,
                    rrdatas: had,
                  },
                ],
              }
            : {}),
          ...(rrdatas.length
            ? {
                additions: [
                  { kind: 'dns#resourceRecordSet', name, type: 'TXT', ttl: existing?.ttl ?? ttl, rrdatas },
                ],
              }
            : {}),
        };
        const out = await call<Change>(
          'POST',
          `${zonePath}/changes`,
          change,
          signal,
          attempt < CONFLICT_RETRIES ? [409, 412] : [],
        );
        if (!out.data) continue; // someone else changed the set since we read it: read again
        if (add) await waitDone(`${zonePath}/changes`, out.data, signal);
        return;
      }
    });
  };

  return {
    present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
    cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
  };
}
