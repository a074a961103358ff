/**
 * Whose fault a failed order is, to decide whether the next CA of `acme.issuers` may be tried.
 * Only the CA's own trouble moves on: it cannot be reached, answers 5xx, is rate limiting us,
 * reports serverInternal, keeps rejecting nonces, or never finishes. Everything else is the
 * user's to fix (DNS updates refused, CAA, names the CA refuses, TXT records it did not see, the
 * account or its binding, config), and another CA would either fail the same way or hide a
 * problem that must be seen: the run fails at the first CA and says why.
 */
import { AcmeProblemError, IssueError, type Problem } from './errors.js';

export type FailureSide = 'ca' | 'user';

const PREFIX = 'urn:ietf:params:acme:error:';
/** ACME problem types that are the CA's state, not the request's. */
const CA_TYPES = new Set(['serverInternal', 'rateLimited', 'badNonce']);

function sideOfProblem(problem: Problem | undefined, status: number | undefined): FailureSide | undefined {
  if (status !== undefined && status >= 500) return 'ca';
  if (status === 429) return 'ca';
  if (!problem) return undefined;
  const t = problem.type.startsWith(PREFIX) ? problem.type.slice(PREFIX.length) : problem.type;
  if (CA_TYPES.has(t)) return 'ca';
  if (t === 'certflow:network') {
    // Not trusting the CA's HTTPS certificate is ours to fix (acme.trust); silence and refusals are the CA's.
    return /CERT_|_CERT|UNABLE_TO_VERIFY|SELF_SIGNED|self[- ]signed|certificate/i.test(problem.detail ?? '')
      ? 'user'
      : 'ca';
  }
  return 'user';
}

/** Whether `error` (anything thrown while issuing at one CA) lets the next CA be tried. */
export function failureSide(error: unknown): FailureSide {
  if (error instanceof AcmeProblemError) return sideOfProblem(error.problem, error.status) ?? 'user';
  if (error instanceof IssueError) {
    if (error.side === 'ca') return 'ca';
    return sideOfProblem(error.problem, error.problem?.status) ?? 'user';
  }
  // A request that timed out on its own clock (not the run's signal: the caller checks that).
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError') return 'ca';
  return 'user';
}
