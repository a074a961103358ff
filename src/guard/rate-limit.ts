/**
 * The rate-limit guard: before ordering, decide from the certificate's own history whether this
 * order would run into the CA's duplicate-certificate or failed-validation limits. Pure: the caller
 * hands in the history and the clock. The back-off after failures is judged by the plan
 * (src/plan/decide.ts), not here: a certificate backing off never reaches the guard.
 */
import { formatDuration } from '../util/duration.js';
import type { GuardHistory } from './history.js';
import type { GuardPolicy } from './policy.js';

export { DEFAULT_POLICY, type GuardPolicy, LETS_ENCRYPT, policyFor } from './policy.js';

export interface GuardVerdict {
  allowed: boolean;
  /** Stable code when refused, or when allowed only because a limit was overridden or exempt. */
  code?: 'duplicate-limit' | 'failed-validations' | 'overridden' | 'ari-exempt';
  /** Why, in words: what was counted against which limit. */
  reason?: string;
  /** How to override. */
  hint?: string;
  /** When the order would be allowed without overriding (ISO 8601). */
  retryAt?: string;
}

export interface CheckOrderArgs {
  /** The certificate's guard history (see state.ts), or none for a first order. */
  manifest?: GuardHistory;
  /** The names of the order about to be placed. */
  domains: string[];
  /** `force-unsafe`: skips every check of the guard. */
  forceUnsafe: boolean;
  /** The order carries ARI `replaces` inside the suggested window: the CA exempts it from limits. */
  ariReplacement: boolean;
  now: Date;
  policy: GuardPolicy;
}

/** Lower-case, sorted, de-duplicated: the CA compares name sets ignoring case and order. */
export function nameSetKey(domains: readonly string[]): string {
  return [...new Set(domains.map((d) => d.trim().toLowerCase()))].sort().join(',');
}

const FORCE_UNSAFE_HINT =
  'to order anyway, run with force-unsafe: true (CLI: --force-unsafe); the CA may then refuse the names for days';

export function checkOrder(args: CheckOrderArgs): GuardVerdict {
  const { manifest, domains, now, policy } = args;
  const history = manifest?.history ?? [];
  const nowMs = now.getTime();
  const key = nameSetKey(domains);
  const names = key.split(',').join(', ');

  const refusals: GuardVerdict[] = [];

  // Failed validations: the CA counts failures per name, so any failure that touched one of these
  // names counts, forced or not.
  const wanted = new Set(key.split(','));
  const failures = history
    .filter((r) => r.result === 'failed')
    .filter((r) => inWindow(r.at, nowMs, policy.failedValidationWindowMs))
    .filter((r) => r.domains.some((d) => wanted.has(d.trim().toLowerCase())))
    .map((r) => Date.parse(r.at))
    .sort((a, b) => a - b);
  if (failures.length >= policy.failedValidationLimit) {
    const retryMs =
      failures[failures.length - policy.failedValidationLimit]! + policy.failedValidationWindowMs;
    refusals.push({
      allowed: false,
      code: 'failed-validations',
      reason: `${failures.length} failed attempts for ${names} in the last ${formatDuration(policy.failedValidationWindowMs)} (limit ${policy.failedValidationLimit}${sourceNote(policy)}); another failure would get these names refused by the CA`,
      hint: `fix the DNS-01 setup and wait until ${new Date(retryMs).toISOString()}, or ${FORCE_UNSAFE_HINT}`,
      retryAt: new Date(retryMs).toISOString(),
    });
  }

  // Duplicate certificates: every issuance of the exact same name set counts, forced ones and ARI
  // ones too (counting an exempt one makes the guard stricter than the CA, never looser).
  const issued = history
    .filter((r) => r.result === 'issued' && nameSetKey(r.domains) === key)
    .filter((r) => inWindow(r.at, nowMs, policy.duplicateWindowMs))
    .map((r) => Date.parse(r.at))
    .sort((a, b) => a - b);
  const duplicateExceeded = issued.length >= policy.duplicateLimit;
  if (duplicateExceeded && !args.ariReplacement) {
    const retryMs = issued[issued.length - policy.duplicateLimit]! + policy.duplicateWindowMs;
    refusals.push({
      allowed: false,
      code: 'duplicate-limit',
      reason: `${issued.length} certificates for exactly ${names} were issued in the last ${formatDuration(policy.duplicateWindowMs)} (limit ${policy.duplicateLimit}${sourceNote(policy)}); one more would exceed the CA's duplicate-certificate limit`,
      hint: `wait until ${new Date(retryMs).toISOString()}, change the set of names, or ${FORCE_UNSAFE_HINT}`,
      retryAt: new Date(retryMs).toISOString(),
    });
  }

  if (refusals.length > 0) {
    if (args.forceUnsafe) {
      return {
        allowed: true,
        code: 'overridden',
        reason: `force-unsafe overrides the rate-limit guard: ${refusals.map((r) => r.reason).join('; ')}`,
      };
    }
    // The refusal that lasts longest is the one the user has to plan around.
    const latest = refusals.reduce((a, b) => ((b.retryAt ?? '') > (a.retryAt ?? '') ? b : a));
    return refusals.length === 1 ? latest : { ...latest, reason: refusals.map((r) => r.reason).join('; ') };
  }
  if (duplicateExceeded && args.ariReplacement) {
    return {
      allowed: true,
      code: 'ari-exempt',
      reason: `${issued.length} certificates for exactly ${names} in the last ${formatDuration(policy.duplicateWindowMs)}, but this order replaces one inside the CA's ARI window, which the CA exempts from the limit`,
    };
  }
  return { allowed: true };
}

/** Inside the window when younger than it: a record exactly `windowMs` old no longer counts. */
function inWindow(at: string, nowMs: number, windowMs: number): boolean {
  const t = Date.parse(at);
  // A record from the future (clock skew between runners) counts: stricter, never looser.
  return !Number.isNaN(t) && nowMs - t < windowMs;
}

function sourceNote(policy: GuardPolicy): string {
  return policy.source ? `, ${policy.source}` : '';
}
