/**
 * The job summary: a pure render of the run report into GitHub-flavoured markdown. Every value
 * that came from a user, a CA or a host is escaped here (`@actions/core` does not), and the whole
 * text is scrubbed of anything that looks like a private key before it is returned.
 */
import type { CheckResult, DeployResult, PublishResult, RunReport, StageError } from '../model.js';
import { formatDuration } from '../util/duration.js';
import { checkAdvice, deployAdvice, issueAdvice } from './advice.js';
import { renderDaneMarkdown } from './dane.js';
import { code, escapeHtml, md, pre, scrubSecrets } from './escape.js';
import {
  type CertificateRow,
  certificateRows,
  deployWords,
  footer,
  headline,
  OUTCOME_WORDS,
} from './facts.js';

const ICON = { failed: '❌', 'nothing-due': '💤', ok: '✅' } as const;

/** "2025-06-01" from an ISO time; the day is what a reader plans by. */
export function day(iso: string | undefined): string {
  if (!iso) return '–';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? md(iso) : new Date(t).toISOString().slice(0, 10);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c || ' ').join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function list(values: string[], max = 4): string {
  const shown = values.slice(0, max).map(code);
  if (values.length > max) shown.push(`+${values.length - max} more`);
  return shown.join(', ') || '–';
}

function certificateTable(rows: CertificateRow[]): string {
  return table(
    ['Certificate', 'Names', 'Action', 'Expiry (old → new)', 'Serial', 'Result'],
    rows.map((r) => [
      code(r.name),
      list(r.domains),
      r.reason ? `**${r.action}**: ${md(r.reason)}` : `**${r.action}**`,
      r.newExpiry ? `${day(r.oldExpiry)} → ${day(r.newExpiry)}` : day(r.oldExpiry),
      r.newSerial ? code(r.newSerial) : r.oldSerial ? code(r.oldSerial) : '–',
      `${r.outcome === 'failed' ? '❌ ' : r.outcome === 'renewed' || r.outcome === 'issued' ? '✅ ' : ''}${OUTCOME_WORDS[r.outcome]}${r.validation ? `<br>${md(r.validation)}` : ''}`,
    ]),
  );
}

function deployTable(deploys: DeployResult[]): string {
  return table(
    ['Host', 'Certificates', 'Phase reached', 'Result', 'Rolled back', 'Time'],
    deploys.map((d) => [
      `${code(d.host)}${d.target ? ` (${md(d.target)})` : ''}`,
      list(d.certificates),
      d.phase,
      `${!d.ok ? '❌' : d.verified === false ? '⚠️' : '✅'} ${deployWords(d)}`,
      d.rolledBack ? '↩️ yes' : 'no',
      formatDuration(d.durationMs),
    ]),
  );
}

function checkTable(checks: CheckResult[]): string {
  return table(
    ['Host', 'Certificate', 'Served serial', 'Expires', 'Lifetime left', 'Result'],
    checks.map((c) => [
      `${code(c.host)}${c.servername ? ` (SNI ${code(c.servername)})` : ''}`,
      code(c.certificate),
      c.served ? code(c.served.serial) : '–',
      day(c.served?.notAfter),
      c.remaining === undefined ? '–' : `${Math.max(0, Math.round(c.remaining * 100))}%`,
      `${c.ok ? '✅' : '❌'} ${c.status}`,
    ]),
  );
}

function details(summary: string, body: string[]): string {
  // One line: a newline inside <summary> would end the HTML block and spill the rest as markdown.
  return [
    '<details>',
    `<summary>${escapeHtml(summary.replace(/\s+/g, ' '))}</summary>`,
    '',
    ...body,
    '',
    '</details>',
  ].join('\n');
}

function stageErrorLines(e: StageError): string[] {
  const lines = [`**Error:** ${md(e.message)}`];
  if (e.acmeType) lines.push(`**Problem type:** ${code(e.acmeType)}${e.status ? ` (HTTP ${e.status})` : ''}`);
  else if (e.status) lines.push(`**HTTP status:** ${e.status}`);
  if (e.detail && e.detail !== e.message) lines.push(`**Detail:** ${md(e.detail)}`);
  // acme.issuers: the CAs passed over before the one the failure happened at.
  for (const s of e.skippedIssuers ?? []) {
    lines.push(`**Passed over:** ${md(s.where)} (${code(s.directory)}): ${md(s.reason)}`);
  }
  if (e.skippedIssuers?.length && e.acmeDirectory) lines.push(`**Failed at:** ${code(e.acmeDirectory)}`);
  // Hard breaks between the labelled lines; a list follows after a blank line.
  const out = [lines.join('<br>\n')];
  if (e.subproblems?.length) {
    out.push('', '**Subproblems:**', '');
    for (const s of e.subproblems) {
      const who = s.identifier ? `${code(s.identifier)}: ` : '';
      out.push(`- ${who}${s.type ? `${code(s.type)} ` : ''}${md(s.detail ?? '')}`);
    }
  }
  return out;
}

