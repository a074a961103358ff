/**
 * DNS-01 for one certificate: where each record goes (following a CNAME on
 * `_acme-challenge.<name>`, or `challenge-alias`), which provider writes it, presenting,
 * waiting until the servers serve it, and removing exactly what was written, always.
 */
import { setMaxListeners } from 'node:events';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { waitForTxt } from './propagation.js';
import { type ChallengeRecord, type DnsProvider, DnsProviderError, zoneFor } from './provider.js';
import { CnameRefusedError, describeServers, followCname, serversToAsk, systemResolvers } from './resolve.js';
import type { Server } from './transport.js';
import { normalizeName } from './wire.js';

export interface PlannedRecord extends ChallengeRecord {
  /** The certificate's name this record proves (`*.example.com` for a wildcard). */
  domain: string;
  provider: DnsProvider;
  /** Written somewhere else than `_acme-challenge.<domain>` (CNAME or challenge-alias). */
  delegated: boolean;
}

export interface ChallengeOptions {
  providers: Map<string, DnsProvider>;
  log: Logger;
  signal?: AbortSignal;
  /**
   * Skip the DNS propagation check. Only for tests of HTTP-API providers against local fake
   * APIs, which serve no DNS; never set from certflow.yml.
   */
  skipPropagation?: boolean;
  /** Timing hooks (benchmark): record presented, record seen on every server. */
  onPresented?: (record: PlannedRecord, at: number) => void;
  onVisible?: (record: PlannedRecord, at: number) => void;
}

/** `_acme-challenge.<name>` for a name (wildcards share the base name's record). */
export function challengeName(domain: string): string {
  return `_acme-challenge.${normalizeName(domain).replace(/^\*\./, '')}`;
}

function lookupServers(provider: DnsProvider): Server[] {
  return provider.resolvers ?? systemResolvers();
}

/**
 * A CNAME target found while following `_acme-challenge` is accepted only inside a zone the
 * config allows: the `zones` of a DNS provider, or the certificate's `challenge-alias`. A
 * CNAME is network data (anyone who controls the zone, or answers for it, writes it), and
 * the record we then write proves control of the certificate's name to the CA.
 */
function checkDelegation(
  base: string,
  target: string,
  providers: Iterable<DnsProvider>,
  challengeAlias: string | undefined,
): void {
  const zones = [...providers].flatMap((p) => p.zones);
  const allowed = [...zones, ...(challengeAlias ? [normalizeName(challengeAlias)] : [])];
  if (!zoneFor(target, allowed)) {
    throw new CnameRefusedError(
      `${base} is a CNAME to ${target}, outside every zone the config allows (${allowed.join(', ') || 'no zones: listed'}); nothing was written. If the delegation is yours, add its zone to the zones: of the dns provider that serves it, or set challenge-alias`,
    );
  }
}

/**
 * Decides where the TXT record for `domain` is written and by which provider. A visible CNAME
 * wins; otherwise `challengeAlias` (acme.sh style: `_acme-challenge.<alias>`); otherwise the name
 * itself. The provider is the one whose `zones` contain the target, else the certificate's.
 */
export async function planRecord(
  domain: string,
  value: string,
  certProvider: DnsProvider,
  challengeAlias: string | undefined,
  opts: ChallengeOptions,
): Promise<PlannedRecord> {
  const base = challengeName(domain);
  let target = base;
  try {
    target = await followCname(base, {
      resolvers: lookupServers(certProvider),
      signal: opts.signal,
      timeoutMs: 2000,
    });
  } catch (error) {
    if (opts.signal?.aborted || error instanceof CnameRefusedError) throw error;
    // No definite answer (a zone nobody serves answers SERVFAIL): write at the name itself and
    // let the provider say what is wrong; the propagation check catches the rest.
    opts.log.debug(`no CNAME lookup for ${base}: ${errorMessage(error)}`);
  }
  if (target !== base) checkDelegation(base, target, opts.providers.values(), challengeAlias);
  if (target === base && challengeAlias) target = `_acme-challenge.${normalizeName(challengeAlias)}`;
  let provider = certProvider;
  if (target !== base) {
    const owner = [...opts.providers.values()]
      .filter((p) => zoneFor(target, p.zones))
      .sort((a, b) => (zoneFor(target, b.zones)?.length ?? 0) - (zoneFor(target, a.zones)?.length ?? 0))[0];
    provider = owner ?? certProvider;
    opts.log.debug(`${base} is delegated to ${target}; written with dns.${provider.name}`);
  }
  return { domain, fqdn: target, value, ttl: provider.ttl, provider, delegated: target !== base };
}

