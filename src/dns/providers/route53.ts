/**
 * route53: Amazon Route 53 through the official SDK. A TXT RRset holds all values of a name, so
 * we read it, UPSERT it with our value added (or removed; DELETE when it was the last one),
 * then wait for the change to be INSYNC. Credentials come from the config or the SDK's default
 * chain (environment, web identity / OIDC in GitHub Actions, instance roles).
 */
import type { Change, ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import type { DnsProviderConfig } from '../../config/schema.js';
import { sleep } from '../propagation.js';
import { DnsProviderError, KeyedLock, type ProviderFactory } from '../provider.js';
import { commonFields } from './common.js';

type Route53Config = Extract<DnsProviderConfig, { type: 'route53' }>;

const quote = (value: string) => `"${value}"`;

export const route53: ProviderFactory = (name, raw, deps) => {
  const config = raw as Route53Config;
  const common = commonFields(name, config);
  const who = { type: config.type, name };
  for (const s of [config['secret-access-key'], config['session-token']]) if (s) deps.log.secret(s);
  const load = lazyClient(config);
  const lock = new KeyedLock();
  const zoneIds = new Map<string, Promise<string>>();

  const wrap = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw providerError(who, what, error);
    }
  };

  const zoneId = (fqdn: string, signal?: AbortSignal): Promise<string> => {
    if (config['hosted-zone-id'])
      return Promise.resolve(config['hosted-zone-id'].replace(/^\/hostedzone\//, ''));
    let found = zoneIds.get(fqdn);
    if (found) return found;
    found = wrap(`finding the hosted zone of ${fqdn}`, async () => {
      const { sdk, client } = await load();
      const labels = fqdn.split('.');
      for (let i = 0; i < labels.length - 1; i++) {
        const candidate = `${labels.slice(i).join('.')}.`;
        const out = await client.send(
          new sdk.ListHostedZonesByNameCommand({ DNSName: candidate, MaxItems: 1 }),
          {
            abortSignal: signal,
          },
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

  const modify = async (fqdn: string, value: string, ttl: number, add: boolean, signal?: AbortSignal) => {
    const zone = await zoneId(fqdn, signal);
    const rrName = `${fqdn}.`;
    await lock.run(`${zone}|${fqdn}`, () =>
      wrap(`${add ? 'adding' : 'removing'} TXT ${fqdn}`, async () => {
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
        if (!add) return; // no need to wait for a removal to reach every server
        const deadline = Date.now() + common.propagationTimeoutMs;
        let status = out.ChangeInfo?.Status;
        for (let delay = 250; status !== 'INSYNC'; delay = Math.min(delay * 2, 5000)) {
          if (Date.now() + delay > deadline) {
            throw new DnsProviderError(
              who,
              `change ${out.ChangeInfo?.Id} still ${status} after the propagation timeout`,
            );
          }
          await sleep(delay, signal);
          const got = await client.send(new sdk.GetChangeCommand({ Id: out.ChangeInfo?.Id }), {
            abortSignal: signal,
          });
          status = got.ChangeInfo?.Status;
        }
      }),
    );
  };

  return {
    ...common,
    present: (record, signal) => modify(record.fqdn, record.value, record.ttl, true, signal),
    cleanup: (record, signal) => modify(record.fqdn, record.value, record.ttl, false, signal),
  };
};

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
function providerError(who: { type: string; name: string }, what: string, error: unknown): DnsProviderError {
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
  const others = (existing?.ResourceRecords ?? []).filter((r) => r.Value !== quote(value));
  if (!add && (!existing || others.length === existing.ResourceRecords?.length)) return undefined;
  const records = add ? [...others, { Value: quote(value) }] : others;
  if (records.length === 0) return { Action: 'DELETE', ResourceRecordSet: existing as ResourceRecordSet };
  return {
    Action: 'UPSERT',
    ResourceRecordSet: { Name: rrName, Type: 'TXT', TTL: existing?.TTL ?? ttl, ResourceRecords: records },
  };
}
