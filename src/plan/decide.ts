/**
 * When to renew one certificate, and why. Pure: everything it needs comes in as arguments
 * (including `now`), so every branch is table-tested with a fixed clock.
 *
 * Order (first match wins), as certmagic does it:
 *   stored bundle unreadable -> renew      missing -> issue
 *   domains / key type / profile changed -> renew
 *   forced -> renew
 *   (back-off after failures, unless forced -> skip until the next attempt; it holds back any
 *    renewal found above or below, including a change, but never a forced one)
 *   expired -> renew
 *   emergency point passed -> renew, whatever ARI says
 *   stored ARI window -> renew from a stable random point of the window
 *   otherwise the fallback point (`renew-before`) -> renew
 *   else skip, with the time it becomes due.
 */
import { createHash } from 'node:crypto';
import type { LifetimePoint, RenewalPolicy } from '../config/policy.js';
import type { KeyType } from '../config/schema.js';
import type { Manifest, RenewalDecision } from '../model.js';
import type { StoredState } from '../store/read.js';

export interface CertificateWanted {
  name: string;
  /** Normalized (lower-case A-labels), as the config loader returns them. */
  domains: string[];
  key: KeyType;
  /** The effective profile: the certificate's, else acme.profile. */
  profile?: string;
}

export interface DecideInput {
  certificate: CertificateWanted;
  stored: StoredState;
  policy: RenewalPolicy;
  /** This certificate was named in `force` (or force is `all`). */
  forced: boolean;
  /** `force-unsafe`: also ignore the back-off after failures. */
  ignoreBackoff?: boolean;
  /**
   * The back-off after failures from the guard state (src/guard/state.ts): the manifest's, or
   * `state.json`'s for a certificate that never issued or whose bundle is unreadable. The plan is
   * the one place it is judged; the guard only counts the CA's limits.
   */
  backoff?: Manifest['backoff'];
  now: Date;
}

