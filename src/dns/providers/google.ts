/**
 * google: Google Cloud DNS (API v1) with Application Default Credentials (dns/auth/google.ts),
 * so google-github-actions/auth with workload identity federation needs no stored key. A TXT
 * RRset holds every value of a name and a change replaces it whole, so each change names the set
 * it read as its `deletions`: Cloud DNS applies it only if the set is still exactly that (else
 * 412), and we read again and retry. The zone is `managed-zone`, or the public managed zone
 * whose DNS name is the longest suffix of the record's name.
 */
import { z } from 'zod';
import { errorMessage } from '../../util/errors.js';
import { type GoogleCredentials, googleCredentials } from '../auth/google.js';
import { AuthError } from '../auth/oauth.js';
import { CHANGE_ME, defineProvider, type FieldKit, type ProviderConfig } from '../define.js';
import { type HttpClient, HttpError, type HttpRequest, httpClient } from '../http.js';
import { sleep } from '../propagation.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps } from '../provider.js';
import { nameCandidates } from '../zone-search.js';
import { commonFields, quoteTxt } from './common.js';

const fields = (f: FieldKit) => ({
  project: z
    .string()
    .optional()
    .describe(
      "project that holds the managed zone (default: the credentials' project, else GOOGLE_CLOUD_PROJECT as google-github-actions/auth sets it)",
    ),
  'managed-zone': z
    .string()
    .optional()
    .describe(
      'managed zone name (default: the public zone whose DNS name is the longest suffix of the record)',
    ),
  'api-url': f
    .url()
    .default('https://dns.googleapis.com')
    .describe('Cloud DNS API root, without /dns/v1; change it only for tests or proxies'),
  'token-url': f
    .url()
    .optional()
    .describe(
      "token endpoint replacing the credentials file's (token_uri, or token_url of workload identity federation); for tests or proxies",
    ),
  'insecure-http': f.insecureHttp(),
});

type GoogleConfig = ProviderConfig<'google', ReturnType<typeof fields>>;

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

