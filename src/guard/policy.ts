/**
 * What each CA publishes about duplicate certificates and failed validations, as numbers the guard
 * can count against. The guard only has to stay below the CA's own limit; counting conservatively
 * (a sliding window, where Let's Encrypt refills a token bucket) costs at most a day of waiting,
 * while a CA-side rate limit can block the same names for a week.
 */
import { DIRECTORY_NAMES, directoryByName } from '../config/schema.js';

export interface GuardPolicy {
  /** Certificates for the exact same set of names allowed inside `duplicateWindowMs`. */
  duplicateLimit: number;
  duplicateWindowMs: number;
  /** Failed attempts for any of the names allowed inside `failedValidationWindowMs`. */
  failedValidationLimit: number;
  failedValidationWindowMs: number;
  /** Where the numbers come from, for the refusal message. */
  source?: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Let's Encrypt, https://letsencrypt.org/docs/rate-limits/ (revision of April 2025):
 * "New Certificates per Exact Set of Identifiers": 5 per 7 days (refill 1 per 34 h);
 * "Authorization Failures per Identifier per Account": 5 per hour (refill 1 per 12 min);
 * ARI renewals (orders carrying `replaces` inside the suggested window) are exempt from all limits.
 * Staging has far higher limits, but a dry run against staging should behave like production, so it
 * gets the same policy.
 */
export const LETS_ENCRYPT: GuardPolicy = {
  duplicateLimit: 5,
  duplicateWindowMs: 7 * DAY,
  failedValidationLimit: 5,
  failedValidationWindowMs: HOUR,
  source: "Let's Encrypt rate limits, https://letsencrypt.org/docs/rate-limits/",
};

/**
 * Other CAs (ZeroSSL, Google Trust Services, Buypass, private and test CAs) publish no limits or
 * limits of the same shape (Buypass Go: 5 duplicates per week, 5 failures per hostname per hour).
 * Same duplicate limit, and fewer failed attempts per hour: retrying a broken DNS setup more than
 * three times an hour never helps.
 */
export const DEFAULT_POLICY: GuardPolicy = {
  duplicateLimit: 5,
  duplicateWindowMs: 7 * DAY,
  failedValidationLimit: 3,
  failedValidationWindowMs: HOUR,
  source: 'certflow default for CAs without a known policy (5 duplicates per 7 days, 3 failures per hour)',
};

const LETS_ENCRYPT_HOSTS = new Set([
  new URL(DIRECTORY_NAMES.letsencrypt).host,
  new URL(DIRECTORY_NAMES['letsencrypt-staging']).host,
]);

/** The policy for a directory given by name (`letsencrypt`) or URL, as in `acme.directory`. */
export function policyFor(directoryUrlOrName: string): GuardPolicy {
  const known = directoryByName(directoryUrlOrName);
  const url = known ?? directoryUrlOrName;
  let host: string;
  try {
    host = new URL(url).host.toLowerCase();
  } catch {
    return DEFAULT_POLICY;
  }
  return LETS_ENCRYPT_HOSTS.has(host) ? LETS_ENCRYPT : DEFAULT_POLICY;
}
