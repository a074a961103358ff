/** Whether the schedule runs often enough to catch a certificate's renewal window twice. */
import { formatDuration } from '../util/duration.js';
import type { Timeline } from './decide.js';

const HOUR_MS = 3_600_000;

/**
 * The renewal window is the time from the due point to expiry. Two scheduled runs must fit in it,
 * so one failed run (CA outage, DNS hiccup) is retried before the certificate expires.
 * Returns the warning, or undefined when the schedule keeps up.
 */
export function scheduleWarning(
  name: string,
  t: Pick<Timeline, 'dueAt' | 'notAfter' | 'lifetimeMs'>,
  intervalHours: number,
  source = 'the schedule',
): string | undefined {
  const windowMs = t.notAfter - t.dueAt;
  const intervalMs = intervalHours * HOUR_MS;
  if (windowMs >= 2 * intervalMs) return undefined;
  const needed = Math.max(1, Math.floor(windowMs / 2 / HOUR_MS));
  return `${name}: its renewal window (due point to expiry) is ${formatDuration(windowMs)} of a ${formatDuration(
    t.lifetimeMs,
  )} lifetime, but scheduled runs are ${formatDuration(intervalMs)} apart (${source}); one failed run could let it expire. Run at least every ${needed} h, or renew earlier (renewal.renew-before).`;
}
