/** A duration: "90s", "5m", "2h", "1d"; a bare number is seconds. */
export const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s" -> 90000. A bare number means seconds. The schema has already checked the form. */
export function durationMs(value: string | number): number {
  if (typeof value === 'number') return value * 1000;
  const match = DURATION.exec(value.trim());
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number.parseFloat(match[1] ?? '0') * (UNIT_MS[match[2] ?? 's'] ?? 1000);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 172_800_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}
