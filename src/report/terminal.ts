/**
 * The run report for a terminal: the same headline, tables and failure words as the job summary,
 * as aligned plain text. Pure: the caller decides where it goes and whether to colour it.
 */
import type { RunReport, StageError } from '../model.js';
import { formatDuration } from '../util/duration.js';
import { checkAdvice, deployAdvice, issueAdvice } from './advice.js';
import { plain, scrubSecrets } from './escape.js';
import { certificateRows, deployWords, footer, headline, OUTCOME_WORDS } from './facts.js';
import { COLORS, NO_COLORS, type Painter } from './terminal-logger.js';

export { createTerminalLogger, TerminalLogger, wantsColor } from './terminal-logger.js';

type Cell = { text: string; paint?: (s: string) => string };

const width = (s: string) => [...s].length;

/** A multi-line entry keeps its indent on every line, so a CA's message cannot fall out of its block. */
function hanging(entry: string): string {
  const indent = /^\s*/.exec(entry)?.[0] ?? '';
  return entry.replace(/\n+$/, '').split('\n').join(`\n${indent}`);
}

/** A cell is one line. */
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

function day(iso: string | undefined): string {
  if (!iso) return '-';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 10);
}

/** Columns padded to the widest cell; colour applied after padding so escapes do not skew it. */
function table(header: string[], rows: Cell[][], p: Painter): string {
  const all = [
    header.map((text) => ({ text })),
    ...rows.map((r) => r.map((c) => ({ ...c, text: oneLine(c.text) }))),
  ];
  const widths = header.map((_, i) => Math.max(...all.map((r) => width(r[i]?.text ?? ''))));
  const render = (r: Cell[], head: boolean) =>
    r
      .map((c, i) => {
        // The last column is not padded: trailing blanks (inside a colour) would only add noise.
        const pad = i === r.length - 1 ? 0 : (widths[i] ?? 0) - width(c.text);
        const padded = c.text + ' '.repeat(pad);
        if (head) return p.bold(padded);
        return c.paint ? c.paint(padded) : padded;
      })
      .join('  ')
      .trimEnd();
  return [render(all[0] ?? [], true), ...all.slice(1).map((r) => render(r, false))]
    .map((l) => `  ${l}`)
    .join('\n');
}

function names(values: string[], max = 3): string {
  const shown = values.slice(0, max);
  return shown.join(', ') + (values.length > max ? ` +${values.length - max}` : '') || '-';
}

function errorLines(e: StageError): string[] {
  const out = [`    ${e.message}`];
  if (e.acmeType) out.push(`    problem: ${e.acmeType}${e.status ? ` (HTTP ${e.status})` : ''}`);
  if (e.detail && e.detail !== e.message) out.push(`    detail: ${e.detail}`);
  for (const s of e.subproblems ?? []) {
    out.push(
      `    - ${s.identifier ? `${s.identifier}: ` : ''}${s.type ? `${s.type} ` : ''}${s.detail ?? ''}`,
    );
  }
  for (const s of e.skippedIssuers ?? [])
    out.push(`    passed over ${s.where} (${s.directory}): ${s.reason}`);
  if (e.skippedIssuers?.length && e.acmeDirectory) out.push(`    then failed at ${e.acmeDirectory}`);
  return out;
}

/** Every string of the report without control characters: a host's output cannot repaint the screen. */
function cleaned(report: RunReport): RunReport {
  return JSON.parse(
    JSON.stringify(report, (_key, value) => (typeof value === 'string' ? plain(value) : value)),
  );
}