/** A TXT rrdata as one string: Cloud DNS may hand back `"a" "b"` for a value split in parts. */
const unquote = (rrdata: string) =>
  [...rrdata.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('') || rrdata;

/** Times a change is retried when another writer changed the set between our read and write. */
const CONFLICT_RETRIES = 5;

function create(name: string, settings: GoogleConfig, deps: ProviderDeps): DnsProvider {
  const common = commonFields(name, settings);
  const who = { type: settings.type, name };
  const env = deps.env ?? process.env;
  const lock = new KeyedLock();
  const zones = new Map<string, Promise<string>>();
  let creds: Promise<GoogleCredentials> | undefined;
  let client: { token: string; http: HttpClient } | undefined;

  // Secrets are registered with the run's logger as they are read; error text passes its mask.
  const fail = (message: string, hint?: string) =>
    new DnsProviderError(who, deps.log.redact(message), hint && deps.log.redact(hint));

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
  /** The API client for the current access token (a new one when the token was renewed). */
  const api = async (signal?: AbortSignal): Promise<HttpClient> => {
    let token: string;
    try {
      token = await (await credentials()).token(signal);
    } catch (error) {
      throw error instanceof AuthError ? fail(error.message, error.hint) : fail(errorMessage(error));
    }
    if (client?.token !== token) {
      client = {
        token,
        http: httpClient({
          who,
          baseUrl: `${settings['api-url'].replace(/\/+$/, '')}/dns/v1`,
          headers: { Authorization: `Bearer ${token}` },
          secrets: [token],
          describe: (body) => (body as { error?: { message?: string } } | undefined)?.error?.message,
          hint: (status) =>
            status === 401
              ? 'the access token was refused: check the credentials google-github-actions/auth set up'
              : status === 403
                ? 'the identity may not change this zone: grant it roles/dns.admin (or a role with dns.changes.create and dns.resourceRecordSets.*) on the project'
                : status === 404
                  ? 'check project and managed-zone'
                  : status === 0
                    ? 'check api-url'
                    : undefined,
        }),
      };
    }
    return client.http;
  };

  /** One API call; undefined data for a status in `quiet` (a conflict the caller handles). */
  const call = async <T>(req: HttpRequest, quiet: number[] = []): Promise<{ status: number; data?: T }> => {
    try {
      const http = await api(req.signal);
      return { status: 200, data: await http.json<T>(req) };
    } catch (error) {
      if (error instanceof HttpError && quiet.includes(error.status)) return { status: error.status };
      throw error;
    }
  };

  const zoneOf = (fqdn: string, signal?: AbortSignal): Promise<string> => {
    if (settings['managed-zone']) return Promise.resolve(settings['managed-zone']);
    let found = zones.get(fqdn);
    if (found) return found;
    found = (async () => {
      const p = encodeURIComponent(await project());
      for (const candidate of nameCandidates(fqdn)) {
        const dnsName = `${candidate}.`;
        const { data } = await call<{
          managedZones?: Array<{ name: string; dnsName: string; visibility?: string }>;
        }>({
          method: 'GET',
          path: `/projects/${p}/managedZones?dnsName=${encodeURIComponent(dnsName)}`,
          signal,
        });
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
    const deadline = Date.now() + common.propagationTimeoutMs;
    let status = change.status;
    for (let delay = 250; status !== 'done'; delay = Math.min(delay * 2, 5000)) {
      if (Date.now() + delay > deadline)
        throw fail(`change ${change.id} still ${status} after the propagation timeout`);
      await sleep(delay, signal);
      status =
        (await call<Change>({ method: 'GET', path: `${path}/${encodeURIComponent(change.id)}`, signal })).data
          ?.status ?? status;
    }
  };

  const modify = async (fqdn: string, value: string, ttl: number, add: boolean, signal?: AbortSignal) => {
    const zone = await zoneOf(fqdn, signal);
    const zonePath = `/projects/${encodeURIComponent(await project())}/managedZones/${encodeURIComponent(zone)}`;
    const name = `${fqdn}.`;
    await lock.run(`${zone}|${fqdn}`, async () => {
      for (let attempt = 1; ; attempt++) {
        const { data } = await call<{ rrsets?: RrSet[] }>({
          method: 'GET',
          path: `${zonePath}/rrsets?name=${encodeURIComponent(name)}&type=TXT`,
          signal,
        });
        const existing = data?.rrsets?.find((s) => s.name.toLowerCase() === name && s.type === 'TXT');
        const had = existing?.rrdatas ?? [];
        const others = had.filter((r) => unquote(r) !== value);
        if (add ? others.length < had.length : others.length === had.length) return; // nothing to do
        const rrdatas = add ? [...others, quoteTxt(value)] : others;
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
          { method: 'POST', path: `${zonePath}/changes`, body: change, signal },
          attempt < CONFLICT_RETRIES ? [409, 412] : [],
        );
        if (!out.data) continue; // someone else changed the set since we read it: read again
        if (add) await waitDone(`${zonePath}/changes`, out.data, signal);
        return;
      }
    });
  };

  return {
    ...common,
    present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
    cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
  };
}

const DOCS = `Credentials are Google's Application Default Credentials, read from the file
\`GOOGLE_APPLICATION_CREDENTIALS\` names (or gcloud's \`application_default_credentials.json\`):

- **workload identity federation** (\`external_account\`), as \`google-github-actions/auth\` writes it:
  no stored key. The job's GitHub OIDC token is exchanged at Google STS, then, when the file names a
  service account, for that account's token. The job needs \`permissions: id-token: write\`, and
  certflow must run in the same job, after the auth step.
- a **service-account key** file (\`service_account\`): an RS256 assertion signed with the key.
- **gcloud's user credentials** (\`authorized_user\`), for a laptop.

The metadata server of a Compute Engine VM is not used. The identity needs \`roles/dns.admin\`, or
\`dns.managedZones.list\`, \`dns.resourceRecordSets.list\`, \`dns.changes.create\` and \`dns.changes.get\`.

A TXT record set holds every value of a name and a change replaces it whole. Each change therefore
names the set it read as its deletions, and Cloud DNS applies it only if the set is still exactly
that (412 or 409 otherwise: certflow reads again and retries), so a value written by someone else
in between is kept. certflow waits for the change to be \`done\`.

\`\`\`yaml
# .github/workflows/renew.yml (the job)
permissions: { contents: write, id-token: write }
steps:
  - uses: google-github-actions/auth@v2
    with:
      workload_identity_provider: projects/123456789/locations/global/workloadIdentityPools/github/providers/certflow
      service_account: certflow-dns@my-project.iam.gserviceaccount.com
      project_id: my-project
  - uses: certflow/certflow@v1
    with: { command: renew }
\`\`\`

\`\`\`yaml
# certflow.yml
dns:
  gcp:
    type: google
    project: my-project
\`\`\``;

export const google = defineProvider({
  type: 'google',
  about:
    'Google Cloud DNS with Application Default Credentials (workload identity federation, no stored key)',
  typeText: 'selects Google Cloud DNS',
  fields,
  starter: {
    lines: [
      `project: my-project  # ${CHANGE_ME}: the project that holds the managed zone`,
      '# credentials: run google-github-actions/auth before certflow (workload identity federation)',
    ],
    secrets: [],
  },
  docs: { title: 'Google Cloud DNS', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    { field: 'token-url', url: config['token-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
