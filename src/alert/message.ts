/**
 * The words of an alert: one line for chat, a short markdown body for an issue. Built from the
 * same facts as the summary, so an alert never says something the summary does not.
 */
import type { RunReport } from '../model.js';
import { md, scrubSecrets } from '../report/escape.js';
import { headline, tally } from '../report/facts.js';
import { reportJson } from '../report/outputs.js';
import { renderSummary } from '../report/summary.js';

export const ALERT_LABEL = 'certflow-alert';
/** Only plain http(s) URLs become links; anything else is left out rather than escaped into a link. */
const SAFE_URL = /^https?:\/\/[^\s<>"'()[\]`|]+$/;
const link = (url: string | undefined) => (url && SAFE_URL.test(url) ? ` ([run](${url}))` : '');

export const ALERT_TITLE = 'certflow: certificates need attention';

/** One line per thing that failed, with the words that explain it. */
export function failureLines(report: RunReport): string[] {
  const lines: string[] = [];
  for (const r of report.issued) {
    if (!r.ok) lines.push(`certificate ${r.name}: ${r.error.message}`);
  }
  for (const d of report.deploys) {
    if (!d.ok)
      lines.push(
        `host ${d.host}${d.certificates.length ? ` (${d.certificates.join(', ')})` : ''}: ${d.phase} failed${d.message ? `: ${d.message}` : ''}${d.rolledBack ? ' (rolled back)' : ''}`,
      );
  }
  for (const c of report.checks ?? []) {
    if (!c.ok) lines.push(`${c.certificate} on ${c.host}: ${c.message}`);
  }
  for (const e of report.errors) lines.push(e.message);
  return lines.map((l) => scrubSecrets(l.replace(/\s+/g, ' ').trim()));
}

/** Slack-compatible `text`: mrkdwn, short; the structured report rides along for other receivers. */
export function chatText(report: RunReport, runUrl?: string): string {
  const h = headline(report);
  const icon = h.kind === 'failed' ? ':x:' : ':white_check_mark:';
  const head = `${icon} ${report.dryRun ? '[dry run] ' : ''}certflow ${report.command}: ${h.text}`;
  const lines = failureLines(report)
    .slice(0, 10)
    .map((l) => `• ${l}`);
  const more = failureLines(report).length - lines.length;
  if (more > 0) lines.push(`• and ${more} more`);
  if (runUrl) lines.push(runUrl);
  // Slack treats <, > and & as markup: escape them as its docs ask.
  return [head, ...lines].join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface WebhookPayload {
  text: string;
  ok: boolean;
  report: unknown;
}

export function webhookPayload(report: RunReport, ok: boolean, runUrl?: string): WebhookPayload {
  return { text: chatText(report, runUrl), ok, report: JSON.parse(reportJson(report)) };
}

/** GitHub limits an issue body or comment to 65536 characters. */
const MAX_BODY = 60_000;

export function issueBody(report: RunReport, runUrl?: string): string {
  const t = tally(report);
  const lines = [
    `**certflow ${md(report.command)}** failed at ${md(report.finishedAt)}${link(runUrl)}.`,
    '',
    `What failed (${t.failures}):`,
    '',
    ...failureLines(report).map((l) => `- ${md(l)}`),
    '',
    'This issue is closed by the next run where everything succeeds.',
  ];
  const head = lines.join('\n');
  const summary = renderSummary(report);
  // Cutting markdown mid-table would garble it: too long a report is left to the job summary.
  if (head.length + summary.length > MAX_BODY)
    return `${head}\n\nThe full report is in the run's job summary.\n`;
  return `${head}\n\n<details>\n<summary>Run report</summary>\n\n${summary}\n</details>\n`;
}

export function resolvedComment(report: RunReport, runUrl?: string): string {
  return `Resolved: **certflow ${md(report.command)}** succeeded at ${md(report.finishedAt)}${link(runUrl)}: ${md(headline(report).text)}. Closing.`;
}
