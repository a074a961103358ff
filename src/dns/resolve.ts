/**
 * Where a challenge record lives and who must serve it: the zone of a name, the CNAME target of
 * `_acme-challenge.<name>`, and the servers to watch for propagation. Every question goes to
 * named servers (the provider's `resolvers`, or the machine's configured nameservers read once
 * as addresses), never through the system's resolver library.
 */
import { getServers } from 'node:dns';
import { assertDefinite, cnameTarget, query } from './query.js';
import { formatServer, parseServer, type Server } from './transport.js';
import { normalizeName, type SoaData, TYPE } from './wire.js';

export interface LookupContext {
  /** Servers to ask (recursive resolvers, or the authoritative servers themselves). */
  resolvers: Server[];
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** The machine's nameservers as addresses (no lookup is made to read them). */
export function systemResolvers(): Server[] {
  return getServers().map((s) => parseServer(s));
}

async function firstAnswer<T>(ctx: LookupContext, ask: (server: Server) => Promise<T>): Promise<T> {
  let last: unknown;
  for (const server of ctx.resolvers) {
    try {
      return await ask(server);
    } catch (error) {
      last = error;
      if (ctx.signal?.aborted) throw error;
    }
  }
  throw last ?? new Error('no DNS resolvers configured');
}

/**
 * The zone (apex) that holds `name`: the owner of the SOA in the answer or the authority
 * section. A CNAME at `name` means its SOA answer is about the target, so we climb instead.
 */
export async function findZone(name: string, ctx: LookupContext): Promise<string> {
  let candidate = normalizeName(name);
  for (let depth = 0; depth < 16 && candidate.length > 0; depth++) {
    const current = candidate;
    const msg = await firstAnswer(ctx, async (server) => {
      const m = await query(server, current, TYPE.SOA, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
      assertDefinite(m, server, `SOA ${current}`);
      return m;
    });
    const soa = msg.answers.find((r) => r.type === TYPE.SOA && normalizeName(r.name) === current);
    if (soa) return current;
    if (!cnameTarget(msg, current)) {
      const auth = msg.authority.find((r) => r.type === TYPE.SOA);
      if (auth && current.endsWith(normalizeName(auth.name))) return normalizeName(auth.name);
    }
    candidate = current.split('.').slice(1).join('.');
  }
  throw new Error(`no zone found for ${name}: no SOA record above it`);
}

/**
 * A name we are willing to write a record at: letters, digits, "-" and "_" (for
 * `_acme-challenge`) in labels of 1-63 bytes, at most 253 characters, two labels or more. A CNAME
 * target comes from the network, and it reaches provider APIs and exec scripts as a name.
 */
export function isValidRecordName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  if (labels.length < 2) return false;
  return labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l));
}

/** A CNAME target we will not use: not a DNS name, or outside the zones the config allows. */
export class CnameRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CnameRefusedError';
  }
}

/**
 * Follows CNAMEs from `name` (at most 8) and returns the final name, where the TXT record must be
 * written. Each hop is asked again, so this works with resolvers and with authoritative servers
 * that do not chase targets outside their zones.
 */
export async function followCname(name: string, ctx: LookupContext): Promise<string> {
  let current = normalizeName(name);
  const seen = new Set<string>([current]);
  for (let hop = 0; hop < 8; hop++) {
    const here = current;
    const msg = await firstAnswer(ctx, async (server) => {
      const m = await query(server, here, TYPE.TXT, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
      assertDefinite(m, server, `TXT ${here}`);
      return m;
    });
    const target = cnameTarget(msg, here);
    if (!target) return here;
    // Checked before it is asked for, written at, or handed to a script.
    if (!isValidRecordName(target)) {
      throw new CnameRefusedError(
        `${normalizeName(name)}: ${here} is a CNAME to ${JSON.stringify(target)}, which is not a valid DNS name; nothing was written. Fix or remove the CNAME`,
      );
    }
    if (seen.has(target)) throw new Error(`CNAME loop at ${here} -> ${target}`);
    seen.add(target);
    current = target;
  }
  throw new Error(`more than 8 CNAMEs from ${name}`);
}

/** The zone's authoritative servers as addresses (port 53), found through the resolvers. */
export async function authoritativeServers(zone: string, ctx: LookupContext): Promise<Server[]> {
  const ns = await firstAnswer(ctx, (server) =>
    query(server, zone, TYPE.NS, { signal: ctx.signal, timeoutMs: ctx.timeoutMs }),
  );
  const names = ns.answers.filter((r) => r.type === TYPE.NS).map((r) => normalizeName(r.data as string));
  const servers: Server[] = [];
  for (const host of names) {
    for (const type of [TYPE.A, TYPE.AAAA]) {
      const msg = await firstAnswer(ctx, (server) =>
        query(server, host, type, { signal: ctx.signal, timeoutMs: ctx.timeoutMs }),
      ).catch(() => undefined);
      for (const rr of msg?.answers ?? []) {
        if (rr.type === type && typeof rr.data === 'string') servers.push({ host: rr.data, port: 53 });
      }
    }
  }
  if (servers.length === 0) {
    throw new Error(
      `no address found for the name servers of ${zone} (${names.join(', ') || 'no NS records'})`,
    );
  }
  return servers;
}

/**
 * Where to ask what a name serves: the configured resolvers, recursively; else the servers of its
 * zone, found through `ctx`, without recursion (what they say is the zone's own word, not a cache).
 */
export async function serversToAsk(
  name: string,
  resolvers: Server[] | undefined,
  ctx: LookupContext,
): Promise<{ servers: Server[]; rd: boolean }> {
  if (resolvers) return { servers: resolvers, rd: true };
  return { servers: await authoritativeServers(await findZone(name, ctx), ctx), rd: false };
}

export function describeServers(servers: Server[]): string {
  return servers.map(formatServer).join(', ');
}

export type { SoaData };