/** The points in time of a stored certificate, computed once for the decision and the warnings. */
export interface Timeline {
  notBefore: number;
  notAfter: number;
  lifetimeMs: number;
  /** Where the fallback (`renew-before`) puts renewal. */
  fallbackAt: number;
  /** Past this, renew whatever ARI says. Never before `fallbackAt`. */
  emergencyAt: number;
  /** The stable random point of the stored ARI window, when it is used. */
  ariAt?: number;
  /** The point that applies: the ARI point (capped by emergencyAt), else the fallback. */
  dueAt: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** How long before expiry a `renew-before`/`emergency` value lands for a given lifetime. */
function beforeExpiryMs(point: LifetimePoint, lifetimeMs: number, capMs: number): number {
  const ms = point.kind === 'share' ? point.share * lifetimeMs : point.ms;
  // Days longer than the cap would make a short-lived (e.g. 6-day) certificate due right after
  // issuance and renew on every run: cap them at a share of its lifetime instead.
  return Math.min(ms, capMs);
}

/**
 * A fraction in [0, 1) fixed for one certificate (name + serial): every run of the plan picks the
 * same point of an ARI window, yet different certificates spread over it.
 */
export function stableFraction(name: string, serial: string): number {
  const digest = createHash('sha256').update(`${name}\u0000${serial}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

export function timeline(
  manifest: {
    name: string;
    serial: string;
    notBefore: string;
    notAfter: string;
    ari?: { start: string; end: string };
  },
  policy: RenewalPolicy,
): Timeline {
  const notBefore = Date.parse(manifest.notBefore);
  const notAfter = Date.parse(manifest.notAfter);
  const lifetimeMs = Math.max(0, notAfter - notBefore);
  const renewBeforeMs = beforeExpiryMs(policy.renewBefore, lifetimeMs, lifetimeMs / 2);
  const emergencyMs = beforeExpiryMs(policy.emergency, lifetimeMs, renewBeforeMs);
  const fallbackAt = notAfter - renewBeforeMs;
  const emergencyAt = notAfter - emergencyMs;
  let ariAt: number | undefined;
  if (policy.ari && manifest.ari) {
    const start = Date.parse(manifest.ari.start);
    const end = Date.parse(manifest.ari.end);
    if (Number.isFinite(start) && Number.isFinite(end) && end >= start) {
      ariAt = start + Math.floor(stableFraction(manifest.name, manifest.serial) * (end - start));
    }
  }
  const dueAt = ariAt !== undefined ? Math.min(ariAt, emergencyAt) : fallbackAt;
  return { notBefore, notAfter, lifetimeMs, fallbackAt, emergencyAt, ariAt, dueAt };
}

/** "+api.example.com -old.example.com; key rsa-2048 -> ecdsa-p256" or undefined when equal. */
export function describeChange(
  wanted: CertificateWanted,
  stored: { domains: string[]; keyType: string; profile?: string },
): string | undefined {
  const parts: string[] = [];
  const have = new Set(stored.domains.map((d) => d.toLowerCase()));
  const want = new Set(wanted.domains);
  const added = wanted.domains.filter((d) => !have.has(d)).map((d) => `+${d}`);
  const removed = [...have].filter((d) => !want.has(d)).map((d) => `-${d}`);
  if (added.length + removed.length > 0) parts.push(`domains changed: ${[...added, ...removed].join(' ')}`);
  if (wanted.key !== stored.keyType) parts.push(`key type changed: ${stored.keyType} -> ${wanted.key}`);
  if ((wanted.profile ?? '') !== (stored.profile ?? '')) {
    parts.push(`profile changed: ${stored.profile ?? '(none)'} -> ${wanted.profile ?? '(none)'}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

export function decide(input: DecideInput): RenewalDecision {
  const { certificate, stored, now } = input;
  const nowMs = now.getTime();
  const base = { name: certificate.name, domains: certificate.domains };

  const backoff = input.backoff;
  const backingOff =
    !!backoff && !input.forced && !input.ignoreBackoff && Date.parse(backoff.nextAttemptAt) > nowMs;
  const holdBack = (due: RenewalDecision, what: string): RenewalDecision =>
    backoff && backingOff
      ? {
          ...due,
          action: 'skip',
          code: 'backoff',
          reason: `${what}, but backing off after ${backoff.failures} failed attempt${
            backoff.failures === 1 ? '' : 's'
          } until ${backoff.nextAttemptAt}; last error: ${backoff.lastError}`,
          dueAt: backoff.nextAttemptAt,
        }
      : due;

  if (stored.state === 'unreadable') {
    const reason = `stored bundle unreadable: ${stored.error}`;
    const due: RenewalDecision = { ...base, action: 'renew', code: 'unreadable', reason, dueAt: iso(nowMs) };
    return holdBack(due, `due (${reason})`);
  }
  if (stored.state === 'missing') {
    const due: RenewalDecision = {
      ...base,
      action: 'issue',
      code: 'missing',
      reason: 'not issued yet',
      dueAt: iso(nowMs),
    };
    return holdBack(due, 'not issued yet');
  }

  const m = stored.manifest;
  const t = timeline(m, input.policy);
  const facts = { expiresAt: m.notAfter, notBefore: m.notBefore, serial: m.serial };
  const renew = (code: RenewalDecision['code'], reason: string, dueAt = t.dueAt): RenewalDecision => ({
    ...base,
    ...facts,
    action: 'renew',
    code,
    reason,
    dueAt: iso(dueAt),
  });

  // A forced certificate never backs off (holdBack knows), whether or not it also changed.
  const change = describeChange(certificate, m);
  const due = change
    ? renew('changed', change, nowMs)
    : input.forced
      ? renew('forced', 'forced by the force input', nowMs)
      : timedVerdict();
  return due.action === 'skip' ? due : holdBack(due, `due (${due.reason})`);

  // Hoisted: the time-based branches, used directly and to describe what a back-off holds back.
  function timedVerdict(): RenewalDecision {
    const tl = t;
    const at = nowMs;
    const make = renew;
    if (at >= tl.notAfter) return make('expired', `expired at ${m.notAfter}`);
    const left = `${share(tl.notAfter - at, tl.lifetimeMs)} of its lifetime left`;
    if (at >= tl.emergencyAt) {
      return make('emergency', `${left}, past the emergency point ${iso(tl.emergencyAt)}`, tl.emergencyAt);
    }
    if (tl.ariAt !== undefined) {
      if (at >= tl.ariAt) {
        return make(
          'ari-window',
          `inside the CA's renewal window (${m.ari?.start} to ${m.ari?.end}); this certificate's point was ${iso(tl.ariAt)}`,
          tl.ariAt,
        );
      }
      return {
        ...base,
        ...facts,
        action: 'skip',
        code: 'not-due',
        reason: `not due: the CA's renewal window is ${m.ari?.start} to ${m.ari?.end}; this certificate's point in it is ${iso(tl.dueAt)}`,
        dueAt: iso(tl.dueAt),
      };
    }
    if (at >= tl.fallbackAt) {
      return make('fallback', `${left}, past the renew-before point ${iso(tl.fallbackAt)}`, tl.fallbackAt);
    }
    return {
      ...base,
      ...facts,
      action: 'skip',
      code: 'not-due',
      reason: `not due: ${left}; the renew-before point is ${iso(tl.fallbackAt)}`,
      dueAt: iso(tl.fallbackAt),
    };
  }
}

function share(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const pct = (part / whole) * 100;
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}