/** Servers that must serve the record before the CA is told, and whether to ask with RD. */
async function propagationServers(
  record: PlannedRecord,
  signal?: AbortSignal,
): Promise<{ servers: Server[]; rd: boolean }> {
  return serversToAsk(record.fqdn, record.provider.resolvers, {
    resolvers: systemResolvers(),
    signal,
    timeoutMs: 2000,
  });
}

/**
 * Presents every record, waits until each is served, runs `validate` (tell the CA, wait for
 * its verdict), then removes every record it wrote, whatever happened. Cleanup failures are
 * logged, not thrown: the certificate's fate is decided by the CA.
 */
export async function withChallengeRecords<T>(
  records: PlannedRecord[],
  opts: ChallengeOptions,
  validate: () => Promise<T>,
): Promise<T> {
  const presented: PlannedRecord[] = [];
  // Stops the sibling work (other presents, other polls) as soon as one part fails.
  const inner = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, inner.signal]) : inner.signal;
  setMaxListeners(0, signal);
  const allOrFail = async (work: Array<Promise<void>>) => {
    const settled = await Promise.allSettled(
      work.map((p) =>
        p.catch((error) => {
          inner.abort(error);
          throw error;
        }),
      ),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    // The first failure is the cause; the others are mostly "aborted" echoes of it.
    if (failed) throw opts.signal?.aborted ? opts.signal.reason : inner.signal.reason;
  };
  try {
    // allSettled: a record whose present() is still in flight when another fails must be
    // known before the cleanup runs, or it would be left behind. A sibling's failure does not
    // abort a write either: a write cut off mid-request may still be applied by the server
    // after the cleanup looked for it (seen with DigitalOcean's API), so let it finish and
    // remove what it made. Only the run's own signal (cancel, deadline) interrupts a write.
    await allOrFail(
      records.map(async (r) => {
        try {
          await r.provider.present(r, opts.signal);
        } catch (error) {
          // Interrupted mid-write: the server may have applied it. Removing a value that is
          // not there is harmless for every provider, so clean it up to be sure.
          if (opts.signal?.aborted) presented.push(r);
          throw error;
        }
        presented.push(r);
        opts.onPresented?.(r, Date.now());
        opts.log.debug(`TXT ${r.fqdn} presented with dns.${r.provider.name}`);
      }),
    );
    if (!opts.skipPropagation) {
      await allOrFail(
        records.map(async (r) => {
          const { servers, rd } = await propagationServers(r, signal);
          try {
            await waitForTxt(r.fqdn, r.value, servers, {
              timeoutMs: r.provider.propagationTimeoutMs,
              signal,
              rd,
            });
          } catch (error) {
            if (signal.aborted) throw error;
            throw new DnsProviderError(
              r.provider,
              errorMessage(error),
              `the record was written but ${describeServers(servers)} do not serve it: check that the provider writes to the zone those servers serve, or raise propagation-timeout`,
            );
          }
          opts.onVisible?.(r, Date.now());
        }),
      );
    }
    return await validate();
  } finally {
    await cleanupRecords(presented, opts.log);
  }
}

/** Removes records, each exactly once, with its own deadline (the run's signal may be aborted). */
export async function cleanupRecords(records: PlannedRecord[], log: Logger): Promise<void> {
  await Promise.all(
    records.map(async (r) => {
      try {
        await r.provider.cleanup(r, AbortSignal.timeout(30_000));
        log.debug(`TXT ${r.fqdn} removed`);
      } catch (error) {
        log.warn(`could not remove TXT ${r.fqdn}: ${errorMessage(error)}; remove it by hand`);
      }
    }),
  );
}
