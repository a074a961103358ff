/**
 * When to renew one certificate, and why. Pure: everything it needs comes in as arguments
 * (including `now`), so every branch is table-tested with a fixed clock.
 *
 * The rules, in order (first match wins, as certmagic does it; `RULES` below is this list):
 *   0. a renewal waiting in the open pull request, not forced, config unchanged -> skip,
 *      pending-review (checked first, in `decide`: its decision carries the pull request)
 *   1. stored bundle unreadable -> renew
 *   2. missing -> issue
 *   3. domains / key type / profile changed -> renew
 *   4. forced -> renew
 *   5. expired -> renew
 *   6. emergency point passed -> renew, whatever ARI says
 *   7. inside the stored ARI window, past this certificate's stable random point -> renew
 *   8. a stored ARI window, point not reached -> skip until the point
 *   9. the fallback point (`renew-before`) passed -> renew
 *  10. else skip, with the time it becomes due.
 * Then the back-off after failures holds back whatever 1-9 found due until the next attempt, unless
 * the certificate is forced (changed or not) or force-unsafe is set.
 */
import { createHash } from 'node:crypto';
import type { LifetimePoint, RenewalPolicy } from '../config/policy.js';
import type { KeyType } from '../config/schema.js';
import type { Manifest, PendingReview, RenewalDecision } from '../model.js';
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
  /** A newer bundle on the open pull request's branch (see src/plan/pending.ts). */
  pending?: PendingInput;
  now: Date;
}

