/**
 * The DANE part of a report: for each certificate sealed with `dane: true`, the TLSA 3 1 1 records of
 * its current key and of the pre-generated next key. Publishing the next one now (beside the
 * current) is what keeps the TLSA set right when the next rotation swaps the keys.
 */
import type { RunReport } from '../model.js';
import { code, md } from './escape.js';

export function renderDaneMarkdown(report: RunReport): string[] {
  const rows = report.dane ?? [];
  if (rows.length === 0) return [];
  return [
    '### DANE TLSA records',
    '',
    'Publish both at `_443._tcp.<name>` (and each port you serve), one TTL before the next rotation:',
    '',
    '| Certificate | Current key | Next key |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${code(r.name)} | ${md(r.current)} | ${md(r.next)} |`),
    '',
  ];
}
