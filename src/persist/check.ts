/**
 * Read-only checks of `_validation-persist` records: asked of the configured resolvers, or of the
 * zone's authoritative servers (found through the machine's nameserver addresses, never the
 * system resolver library, whose cache would hide what the zone says now). Nothing is written.
 */
import { assertDefinite, query } from '../dns/query.js';
import { followCname, type LookupContext, serversToAsk, systemResolvers } from '../dns/resolve.js';
import type { Server } from '../dns/transport.js';
import { TYPE, txtValues } from '../dns/wire.js';
import { errorMessage } from '../util/errors.js';
import { type PersistRecord, parseRecord, showUntrusted } from './record.js';

/** Per record name, worst first when several apply. */
export type PersistStatus =
  | 'ok'
  | 'expiring'
  | 'expired'
  | 'no-wildcard-policy'
  | 'other-account'
  | 'wrong-issuer'
  | 'malformed'
  | 'missing'
  | 'lookup-failed';

/** persistUntil closer than this is reported (issue 23: "within 30 days"). */
export const EXPIRING_WITHIN_MS = 30 * 86_400_000;

export interface PersistVerdict {
  status: PersistStatus;
  /** One sentence: what is wrong and what to do. Values from DNS appear only via showUntrusted. */
  message: string;
  /** persistUntil of the record that counts, ISO time. */
  persistUntil?: string;
}

export interface Expectation {
  name: string;
  issuer: string;
  wildcard: boolean;
  /** accounturi values that name this account; unset: the account is not known, any is taken. */
  accepted?: string[];
}

const day = (ms: number) => Math.ceil(ms / 86_400_000);

/** Judges the TXT values found at `want.name` (pure: the clock is given). */
export function judge(want: Expectation, values: string[], now: Date): PersistVerdict {
  const parsed = values.map((v) => ({ raw: v, p: parseRecord(v) }));
  const good = parsed.flatMap((x) => (x.p.ok ? [x.p.record] : []));
  const bad = parsed.filter((x) => !x.p.ok);
  // A zone may answer with many values: a few are enough to say what is wrong.
  const refused =
    bad
      .slice(0, 3)
      .map((x) => `${showUntrusted(x.raw)} (${x.p.ok ? '' : x.p.reason})`)
      .join('; ') + (bad.length > 3 ? `; and ${bad.length - 3} more` : '');
  const ours = good.filter((r) => r.issuer === want.issuer);
  if (ours.length === 0) {
    if (bad.length > 0) {
      return { status: 'malformed', message: `no valid record for ${want.issuer}; not trusted: ${refused}` };
    }
    if (good.length > 0) {
      const others = [...new Set(good.map((r) => r.issuer))].join(', ');
      return {
        status: 'wrong-issuer',
        message: `records name ${others}, not ${want.issuer}: publish the record shown for this CA (records for several CAs may coexist)`,
      };
    }
    return { status: 'missing', message: `no TXT record at ${want.name}: publish the record shown` };
  }
  const accepted = want.accepted;
  const mine = accepted ? ours.filter((r) => accepted.includes(r.accountUri)) : ours;
  if (mine.length === 0) {
    const named = [...new Set(ours.map((r) => showUntrusted(r.accountUri)))].join(', ');
    return {
      status: 'other-account',
      message: `the record for ${want.issuer} names another account (${named}): publish the record shown, or use the account key it was made for`,
    };
  }
  const fit = want.wildcard ? mine.filter((r) => r.wildcard) : mine;
  if (fit.length === 0) {
    return {
      status: 'no-wildcard-policy',
      message: `a wildcard is validated here but the record has no policy=wildcard: add "; policy=wildcard"`,
    };
  }
  // The record that lasts longest counts (no persistUntil: until removed).
  const best = fit.reduce((a: PersistRecord, b) =>
    a.persistUntil === undefined
      ? a
      : b.persistUntil === undefined || b.persistUntil > a.persistUntil
        ? b
        : a,
  );
  if (best.persistUntil === undefined) return { status: 'ok', message: 'ok' };
  const until = best.persistUntil * 1000;
  const iso = new Date(Math.min(until, 8.64e15)).toISOString();
  if (until <= now.getTime()) {
    return {
      status: 'expired',
      message: `persistUntil ${iso} has passed: the CA no longer accepts this record; publish it again with a later persistUntil (or none)`,
      persistUntil: iso,
    };
  }
  if (until - now.getTime() < EXPIRING_WITHIN_MS) {
    return {
      status: 'expiring',
      message: `persistUntil ${iso} is in ${day(until - now.getTime())} day(s): publish it again with a later persistUntil before then`,
      persistUntil: iso,
    };
  }
  return { status: 'ok', message: 'ok', persistUntil: iso };
}

export interface LookupOptions {
  /** Servers to ask (the config's resolvers); unset: the zone's authoritative servers. */
  resolvers?: Server[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** TXT values at `name` after CNAMEs, from the resolvers or from the zone's authoritative servers. */
export async function lookupTxt(name: string, opts: LookupOptions): Promise<string[]> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const ctx: LookupContext = {
    resolvers: opts.resolvers ?? systemResolvers(),
    signal: opts.signal,
    timeoutMs,
  };
  const target = await followCname(name, ctx);
  const { servers, rd } = await serversToAsk(target, opts.resolvers, ctx);
  let last: unknown;
  for (const server of servers) {
    try {
      const msg = await query(server, target, TYPE.TXT, { rd, signal: opts.signal, timeoutMs });
      assertDefinite(msg, server, `TXT ${target}`);
      return txtValues(msg, target);
    } catch (error) {
      last = error;
      if (opts.signal?.aborted) break;
    }
  }
  throw last ?? new Error(`no server to ask for ${name}`);
}

/** Looks `want.name` up and judges it; a failed lookup is a verdict, not an exception. */
export async function checkRecord(
  want: Expectation,
  opts: LookupOptions,
  now: Date,
): Promise<PersistVerdict> {
  try {
    return judge(want, await lookupTxt(want.name, opts), now);
  } catch (error) {
    return { status: 'lookup-failed', message: `cannot look up ${want.name}: ${errorMessage(error)}` };
  }
}
