/**
 * route53: Amazon Route 53 through the official SDK. A TXT RRset holds all values of a name, so
 * we read it, UPSERT it with our value added (or removed; DELETE when it was the last one),
 * then wait for the change to be INSYNC. Credentials come from the config or the SDK's default
 * chain (environment, web identity / OIDC in GitHub Actions, instance roles).
 */
import type { Change, ChangeInfo, ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import { z } from 'zod';
import { defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { sleep } from '../propagation.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps } from '../provider.js';
import { commonFields, quoteTxt } from './common.js';

const fields = (f: FieldKit) => ({
  'access-key-id': f
    .secret(
      'access-key-id',
      "AWS access key id (default: the SDK's credential chain: environment, OIDC web identity, instance role)",
    )
    .optional(),
  'secret-access-key': f.secret('secret-access-key', 'AWS secret access key, with access-key-id').optional(),
  'session-token': f.secret('session-token', 'AWS session token of temporary credentials').optional(),
  region: z
    .string()
    .default('us-east-1')
    .describe('AWS region; Route 53 is global, the region only picks the endpoint'),
  'hosted-zone-id': z
    .string()
    .optional()
    .describe('hosted zone id (default: the public hosted zone, looked up by name)'),
  endpoint: f
    .url()
    .optional()
    .describe('API endpoint override, for tests or other partitions (default: AWS)'),
  'insecure-http': f.insecureHttp(),
});

type Route53Config = ProviderConfig<'route53', ReturnType<typeof fields>>;
type Who = { type: string; name: string };

function create(name: string, config: Route53Config, deps: ProviderDeps): DnsProvider {
  const common = commonFields(name, config);
  const who = { type: config.type, name };
  for (const s of [config['secret-access-key'], config['session-token']]) if (s) deps.log.secret(s);
  const load = lazyClient(config);
  const lock = new KeyedLock();
  const zoneId = zoneFinder(who, config, load);

  const modify = async (fqdn: string, value: string, ttl: number, add: boolean, signal?: AbortSignal) => {
    const zone = await zoneId(fqdn, signal);
    const rrName = `${fqdn}.`;
    await lock.run(`${zone}|${fqdn}`, () =>
      wrap(who, `${add ? 'adding' : 'removing'} TXT ${fqdn}`, async () => {
        const { sdk, client } = await load();
        const list = await client.send(
          new sdk.ListResourceRecordSetsCommand({
            HostedZoneId: zone,
            StartRecordName: rrName,
            StartRecordType: 'TXT',
            MaxItems: 1,
          }),
          { abortSignal: signal },
        );
        const existing = list.ResourceRecordSets?.find(
          (r) => r.Name?.toLowerCase() === rrName && r.Type === 'TXT',
        );
        const change = txtChange(existing, rrName, value, ttl, add);
        if (!change) return;
        const out = await client.send(
          new sdk.ChangeResourceRecordSetsCommand({
            HostedZoneId: zone,
            ChangeBatch: { Comment: 'certflow DNS-01 challenge', Changes: [change] },
          }),
          { abortSignal: signal },
        );
        // No need to wait for a removal to reach every server.
        if (add) await waitInsync(who, load, out.ChangeInfo, common.propagationTimeoutMs, signal);
      }),
    );
  };

  return {
    ...common,
    present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
    cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
  };
}

/** Runs an SDK step, turning what it throws into the provider's error. */
async function wrap<T>(who: Who, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw providerError(who, what, error);
  }
}

/** `hosted-zone-id`, or the public hosted zone found by name from the record upwards (cached). */
function zoneFinder(who: Who, config: Route53Config, load: () => Promise<Loaded>) {
  const zoneIds = new Map<string, Promise<string>>();
  return (fqdn: string, signal?: AbortSignal): Promise<string> => {
    if (config['hosted-zone-id'])
      return Promise.resolve(config['hosted-zone-id'].replace(/^\/hostedzone\//, ''));
    let found = zoneIds.get(fqdn);
    if (found) return found;
    found = wrap(who, `finding the hosted zone of ${fqdn}`, async () => {
      const { sdk, client } = await load();
      const labels = fqdn.split('.');
      for (let i = 0; i < labels.length - 1; i++) {
        const candidate = `${labels.slice(i).join('.')}.`;
        const out = await client.send(
          new sdk.ListHostedZonesByNameCommand({ DNSName: candidate, MaxItems: 1 }),
          { abortSignal: signal },
        );
        const zone = out.HostedZones?.find(
          (z) => z.Name?.toLowerCase() === candidate && !z.Config?.PrivateZone,
        );
        if (zone?.Id) return zone.Id.replace(/^\/hostedzone\//, '');
      }
      throw new DnsProviderError(who, `no public hosted zone contains ${fqdn}`, 'set hosted-zone-id');
    });
    found.catch(() => zoneIds.delete(fqdn));
    zoneIds.set(fqdn, found);
    return found;
  };
}

/** Polls GetChange with a growing interval until the change is INSYNC, or the timeout passes. */
async function waitInsync(
  who: Who,
  load: () => Promise<Loaded>,
  info: ChangeInfo | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const { sdk, client } = await load();
  const deadline = Date.now() + timeoutMs;
  let status = info?.Status;
  for (let delay = 250; status !== 'INSYNC'; delay = Math.min(delay * 2, 5000)) {
    if (Date.now() + delay > deadline) {
      throw new DnsProviderError(who, `change ${info?.Id} still ${status} after the propagation timeout`);
    }
    await sleep(delay, signal);
    const got = await client.send(new sdk.GetChangeCommand({ Id: info?.Id }), { abortSignal: signal });
    status = got.ChangeInfo?.Status;
  }
}

type Loaded = { sdk: typeof import('@aws-sdk/client-route-53'); client: Route53Client };

/**
 * The SDK and its client, loaded on first use: the SDK costs ~0.3 s of start-up that runs without
 * Route 53 should not pay.
 */
function lazyClient(config: Route53Config): () => Promise<Loaded> {
  let loaded: Promise<Loaded> | undefined;
  return () => {
    loaded ??= import('@aws-sdk/client-route-53').then((sdk) => ({
      sdk,
      client: new sdk.Route53Client({
        region: config.region,
        endpoint: config.endpoint,
        maxAttempts: 3,
        credentials:
          config['access-key-id'] && config['secret-access-key']
            ? {
                accessKeyId: config['access-key-id'],
                secretAccessKey: config['secret-access-key'],
                sessionToken: config['session-token'],
              }
            : undefined,
      }),
    }));
    return loaded;
  };
}

/** An SDK error as the provider's error, with what to check for the usual refusals. */
function providerError(who: Who, what: string, error: unknown): DnsProviderError {
  if (error instanceof DnsProviderError) return error;
  const e = error as { name?: string; message?: string };
  const hint =
    e.name === 'AccessDenied' || e.name === 'InvalidClientTokenId' || e.name === 'SignatureDoesNotMatch'
      ? 'the credentials were refused: they need route53:ChangeResourceRecordSets, ListResourceRecordSets, ListHostedZonesByName and GetChange'
      : e.name === 'NoSuchHostedZone'
        ? 'check hosted-zone-id'
        : undefined;
  return new DnsProviderError(who, `${what}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`, hint);
}

/**
 * The change that adds `value` to the name's TXT RRset (UPSERT, keeping the other values) or
 * removes it (UPSERT of the rest, DELETE when it was the last); undefined when there is nothing to
 * remove.
 */
function txtChange(
  existing: ResourceRecordSet | undefined,
  rrName: string,
  value: string,
  ttl: number,
  add: boolean,
): Change | undefined {
  const others = (existing?.ResourceRecords ?? []).filter((r) => r.Value !== quoteTxt(value));
  if (!add && (!existing || others.length === existing.ResourceRecords?.length)) return undefined;
  const records = add ? [...others, { Value: quoteTxt(value) }] : others;
  if (records.length === 0) return { Action: 'DELETE', ResourceRecordSet: existing as ResourceRecordSet };
  return {
    Action: 'UPSERT',
    ResourceRecordSet: { Name: rrName, Type: 'TXT', TTL: existing?.TTL ?? ttl, ResourceRecords: records },
  };
}

const DOCS = `The TXT set is read, merged and written with \`UPSERT\` (\`DELETE\` when our value was the last one);
certflow then waits for the change to be \`INSYNC\`. Permissions needed:
\`route53:ListHostedZonesByName\`, \`route53:ListResourceRecordSets\`,
\`route53:ChangeResourceRecordSets\`, \`route53:GetChange\`.

Without \`access-key-id\`, the SDK's default chain is used: the environment, a web identity token
file (\`AWS_ROLE_ARN\` + \`AWS_WEB_IDENTITY_TOKEN_FILE\`), shared config, instance roles. In GitHub
Actions, \`aws-actions/configure-aws-credentials\` with OIDC assumes a role with the job's OIDC token
and exports temporary credentials (\`AWS_ACCESS_KEY_ID\`, \`AWS_SECRET_ACCESS_KEY\`,
\`AWS_SESSION_TOKEN\`) to the following steps: leave the three key fields out and certflow uses them,
session token included, with no long-lived secret anywhere. (If you map the keys in the config
instead, map \`session-token\` too: temporary keys are refused without it.)

\`\`\`yaml
# .github/workflows/renew.yml (the job)
permissions: { contents: write, id-token: write }
steps:
  - uses: aws-actions/configure-aws-credentials@v4
    with:
      role-to-assume: arn:aws:iam::123456789012:role/certflow-dns
      aws-region: us-east-1
  - uses: certflow/certflow@v1
    with: { command: renew }
\`\`\`

\`\`\`yaml
dns:
  aws:
    type: route53
    hosted-zone-id: Z0123456789ABCDEFGHIJ
\`\`\``;

export const route53 = defineProvider({
  type: 'route53',
  about: 'Amazon Route 53, through the official AWS SDK; waits for the change to be INSYNC',
  typeText: 'selects Amazon Route 53',
  fields,
  starter: {
    lines: [
      `access-key-id: ${envRef('AWS_ACCESS_KEY_ID')}`,
      `secret-access-key: ${envRef('AWS_SECRET_ACCESS_KEY')}`,
      'region: us-east-1',
      '# hosted-zone-id: Z0123456789ABCDEFGHIJ   # optional: skips the zone lookup',
      '# with aws-actions/configure-aws-credentials (OIDC), leave the keys out: the SDK reads its credentials',
    ],
    secrets: [
      {
        name: 'AWS_ACCESS_KEY_ID',
        what: 'access key of an IAM user allowed route53:ChangeResourceRecordSets',
      },
      { name: 'AWS_SECRET_ACCESS_KEY', what: 'its secret access key' },
    ],
  },
  docs: { title: 'Amazon Route 53 (official AWS SDK)', text: DOCS },
  endpoints: (config) => [{ field: 'endpoint', url: config.endpoint, insecureHttp: config['insecure-http'] }],
  create,
});
