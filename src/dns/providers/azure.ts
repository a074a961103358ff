/**
 * azure: Azure DNS through Azure Resource Manager (Microsoft.Network, api-version 2018-05-01),
 * signed in with Entra ID (dns/auth/azure.ts): the federated credential azure/login uses (GitHub
 * OIDC), a workload-identity token file, or a client secret. A TXT record set holds every value
 * of a name and is written whole, so each write carries the ETag of the set it read (If-Match,
 * or If-None-Match: * for a new one); when another writer got there first (412) we read again.
 * The zone is the one of the subscription (or `resource-group`) whose name is the longest suffix
 * of the record's name.
 */
import { z } from 'zod';
import { errorMessage } from '../../util/errors.js';
import { azureToken } from '../auth/azure.js';
import { AuthError } from '../auth/oauth.js';
import { CHANGE_ME, defineProvider, type FieldKit, type ProviderConfig } from '../define.js';
import { type HttpClient, HttpError, type HttpRequest, httpClient } from '../http.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps, zoneFor } from '../provider.js';
import { relativeName } from '../zone-search.js';
import { commonFields } from './common.js';

const fields = (f: FieldKit) => ({
  'tenant-id': z.string().optional().describe('Entra ID tenant (directory) id (default: AZURE_TENANT_ID)'),
  'client-id': z
    .string()
    .optional()
    .describe(
      'application (client) id of the app registration or managed identity (default: AZURE_CLIENT_ID)',
    ),
  'subscription-id': z
    .string()
    .optional()
    .describe('subscription that holds the DNS zone (default: AZURE_SUBSCRIPTION_ID)'),
  'client-secret': f
    .secret(
      'client-secret',
      'client secret of the app registration (default: AZURE_CLIENT_SECRET, else a federated credential: AZURE_FEDERATED_TOKEN_FILE or the GitHub OIDC token)',
    )
    .optional(),
  'resource-group': z
    .string()
    .optional()
    .describe('resource group of the zone (default: every zone of the subscription is considered)'),
  'api-url': f
    .url()
    .default('https://management.azure.com')
    .describe(
      'Azure Resource Manager root (another cloud: https://management.usgovcloudapi.net); tokens are asked for its /.default scope',
    ),
  'token-url': f
    .url()
    .optional()
    .describe(
      'Entra ID token endpoint (default: https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/token)',
    ),
  'insecure-http': f.insecureHttp(),
});

type AzureConfig = ProviderConfig<'azure', ReturnType<typeof fields>>;

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

