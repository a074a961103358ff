/**
 * The one shape of the guard's memory of a certificate, and the one limit on how much of it is
 * kept. The manifest holds it for a stored certificate, `state.json` for one that never issued
 * (see state.ts); sealing, the rate-limit count and the failure records all keep the same amount.
 */
import type { IssuanceRecord, Manifest } from '../model.js';

export type Backoff = NonNullable<Manifest['backoff']>;

/** What the guard knows about one certificate: its issuance history and current back-off. */
export interface GuardHistory {
  history: IssuanceRecord[];
  backoff?: Backoff;
  /**
   * Pull-request mode only (state.json on the state branch): the last ARI window the CA gave for
   * the stored certificate whose ARI ID is `certId` (issue 22). Ignored for any other certificate.
   */
  ari?: StateWindow;
}

export type StateWindow = NonNullable<Manifest['ari']> & { certId: string };

const DAY = 86_400_000;

/** Records older than this are dropped: the longest window of any policy is 7 days. */
export const HISTORY_KEEP_MS = 8 * DAY;
/**
 * And at most this many, the newest. Sealing keeps the same number, so the count of the guard
 * (5 duplicates a week, 5 failures an hour) never runs short of records.
 */
export const HISTORY_MAX = 20;

/** Keeps what the guard needs, oldest first: the last 8 days, at most 20 records. */
export function trimHistory(history: readonly IssuanceRecord[], now: Date): IssuanceRecord[] {
  const nowMs = now.getTime();
  return history
    .filter((r) => {
      const t = Date.parse(r.at);
      return !Number.isNaN(t) && nowMs - t < HISTORY_KEEP_MS;
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(-HISTORY_MAX);
}