export function renderTerminal(input: RunReport, options: { color: boolean }): string {
  const report = cleaned(input);
  const p = options.color ? COLORS : NO_COLORS;
  const h = headline(report);
  const mark = h.kind === 'failed' ? p.red('✗') : p.green('✓');
  const out: string[] = [`${mark} ${p.bold(`certflow ${report.command}: ${h.text}`)}`];
  if (report.dryRun) out.push(p.yellow('DRY RUN: staging CA, nothing published, hosts unchanged.'));
  const pub = report.publish;
  if (pub?.pullRequest) out.push(`pull request #${pub.pullRequest.number}: ${pub.pullRequest.url}`);
  else if (pub?.commitSha)
    out.push(`commit ${pub.commitSha.slice(0, 12)}${pub.branch ? ` on ${pub.branch}` : ''}`);

  const rows = certificateRows(report);
  const red = p.red;
  const green = p.green;
  if (rows.length > 0) {
    out.push('', p.bold('Certificates'));
    out.push(
      table(
        ['NAME', 'NAMES', 'ACTION', 'EXPIRY', 'SERIAL', 'RESULT'],
        rows.map((r) => [
          { text: r.name },
          { text: names(r.domains) },
          { text: r.reason ? `${r.action}: ${r.reason}` : r.action },
          { text: r.newExpiry ? `${day(r.oldExpiry)} -> ${day(r.newExpiry)}` : day(r.oldExpiry) },
          { text: r.newSerial ?? r.oldSerial ?? '-' },
          {
            // The validation's head only ("dns-persist-01", "dns-01 fallback for www"): the log has the rest.
            text: `${OUTCOME_WORDS[r.outcome]}${r.validation ? ` (${r.validation.split(':')[0]})` : ''}`,
            paint:
              r.outcome === 'failed'
                ? red
                : r.outcome === 'renewed' || r.outcome === 'issued'
                  ? green
                  : undefined,
          },
        ]),
        p,
      ),
    );
  }
  if (report.deploys.length > 0) {
    out.push('', p.bold('Deploys'));
    out.push(
      table(
        ['HOST', 'CERTIFICATES', 'PHASE', 'RESULT', 'ROLLED BACK', 'TIME'],
        report.deploys.map((d) => [
          { text: d.host },
          { text: names(d.certificates) },
          { text: d.phase },
          { text: deployWords(d), paint: !d.ok ? red : d.verified === false ? p.yellow : green },
          { text: d.rolledBack ? 'yes' : 'no', paint: d.rolledBack ? p.yellow : undefined },
          { text: formatDuration(d.durationMs) },
        ]),
        p,
      ),
    );
  }
  const checks = report.checks ?? [];
  if (checks.length > 0) {
    out.push('', p.bold('Served certificates'));
    out.push(
      table(
        ['HOST', 'CERTIFICATE', 'SERIAL', 'EXPIRES', 'LEFT', 'RESULT'],
        checks.map((c) => [
          { text: c.host },
          { text: c.certificate },
          { text: c.served?.serial ?? '-' },
          { text: day(c.served?.notAfter) },
          { text: c.remaining === undefined ? '-' : `${Math.max(0, Math.round(c.remaining * 100))}%` },
          { text: c.status, paint: c.ok ? green : red },
        ]),
        p,
      ),
    );
  }

  const failures: string[] = [];
  for (const r of rows) {
    if (!r.error) continue;
    failures.push(
      `  ${red('✗')} certificate ${r.name}`,
      ...errorLines(r.error),
      `    what to do: ${issueAdvice(r.error)}`,
    );
  }
  for (const d of report.deploys) {
    if (d.ok) continue;
    failures.push(`  ${red('✗')} host ${d.host} at ${d.phase}${d.rolledBack ? ' (rolled back)' : ''}`);
    if (d.message) failures.push(`    ${d.message}`);
    if (d.output)
      failures.push(
        ...d.output
          .trimEnd()
          .split('\n')
          .map((l) => `    | ${l}`),
      );
    failures.push(`    what to do: ${deployAdvice(d)}`);
  }
  for (const c of checks) {
    if (c.ok) continue;
    failures.push(`  ${red('✗')} ${c.certificate} on ${c.host}: ${c.status}`, `    ${c.message}`);
    failures.push(`    what to do: ${checkAdvice(c)}`);
  }
  for (const e of report.errors) {
    failures.push(`  ${red('✗')} ${e.message}`, ...errorLines(e).slice(1));
    if (e.hint) failures.push(`    what to do: ${e.hint}`);
  }
  if (failures.length > 0) out.push('', p.bold('What failed'), ...failures.map(hanging));
  if (report.warnings.length > 0) {
    out.push('', p.bold('Warnings'), ...report.warnings.map((w) => `  ${p.yellow('!')} ${w}`));
  }
  const took = Date.parse(report.finishedAt) - Date.parse(report.startedAt);
  out.push('', p.dim(footer(report, Number.isNaN(took) ? undefined : formatDuration(took))));
  return scrubSecrets(`${out.join('\n')}\n`);
}