function create(name: string, settings: AzureConfig, deps: ProviderDeps): DnsProvider {
  const common = commonFields(name, settings);
  const who = { type: settings.type, name };
  const env = deps.env ?? process.env;
  // Secrets are registered with the run's logger as they are read; error text passes its mask.
  const fail = (message: string, hint?: string) =>
    new DnsProviderError(who, deps.log.redact(message), hint && deps.log.redact(hint));
  const need = (field: 'tenant-id' | 'client-id' | 'subscription-id', variable: string): string => {
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

  let client: { token: string; http: HttpClient } | undefined;
  const api = async (signal?: AbortSignal): Promise<HttpClient> => {
    const auth = await bearer(signal);
    if (client?.token !== auth) {
      client = {
        token: auth,
        http: httpClient({
          who,
          baseUrl: base,
          headers: { Authorization: `Bearer ${auth}` },
          secrets: [auth],
          describe: (body) => {
            const e = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
            return e ? `${e.code}: ${e.message}` : undefined;
          },
          hint: (status) =>
            status === 401
              ? 'the token was refused: check tenant-id and that api-url is the cloud the app lives in'
              : status === 403
                ? 'the app may not change this zone: give it the "DNS Zone Contributor" role on the zone or its resource group'
                : status === 404
                  ? 'check subscription-id and resource-group'
                  : status === 0
                    ? 'check api-url'
                    : undefined,
        }),
      };
    }
    return client.http;
  };

  /**
   * One ARM call. `path` is under api-url; a nextLink must be on api-url's origin, or the token
   * would go wherever a hostile answer points. Undefined data for a status in `quiet`.
   */
  const call = async <T>(req: HttpRequest, quiet: number[] = []): Promise<{ status: number; data?: T }> => {
    try {
      return { status: 200, data: await (await api(req.signal)).json<T>(req) };
    } catch (error) {
      if (error instanceof HttpError && quiet.includes(error.status)) return { status: error.status };
      throw error;
    }
  };
  const onApi = (link: string): string => {
    const url = new URL(link, `${base}/`);
    if (url.origin !== apiUrl.origin || !url.pathname.startsWith(apiUrl.pathname.replace(/\/+$/, '')))
      throw fail(
        `refusing to follow the nextLink to ${url.origin}: not under api-url (the token would go there)`,
      );
    return `${url.pathname.slice(apiUrl.pathname.replace(/\/+$/, '').length)}${url.search}`;
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
        const { data }: { data?: { value?: Zone[]; nextLink?: string } } = await call({
          method: 'GET',
          path: next,
          signal,
        });
        out.push(...(data?.value ?? []).filter((z) => (z.properties?.zoneType ?? 'Public') === 'Public'));
        next = data?.nextLink ? onApi(data.nextLink) : undefined;
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
    return { zone, relative: relativeName(fqdn, best) };
  };

  const modify = async (fqdn: string, value: string, ttl: number, add: boolean, signal?: AbortSignal) => {
    const { zone, relative } = await zoneOf(fqdn, signal);
    // The zone's id is its ARM path (with its resource group); the record set hangs under it.
    if (
      !/^\/subscriptions\/[^/?#]+\/resourceGroups\/[^/?#]+\/providers\/Microsoft\.Network\/dnszones\/[^/?#]+$/i.test(
        zone.id,
      )
    )
      throw fail(`zone ${zone.name} has an id that is not a DNS zone's ARM path: ${zone.id}`);
    const path = `${zone.id.replace(/\/dnszones\//i, '/dnsZones/')}/TXT/${encodeURIComponent(relative)}?api-version=${API_VERSION}`;
    await lock.run(`${zone.id}|${fqdn}`, async () => {
      for (let attempt = 1; ; attempt++) {
        const got = await call<RecordSet>({ method: 'GET', path, signal }, [404]);
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
            ? await call({ method: 'DELETE', path, headers: condition, signal }, quiet)
            : await call(
                {
                  method: 'PUT',
                  path,
                  headers: condition,
                  body: {
                    properties: {
                      TTL: set?.properties?.TTL ?? ttl,
                      TXTRecords: records.map((v) => ({ value: v })),
                    },
                  },
                  signal,
                },
                quiet,
              );
        if (out.status !== 412) return;
      }
    });
  };

  return {
    ...common,
    present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
    cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
  };
}

const DOCS = `certflow signs in to Entra ID with the OAuth client-credentials grant, using the first of:

- \`client-secret\` (or \`AZURE_CLIENT_SECRET\`);
- a workload-identity token file, \`AZURE_FEDERATED_TOKEN_FILE\` (AKS), read at each sign-in;
- the job's **GitHub OIDC token** (audience \`api://AzureADTokenExchange\`), sent as a federated
  client assertion. This is the federated credential \`azure/login\` uses: the same app registration
  and federated credential (issuer \`https://token.actions.githubusercontent.com\`, subject such as
  \`repo:owner/name:environment:production\`) work, with no stored secret. The job needs
  \`permissions: id-token: write\`; \`azure/login\` itself is not needed.

\`tenant-id\`, \`client-id\` and \`subscription-id\` default to \`AZURE_TENANT_ID\`, \`AZURE_CLIENT_ID\`
and \`AZURE_SUBSCRIPTION_ID\`. The app needs the **DNS Zone Contributor** role on the zone (or its
resource group). The zone is the one of the subscription (or \`resource-group\`) whose name is the
longest suffix of the record's name.

A TXT record set holds every value of a name and is written whole, so each write carries the ETag
of the set certflow read (\`If-Match\`, or \`If-None-Match: *\` for a new set). When someone else
changed the set in between (412), certflow reads it again, so their value is kept. The set is
deleted when certflow's value was its last.

\`\`\`yaml
dns:
  azure:
    type: azure
    tenant-id: \${AZURE_TENANT_ID}
    client-id: \${AZURE_CLIENT_ID}
    subscription-id: \${AZURE_SUBSCRIPTION_ID}
    resource-group: dns
\`\`\``;

export const azure = defineProvider({
  type: 'azure',
  about:
    'Azure DNS through Resource Manager, signed in with a federated credential (GitHub OIDC) or a client secret',
  typeText: 'selects Azure DNS',
  fields,
  starter: {
    lines: [
      `tenant-id: 00000000-0000-0000-0000-000000000000  # ${CHANGE_ME}: Entra ID tenant id`,
      `client-id: 00000000-0000-0000-0000-000000000000  # ${CHANGE_ME}: app registration with a federated credential for this repository`,
      `subscription-id: 00000000-0000-0000-0000-000000000000  # ${CHANGE_ME}: subscription of the DNS zone`,
      '# the job needs `permissions: id-token: write` (no secret is stored)',
    ],
    secrets: [],
  },
  docs: { title: 'Azure DNS', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
    { field: 'token-url', url: config['token-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
