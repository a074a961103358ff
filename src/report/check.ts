/**
 * `command: check` judged: is what a host serves fresh enough, and is it the stored certificate?
 * Pure: the probe and the store read happen in the command; this only compares.
 */
import type { LifetimePoint } from '../config/policy.js';
import type { CheckResult } from '../model.js';
import { formatDuration } from '../util/duration.js';
import type { CertificateFacts } from '../util/x509.js';

export interface StoredFacts {
  serial: string;
  notAfter: string;
  sha256: string;
}

export interface Judgement {
  ok: boolean;
  status: CheckResult['status'];
  message: string;
  remaining?: number;
}

function pointText(p: LifetimePoint): string {
  return p.kind === 'share' ? `${+(p.share * 100).toFixed(2)}% of its lifetime` : formatDuration(p.ms);
}

/**
 * The order of the verdicts is the order of urgency: no answer, expired, inside the emergency
 * window, not the stored one. Every finding is named in the message, not only the worst.
 */
export function judgeServed(input: {
  served?: Pick<CertificateFacts, 'serial' | 'notBefore' | 'notAfter' | 'sha256'>;
  probeError?: string;
  stored?: StoredFacts;
  /** Why there is no stored certificate to compare with, when there is none. */
  storeNote?: string;
  /** The stored bundle is unreadable or fails verification (store/verify.ts): the check fails. */
  storeProblem?: string;
  /** Why the served chain does not reach a trusted root, when it does not. */
  chainProblem?: string;
  emergency: LifetimePoint;
  now: Date;
}): Judgement {
  const { served, stored, emergency, now } = input;
  if (!served) {
    return { ok: false, status: 'unreachable', message: input.probeError ?? 'no certificate served' };
  }
  const lifetime = served.notAfter.getTime() - served.notBefore.getTime();
  const left = served.notAfter.getTime() - now.getTime();
  const remaining = lifetime > 0 ? left / lifetime : 0;
  const findings: string[] = [];
  let status: CheckResult['status'] = 'ok';
  const share = `${Math.max(0, Math.round(remaining * 100))}%`;
  if (left <= 0) {
    status = 'expired';
    findings.push(`expired on ${served.notAfter.toISOString()} (${formatDuration(-left)} ago)`);
  } else {
    const inWindow = emergency.kind === 'share' ? remaining < emergency.share : left < emergency.ms;
    if (inWindow) {
      status = 'expiring';
      findings.push(
        `${formatDuration(left)} left (${share} of its lifetime), below the emergency point of ${pointText(emergency)}`,
      );
    }
  }
  if (stored && stored.sha256 !== served.sha256) {
    if (status === 'ok') status = 'mismatch';
    findings.push(
      `serves serial ${served.serial}, not the stored ${stored.serial} (SHA-256 ${served.sha256.slice(0, 16)}… vs ${stored.sha256.slice(0, 16)}…)`,
    );
  }
  if (input.chainProblem) {
    if (status === 'ok') status = 'untrusted';
    findings.push(`the served chain does not reach a trusted root: ${input.chainProblem}`);
  }
  if (input.storeProblem) {
    if (status === 'ok') status = 'invalid';
    findings.push(`the stored bundle is not valid: ${input.storeProblem}`);
  }
  if (findings.length > 0) return { ok: false, status, message: findings.join('; '), remaining };
  const fresh = `${formatDuration(left)} left (${share} of its lifetime)`;
  if (!stored) {
    return {
      ok: true,
      status: 'unstored',
      message: `${fresh}; not compared: ${input.storeNote ?? 'nothing stored'}`,
      remaining,
    };
  }
  return { ok: true, status: 'ok', message: `${fresh}; the stored certificate`, remaining };
}
