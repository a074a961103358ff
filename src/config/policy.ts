/** The renewal policy of `renewal:`, parsed once into numbers. */
import { LIFETIME_POINT } from './schema.js';

const DAY_MS = 86_400_000;

/** "33%" -> a share of lifetime; "30d" -> a fixed time before expiry. */
export type LifetimePoint = { kind: 'share'; share: number } | { kind: 'days'; ms: number };

export function parseLifetimePoint(value: string): LifetimePoint {
  const match = LIFETIME_POINT.exec(value.trim());
  if (!match) throw new Error(`not a share of lifetime or days: ${value}`);
  const n = Number.parseFloat(match[1] ?? '0');
  return match[2] === '%' ? { kind: 'share', share: n / 100 } : { kind: 'days', ms: n * DAY_MS };
}

export interface RenewalPolicy {
  /** Follow the stored CA renewal window (ARI) when there is one. */
  ari: boolean;
  renewBefore: LifetimePoint;
  emergency: LifetimePoint;
}

export function renewalPolicy(renewal: {
  ari: boolean;
  'renew-before': string;
  emergency: string;
}): RenewalPolicy {
  return {
    ari: renewal.ari,
    renewBefore: parseLifetimePoint(renewal['renew-before']),
    emergency: parseLifetimePoint(renewal.emergency),
  };
}