function failureBlocks(report: RunReport, rows: CertificateRow[]): string[] {
  const blocks: string[] = [];
  for (const r of rows) {
    if (!r.error) continue;
    blocks.push(
      details(`❌ certificate ${r.name}: ${r.error.message}`, [
        ...stageErrorLines(r.error),
        '',
        `**What to do:** ${md(issueAdvice(r.error))}`,
      ]),
    );
  }
  for (const d of report.deploys) {
    if (d.ok) continue;
    const body = [
      `**Failed at:** ${d.phase}${d.rolledBack ? ' (rolled back to the previous files)' : ''}<br>`,
      `**Host said:** ${md(d.message ?? 'no message')}`,
    ];
    if (d.output) body.push('', pre(d.output));
    body.push('', `**What to do:** ${md(deployAdvice(d))}`);
    blocks.push(details(`❌ host ${d.host}: ${d.message ?? `failed at ${d.phase}`}`, body));
  }
  for (const c of report.checks ?? []) {
    if (c.ok) continue;
    const body = [`**Found:** ${md(c.message)}`];
    if (c.served && c.stored && c.served.sha256 !== c.stored.sha256) {
      body[0] += '<br>';
      body.push(
        `**Served:** serial ${code(c.served.serial)}, SHA-256 ${code(c.served.sha256)}<br>`,
        `**Stored:** serial ${code(c.stored.serial)}, SHA-256 ${code(c.stored.sha256)}`,
      );
    }
    body.push('', `**What to do:** ${md(checkAdvice(c))}`);
    blocks.push(details(`❌ ${c.certificate} on ${c.host}: ${c.status}`, body));
  }
  for (const e of report.errors) {
    blocks.push(
      details(`❌ ${e.message}`, [
        ...stageErrorLines(e),
        ...(e.hint ? ['', `**What to do:** ${md(e.hint)}`] : []),
      ]),
    );
  }
  return blocks;
}

const SAFE_URL = /^https?:\/\/[^\s<>"'()[\]`|]+$/;

function publishLine(p: PublishResult | undefined): string | undefined {
  if (!p || p.action === 'none') return undefined;
  const pr = p.pullRequest;
  const prText = pr ? (SAFE_URL.test(pr.url) ? `[#${pr.number}](${pr.url})` : `#${pr.number}`) : '';
  switch (p.action) {
    case 'pr-created':
      return `**Published:** opened pull request ${prText}${p.branch ? ` from ${code(p.branch)}` : ''}.`;
    case 'pr-updated':
      return `**Published:** updated pull request ${prText}${p.branch ? ` (${code(p.branch)})` : ''}.`;
    case 'committed':
      return `**Published:** commit ${p.commitSha ? code(p.commitSha.slice(0, 12)) : ''}${p.branch ? ` on ${code(p.branch)}` : ''}.`;
    case 'written':
      return `**Published:** ${p.files.length} files written to the working tree (not committed).`;
    case 'dry-run':
      return `**Dry run:** would publish ${p.files.length} files${p.message ? `: ${md(p.message)}` : '.'}`;
  }
}

/** One line per ARI window the CA moved (issue 22); the URL was checked to be plain https. */
function renderAriMarkdown(report: RunReport): string[] {
  if (!report.ari?.length) return [];
  const lines = report.ari.map((m) => {
    const was = m.before ? ` (was ${md(m.before.start)} .. ${md(m.before.end)})` : '';
    const why = m.after.explanationUrl
      ? `; [the CA explains](${m.after.explanationUrl.replace(/[()]/g, (c) => encodeURIComponent(c))})`
      : '';
    return `- ARI window moved for ${md(m.name)}: ${md(m.after.start)} .. ${md(m.after.end)}${was}${why}`;
  });
  return ['### Renewal windows (ARI)', '', ...lines, ''];
}

export function renderSummary(report: RunReport): string {
  const h = headline(report);
  const rows = certificateRows(report);
  const out: string[] = [`## ${ICON[h.kind]} certflow ${md(report.command)}: ${md(h.text)}`, ''];
  if (report.dryRun) {
    out.push(
      '> **DRY RUN**: the staging CA was used and nothing was published or changed on hosts; the tables show what would have happened.',
      '',
    );
  }
  const published = publishLine(report.publish);
  if (published) out.push(published, '');
  if (rows.length > 0) out.push('### Certificates', '', certificateTable(rows), '');
  out.push(...renderDaneMarkdown(report));
  out.push(...renderAriMarkdown(report));
  if (report.deploys.length > 0) out.push('### Deploys', '', deployTable(report.deploys), '');
  if (report.checks?.length) out.push('### Served certificates', '', checkTable(report.checks), '');
  const schedule = scheduleLine(report);
  if (schedule) out.push('### Schedule', '', schedule, '');
  const blocks = failureBlocks(report, rows);
  if (blocks.length > 0) out.push('### What failed', '', blocks.join('\n\n'), '');
  if (report.warnings.length > 0) {
    out.push('### Warnings', '', ...report.warnings.map((w) => `- ${md(w)}`), '');
  }
  const took = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  out.push(
    `<sub>${escapeHtml(footer(report, Number.isNaN(took) ? undefined : formatDuration(took)))}</sub>`,
    '',
  );
  return scrubSecrets(out.join('\n'));
}

/**
 * The renew workflow's line: for check when it passed (a failure is under "What failed" already),
 * for renew only when it was (or could not be) re-enabled.
 */
function scheduleLine(report: RunReport): string | undefined {
  const s = report.schedule;
  if (!s) return undefined;
  if (s.reenabled)
    return `${s.reenabled === 'enabled' ? ':arrows_counterclockwise:' : ':warning:'} ${md(s.message)}`;
  return report.command === 'check' && s.ok ? `:white_check_mark: ${md(s.message)}` : undefined;
}
