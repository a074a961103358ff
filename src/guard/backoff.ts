/**
 * Back-off across runs after failed issuances, and the short issuance history the guard counts.
 * The schedule (1 h, 6 h, then daily) keeps a broken DNS setup from hitting the CA twice a day for
 * weeks, while one transient failure costs only an hour.
 */
import type { IssuanceRecord } from '../model.js';
import { type Backoff, type GuardHistory, trimHistory } from './history.js';

export { type Backoff, HISTORY_KEEP_MS, HISTORY_MAX, trimHistory } from './history.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Delay after the n-th consecutive failure (1-based). */
export function backoffDelayMs(failures: number): number {
  if (failures <= 1) return HOUR;
  if (failures === 2) return 6 * HOUR;
  return DAY;
}

/** Error text kept in the manifest: one line, short enough for a diff and the summary. */
export const MAX_ERROR_LENGTH = 300;

export function shortError(error: string): string {
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
}

export function nextBackoff(previous: Backoff | undefined, error: string, now: Date): Backoff {
  const failures = (previous?.failures ?? 0) + 1;
  return {
    failures,
    lastError: shortError(error),
    lastAt: now.toISOString(),
    nextAttemptAt: new Date(now.getTime() + backoffDelayMs(failures)).toISOString(),
  };
}

export interface FailureArgs {
  domains: string[];
  error: string;
  forced: boolean;
  ariReplacement?: boolean;
  now: Date;
}

/** What to persist after a failed issuance (see state.ts for where). */
export interface GuardUpdate {
  record: IssuanceRecord;
  /** The whole trimmed history, the new record last. */
  history: IssuanceRecord[];
  /** Undefined after a success: the back-off is cleared. */
  backoff?: Backoff;
}

export function recordFailure(previous: GuardHistory | undefined, args: FailureArgs): GuardUpdate {
  const record: IssuanceRecord = {
    at: args.now.toISOString(),
    result: 'failed',
    domains: [...args.domains],
    ...(args.forced ? { forced: true } : {}),
    ...(args.ariReplacement ? { ariReplacement: true } : {}),
    error: shortError(args.error),
  };
  return {
    record,
    history: trimHistory([...(previous?.history ?? []), record], args.now),
    backoff: nextBackoff(previous?.backoff, args.error, args.now),
  };
}

export interface SuccessArgs {
  domains: string[];
  serial: string;
  forced: boolean;
  ariReplacement?: boolean;
  now: Date;
}

/**
 * What to persist after a successful issuance: the history with this issuance appended, and no
 * back-off. The renew pipeline lets `sealBundle` append its own record instead; this is for callers
 * that keep the history themselves.
 */
export function recordSuccess(previous: GuardHistory | undefined, args: SuccessArgs): GuardUpdate {
  const record: IssuanceRecord = {
    at: args.now.toISOString(),
    result: 'issued',
    serial: args.serial,
    domains: [...args.domains],
    ...(args.forced ? { forced: true } : {}),
    ...(args.ariReplacement ? { ariReplacement: true } : {}),
  };
  return { record, history: trimHistory([...(previous?.history ?? []), record], args.now) };
}