/** What the plan needs of a renewal waiting for review. */
export interface PendingInput {
  pullRequest: number;
  url: string;
  openedAt: string;
  /** The bundle on the branch, as its manifest says. */
  manifest: Pick<Manifest, 'domains' | 'keyType' | 'profile' | 'serial' | 'notAfter'>;
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

/** What the rules look at, derived once from the input. */
interface Facts {
  input: DecideInput;
  nowMs: number;
  /** Only for a present bundle: every rule after `missing` runs on one (see `onBundle`). */
  bundle?: BundleFacts;
}

interface BundleFacts {
  manifest: Manifest;
  t: Timeline;
  /** What changed against the config, or undefined. */
  change?: string;
}

/** A decision without the certificate's name and stored facts, which `decide` adds. */
type Verdict = Pick<RenewalDecision, 'action' | 'reason' | 'dueAt'>;

interface Rule {
  code: RenewalDecision['code'];
  when: (f: Facts) => boolean;
  decision: (f: Facts) => Verdict;
}

const renewAt = (reason: string, ms: number): Verdict => ({ action: 'renew', reason, dueAt: iso(ms) });
const skipUntil = (reason: string, ms: number): Verdict => ({ action: 'skip', reason, dueAt: iso(ms) });
const left = (b: BundleFacts, nowMs: number) =>
  `${share(b.t.notAfter - nowMs, b.t.lifetimeMs)} of its lifetime left`;
const window = (b: BundleFacts) => `${b.manifest.ari?.start} to ${b.manifest.ari?.end}`;

/** A rule about a stored bundle: never matches when there is none. */
function onBundle(
  code: RenewalDecision['code'],
  when: (b: BundleFacts, nowMs: number, input: DecideInput) => boolean,
  decision: (b: BundleFacts, nowMs: number) => Verdict,
): Rule {
  return {
    code,
    when: (f) => f.bundle !== undefined && when(f.bundle, f.nowMs, f.input),
    decision: (f) => decision(f.bundle as BundleFacts, f.nowMs),
  };
}

/**
 * The header's list, in its order: the first rule whose `when` holds decides. The back-off is not a
 * rule: it holds back whatever a rule found due, unless forced (see `decide`).
 */
const RULES: Rule[] = [
  {
    code: 'unreadable',
    when: (f) => f.input.stored.state === 'unreadable',
    decision: (f) => {
      const stored = f.input.stored;
      return renewAt(
        `stored bundle unreadable: ${stored.state === 'unreadable' ? stored.error : ''}`,
        f.nowMs,
      );
    },
  },
  {
    code: 'missing',
    when: (f) => f.input.stored.state === 'missing',
    decision: (f) => ({ action: 'issue', reason: 'not issued yet', dueAt: iso(f.nowMs) }),
  },
  onBundle(
    'changed',
    (b) => b.change !== undefined,
    (b, now) => renewAt(b.change ?? '', now),
  ),
  onBundle(
    'forced',
    (_b, _now, input) => input.forced,
    (_b, now) => renewAt('forced by the force input', now),
  ),
  onBundle(
    'expired',
    (b, now) => now >= b.t.notAfter,
    (b) => renewAt(`expired at ${b.manifest.notAfter}`, b.t.dueAt),
  ),
  onBundle(
    'emergency',
    (b, now) => now >= b.t.emergencyAt,
    (b, now) => renewAt(`${left(b, now)}, past the emergency point ${iso(b.t.emergencyAt)}`, b.t.emergencyAt),
  ),
  onBundle(
    'ari-window',
    (b, now) => b.t.ariAt !== undefined && now >= b.t.ariAt,
    (b) =>
      renewAt(
        `inside the CA's renewal window (${window(b)}); this certificate's point was ${iso(b.t.ariAt ?? b.t.dueAt)}`,
        b.t.ariAt ?? b.t.dueAt,
      ),
  ),
  onBundle(
    'not-due',
    (b) => b.t.ariAt !== undefined,
    (b) =>
      skipUntil(
        `not due: the CA's renewal window is ${window(b)}; this certificate's point in it is ${iso(b.t.dueAt)}`,
        b.t.dueAt,
      ),
  ),
  onBundle(
    'fallback',
    (b, now) => now >= b.t.fallbackAt,
    (b, now) =>
      renewAt(`${left(b, now)}, past the renew-before point ${iso(b.t.fallbackAt)}`, b.t.fallbackAt),
  ),
  onBundle(
    'not-due',
    () => true,
    (b, now) =>
      skipUntil(`not due: ${left(b, now)}; the renew-before point is ${iso(b.t.fallbackAt)}`, b.t.fallbackAt),
  ),
];

export function decide(input: DecideInput): RenewalDecision {
  const { certificate, stored, now } = input;
  const nowMs = now.getTime();
  // issue 14: a renewal waiting for review is not ordered again (force still orders). When the
  // config changed since, the waiting bundle is not what is wanted, and the rules below apply.
  if (input.pending && !input.forced && !describeChange(certificate, input.pending.manifest)) {
    return pendingVerdict(input, input.pending);
  }

  let bundle: BundleFacts | undefined;
  let facts = {};
  if (stored.state === 'present') {
    const m = stored.manifest;
    bundle = { manifest: m, t: timeline(m, input.policy), change: describeChange(certificate, m) };
    facts = { expiresAt: m.notAfter, notBefore: m.notBefore, serial: m.serial };
  }
  const f: Facts = { input, nowMs, bundle };
  const rule = RULES.find((r) => r.when(f));
  if (!rule) throw new Error(`no renewal rule matched ${certificate.name}`); // the last rule always does
  const verdict = rule.decision(f);
  const due: RenewalDecision = {
    name: certificate.name,
    domains: certificate.domains,
    ...facts,
    action: verdict.action,
    code: rule.code,
    reason: verdict.reason,
    dueAt: verdict.dueAt,
  };
  return holdBack(due, input, nowMs);
}

/**
 * Back-off after failures, unless forced or force-unsafe: a due decision waits until the next
 * attempt, saying what it holds back. A forced certificate never backs off, changed or not.
 */
function holdBack(due: RenewalDecision, input: DecideInput, nowMs: number): RenewalDecision {
  const backoff = input.backoff;
  if (due.action === 'skip' || !backoff || input.forced || input.ignoreBackoff) return due;
  if (Date.parse(backoff.nextAttemptAt) <= nowMs) return due;
  const what = due.code === 'missing' ? 'not issued yet' : `due (${due.reason})`;
  const attempts = `${backoff.failures} failed attempt${backoff.failures === 1 ? '' : 's'}`;
  return {
    ...due,
    action: 'skip',
    code: 'backoff',
    reason: `${what}, but backing off after ${attempts} until ${backoff.nextAttemptAt}; last error: ${backoff.lastError}`,
    dueAt: backoff.nextAttemptAt,
  };
}

/**
 * `pending-review`: skip, naming the pull request and how long it has waited. Urgent when the base
 * branch's certificate (the deployed one) is past its emergency point: only a merge helps then.
 */
function pendingVerdict(input: DecideInput, p: PendingInput): RenewalDecision {
  const { certificate, stored, now } = input;
  const nowMs = now.getTime();
  const present = stored.state === 'present' ? stored.manifest : undefined;
  const urgent = present ? nowMs >= timeline(present, input.policy).emergencyAt : false;
  const waited = Math.max(0, nowMs - Date.parse(p.openedAt));
  const facts = present
    ? { expiresAt: present.notAfter, notBefore: present.notBefore, serial: present.serial }
    : {};
  const pending: PendingReview = {
    pullRequest: p.pullRequest,
    url: p.url,
    openedAt: p.openedAt,
    serial: p.manifest.serial,
    notAfter: p.manifest.notAfter,
    urgent,
  };
  const head = `renewed in pull request #${p.pullRequest}, waiting for review for ${duration(waited)} (new serial ${p.manifest.serial}, expires ${p.manifest.notAfter}); not ordered again`;
  const tail = urgent
    ? `; the base branch's certificate expires on ${present?.notAfter}, past its emergency point: merge PR #${p.pullRequest} now`
    : '; merge it to deploy';
  return {
    name: certificate.name,
    domains: certificate.domains,
    ...facts,
    action: 'skip',
    code: 'pending-review',
    reason: head + tail,
    // Due again (as urgent) at the emergency point of the certificate in use.
    dueAt: present ? iso(timeline(present, input.policy).emergencyAt) : iso(nowMs),
    pending,
  };
}

/** "45 min", "5 h", "3 days": how long a pull request has waited. */
function duration(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 120) return `${min} min`;
  const h = Math.floor(ms / 3_600_000);
  if (h < 48) return `${h} h`;
  return `${Math.floor(ms / 86_400_000)} days`;
}

function share(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const pct = (part / whole) * 100;
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}
