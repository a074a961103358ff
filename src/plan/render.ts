/** The plan as a terminal table and as markdown for the job summary: pure renders of the data. */

import type { RenewalDecision } from '../model.js';
import { md } from '../report/escape.js';
import type { PlanResult } from './plan.js';

const DAY_MS = 86_400_000;

/** "2025-03-01 14:00 UTC (in 12 days)"; "" when absent. */
export function when(isoTime: string | undefined, now: Date): string {
  if (!isoTime) return '';
  const ms = Date.parse(isoTime);
  if (!Number.isFinite(ms)) return isoTime;
  const date = new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
  return `${date} UTC (${relative(ms - now.getTime())})`;
}

function relative(deltaMs: number): string {
  const abs = Math.abs(deltaMs);
  const amount =
    abs < 60_000
      ? 'now'
      : abs < 2 * 3_600_000
        ? `${Math.round(abs / 60_000)} min`
        : abs < 2 * DAY_MS
          ? `${Math.round(abs / 3_600_000)} h`
          : `${Math.round(abs / DAY_MS)} days`;
  if (amount === 'now') return 'now';
  return deltaMs >= 0 ? `in ${amount}` : `${amount} ago`;
}

/** What the State column says: the action, or why nothing happens. */
export function stateOf(d: RenewalDecision): string {
  if (d.action !== 'skip') return d.action;
  if (d.code === 'pending-review') return d.pending?.urgent ? 'pending (urgent)' : 'pending';
  return d.code === 'backoff' ? 'backoff' : 'ok';
}

const HEADERS = ['Certificate', 'State', 'Expires', 'Due', 'Reason'];

function rows(decisions: RenewalDecision[], now: Date): string[][] {
  return decisions.map((d) => [d.name, stateOf(d), when(d.expiresAt, now), when(d.dueAt, now), d.reason]);
}

export function renderPlanText(result: PlanResult, now: Date): string {
  const table = [HEADERS, ...rows(result.decisions, now)];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const due = result.decisions.filter((d) => d.action !== 'skip').length;
  const out = [line(table[0] ?? []), ...table.slice(1).map(line), ''];
  out.push(
    result.decisions.length === 0
      ? 'No certificates configured.'
      : `${due} of ${result.decisions.length} certificate${result.decisions.length === 1 ? '' : 's'} due.`,
  );
  for (const w of result.warnings) out.push(`warning: ${w}`);
  return `${out.join('\n')}\n`;
}

export function renderPlanMarkdown(result: PlanResult, now: Date): string {
  const due = result.decisions.filter((d) => d.action !== 'skip').length;
  const out = [
    '## certflow plan',
    '',
    `${due} of ${result.decisions.length} certificate${result.decisions.length === 1 ? '' : 's'} due.`,
    '',
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map(() => ' --- ').join('|')}|`,
    ...rows(result.decisions, now).map((r) => `| ${r.map(md).join(' | ')} |`),
  ];
  if (result.warnings.length > 0) {
    out.push('', '### Warnings', '', ...result.warnings.map((w) => `- ${md(w)}`));
  }
  return `${out.join('\n')}\n`;
}
