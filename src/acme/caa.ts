/**
 * A CAA pre-check (RFC 8659) before ordering: when a CAA record forbids the CA we are about to
 * ask, say so plainly instead of spending an order, a challenge and the CA's rate limit on a
 * refusal. The CA still does its own check; this one only stops clear refusals: a relevant
 * CAA set whose issuers do not include the CA's `caaIdentities`, or that names no issuer at all
 * (`0 issue ";"`). A lookup that fails is not a refusal.
 */
import { query } from '../dns/query.js';
import { formatServer, type Server } from '../dns/transport.js';
import { type CaaData, normalizeName, TYPE } from '../dns/wire.js';

export interface CaaVerdict {
  allowed: boolean;
  /** Where the relevant CAA set was found. */
  at?: string;
  /** The issuers it allows ("" means nobody). */
  issuers?: string[];
}

/**
 * CAA sets of parent names already looked up in this run (resolver + name -> set). A thousand
 * certificates under one zone would otherwise ask for the same parents a thousand times (issue
 * 22). The names themselves are not kept: each certificate has its own. Failed lookups are not
 * kept either, so the next certificate asks again. A run is minutes long, and the CA checks CAA
 * itself at issuance: a change to a parent's CAA during the run is the CA's to see.
 */
export type CaaCache = Map<string, Promise<CaaData[]>>;

async function lookup(resolver: Server, candidate: string, signal?: AbortSignal): Promise<CaaData[]> {
  const msg = await query(resolver, candidate, TYPE.CAA, { signal, timeoutMs: 2000 });
  if (msg.rcode !== 0 && msg.rcode !== 3) throw new Error(`CAA lookup of ${candidate}: rcode ${msg.rcode}`);
  return msg.answers.filter((r) => r.type === TYPE.CAA).map((r) => r.data as CaaData);
}

function cachedLookup(cache: CaaCache, resolver: Server, candidate: string, signal?: AbortSignal) {
  const key = `${formatServer(resolver)} ${candidate}`;
  let found = cache.get(key);
  if (!found) {
    found = lookup(resolver, candidate, signal);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

/** The relevant CAA set: the first non-empty one climbing from the name towards the root. */
async function relevantSet(name: string, resolvers: Server[], signal?: AbortSignal, cache?: CaaCache) {
  const labels = normalizeName(name).split('.');
  const resolver = resolvers[0] as Server;
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    const set =
      i > 0 && cache
        ? await cachedLookup(cache, resolver, candidate, signal)
        : await lookup(resolver, candidate, signal);
    if (set.length > 0) return { at: candidate, set };
  }
  return undefined;
}

/** The issuer domain of an issue/issuewild value ("ca.example; account=1" -> "ca.example"). */
function issuerOf(value: string): string {
  return normalizeName(value.split(';')[0] ?? '');
}

export async function checkCaa(
  domain: string,
  caIdentities: string[] | undefined,
  resolvers: Server[],
  signal?: AbortSignal,
  cache?: CaaCache,
): Promise<CaaVerdict> {
  const wildcard = domain.startsWith('*.');
  const found = await relevantSet(domain.replace(/^\*\./, ''), resolvers, signal, cache);
  if (!found) return { allowed: true };
  const wild = found.set.filter((r) => r.tag === 'issuewild');
  const issue = found.set.filter((r) => r.tag === 'issue');
  const relevant = wildcard && wild.length > 0 ? wild : issue;
  if (relevant.length === 0) return { allowed: true, at: found.at };
  const issuers = relevant.map((r) => issuerOf(r.value));
  const ids = (caIdentities ?? []).map((i) => normalizeName(i));
  const allowed = ids.length > 0 ? issuers.some((i) => ids.includes(i)) : issuers.some((i) => i !== '');
  return { allowed, at: found.at, issuers };
}
