/**
 * The one shape every DNS provider has (after lego): a factory that validates its settings, and
 * `present` / `cleanup` for one challenge record. `cleanup` removes exactly the value `present`
 * wrote and leaves other values of the same name alone (an apex and its wildcard share one
 * name, and parallel runs may share it too). Errors carry the provider's name.
 */
import type { Logger } from '../util/log.js';
import type { Server } from './transport.js';

export interface ChallengeRecord {
  /** Fully qualified name, lower case, no trailing dot: `_acme-challenge.www.example.com`. */
  fqdn: string;
  /** The base64url digest the CA will look for. */
  value: string;
  ttl: number;
}

export interface DnsProvider {
  /** The entry name under `dns:` in certflow.yml. */
  readonly name: string;
  /** `type:` of the entry (a registered provider type). */
  readonly type: string;
  /** Zones this provider serves (`zones:`), used to pick it for CNAME-delegated challenges. */
  readonly zones: string[];
  /** Where to check propagation; undefined means the zone's authoritative servers. */
  readonly resolvers?: Server[];
  readonly propagationTimeoutMs: number;
  readonly ttl: number;
  present(record: ChallengeRecord, signal?: AbortSignal): Promise<void>;
  cleanup(record: ChallengeRecord, signal?: AbortSignal): Promise<void>;
}

export interface ProviderDeps {
  log: Logger;
  /** Repository root, for relative paths (exec commands run there). */
  workspace: string;
  /**
   * The job's environment, which the exec provider picks PATH, HOME and its `env:` names from
   * (util/child-env.ts). Absent: only the PATH of this process.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/** An error from a provider, prefixed with its type and name, with what the user can do. */
export class DnsProviderError extends Error {
  readonly hint?: string;
  constructor(provider: { type: string; name: string }, message: string, hint?: string) {
    super(`${provider.type} (dns.${provider.name}): ${message}`);
    this.name = 'DnsProviderError';
    this.hint = hint;
  }
}

/**
 * Serialises read-modify-write updates of one record name inside this process (PowerDNS and
 * Route 53 replace a whole RRset, so two values written at once could lose one).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** Longest zone in `zones` that contains `fqdn`, if any. */
export function zoneFor(fqdn: string, zones: readonly string[]): string | undefined {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  let best: string | undefined;
  for (const z of zones) {
    const zone = z.toLowerCase().replace(/\.$/, '');
    if ((name === zone || name.endsWith(`.${zone}`)) && (!best || zone.length > best.length)) best = zone;
  }
  return best;
}
