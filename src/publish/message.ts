/**
 * Words of a publish: commit message, pull request title and body. Pure functions of the bundles
 * and the plan's decisions, so the same renewal always reads the same way.
 *
 * GitHub refuses a pull request whose title passes 256 characters or whose body passes 65,536
 * (422 "title is too long"), and a first run renews every certificate at once. So the title
 * names as many certificates as fit and counts the rest, and the body collapses to one table row
 * per certificate when the full sections would not fit. The commit message and the job summary
 * keep the full detail of every certificate.
 */

import type { RenewalDecision } from '../model.js';
import { code, md } from '../report/escape.js';
import type { SealedBundle } from '../store/seal.js';
import { VERIFY_CONTEXT } from './verify-status.js';

/** GitHub's limits on a pull request, in characters (not bytes). */
export const PR_LIMITS = { title: 256, body: 65_536 } as const;

/**
 * Body size past which the sections collapse to one row per certificate: GitHub's limit less
 * room for the fixed text around them and for a hand edit.
 */
export const BODY_BUDGET = 60_000;

/**
 * GitHub counts characters; a string's UTF-16 length is never less than that, so checking it
 * keeps under the limit without counting code points of a large body.
 */
function chars(text: string): number {
  return text.length;
}

/**
 * "Renew certificates: www, api", or as many names as fit in `max` characters and a count of the
 * rest ("Renew certificates: www, api and 37 more").
 */
export function titleFor(names: string[], max: number = PR_LIMITS.title): string {
  const prefix = 'Renew certificates: ';
  const full = `${prefix}${names.join(', ')}`;
  if (chars(full) <= max) return full;
  for (let shown = names.length - 1; shown > 0; shown--) {
    const title = `${prefix}${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
    if (chars(title) <= max) return title;
  }
  return `Renew ${names.length} certificates`;
}

/** The commit message: the title, then every certificate in full (the body may be collapsed). */
export function commitMessage(bundles: SealedBundle[], decisions: RenewalDecision[]): string {
  const lines = bundles.map((b) => {
    const m = b.manifest;
    const reason = decisionFor(b.name, decisions)?.reason;
    return [
      `- ${b.name}: serial ${m.replaces ?? '(new)'} -> ${m.serial}, expires ${m.notAfter}${reason ? ` (${reason})` : ''}`,
      `  names ${m.domains.join(' ')}; ${m.keyType} key, public key SHA-256 ${m.publicKeySha256}; issuer ${m.issuer}`,
    ].join('\n');
  });
  return `${titleFor(bundles.map((b) => b.name))}\n\n${lines.join('\n')}\n`;
}

function decisionFor(name: string, decisions: RenewalDecision[]): RenewalDecision | undefined {
  return decisions.find((d) => d.name === name);
}

const BEGIN = (name: string) => `<!-- certflow:begin ${name} -->`;
const END = (name: string) => `<!-- certflow:end ${name} -->`;
const SECTION = /<!-- certflow:begin ([a-z0-9._-]+) -->\n([\s\S]*?)<!-- certflow:end \1 -->/g;
const ROWS_BEGIN = '<!-- certflow:rows -->';
const ROWS_END = '<!-- certflow:end rows -->';
const ROW = /^\| `([a-z0-9._-]+)` \|.*\|$/gm;
const ROWS_HEADER = '| Certificate | Serial | Expires | Reason |\n|---|---|---|---|';

/** One line of the collapsed table: name, serial change, expiry, reason. */
export function rowFor(bundle: SealedBundle, decision?: RenewalDecision): string {
  const m = bundle.manifest;
  return rowOf(
    bundle.name,
    `${m.replaces ? code(m.replaces) : '(new)'} → ${code(m.serial)}`,
    md(m.notAfter),
    decision ? md(decision.reason) : 'renewed',
  );
}

function rowOf(name: string, serial: string, expires: string, reason: string): string {
  return `| ${code(name)} | ${serial} | ${expires} | ${reason} |`;
}

/** The collapsed row of a full section written by an earlier run (cells are already escaped). */
function rowFromSection(name: string, section: string): string {
  const cell = (key: string) => new RegExp(`^\\| ${key} \\| (.*) \\|$`, 'm').exec(section)?.[1] ?? '';
  const expires = /\*\*(.*)\*\*/.exec(cell('Valid'))?.[1] ?? cell('Valid');
  const reason = cell('Reason').replace(/ \(`[a-z-]+`\)$/, '');
  return rowOf(name, cell('Serial').replace('(new certificate)', '(new)'), expires, reason);
}

/** Collapsed rows already in a body, by certificate name. */
function parseRows(body: string | null | undefined): Map<string, string> {
  const rows = new Map<string, string>();
  const text = body ?? '';
  const start = text.indexOf(ROWS_BEGIN);
  const end = text.indexOf(ROWS_END, start);
  if (start < 0 || end < 0) return rows;
  for (const m of text.slice(start, end).matchAll(ROW)) rows.set(m[1] ?? '', m[0]);
  return rows;
}

/** One certificate's section of the pull request body. */
export function sectionFor(bundle: SealedBundle, decision?: RenewalDecision): string {
  const m = bundle.manifest;
  const rows: Array<[string, string]> = [
    ['Names', m.domains.map(code).join(', ')],
    ['Serial', `${m.replaces ? code(m.replaces) : '(new certificate)'} → ${code(m.serial)}`],
    ['Valid', `${md(m.notBefore)} → **${md(m.notAfter)}**`],
    ['Issuer', md(m.issuer)],
    ['Key type', code(m.keyType)],
    ['Public key SHA-256', code(m.publicKeySha256)],
  ];
  if (m.profile) rows.push(['Profile', code(m.profile)]);
  rows.push(['Reason', decision ? `${md(decision.reason)} (${code(decision.code)})` : 'renewed']);
  const table = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  return `${BEGIN(bundle.name)}\n### ${bundle.name}\n\n${table}\n${END(bundle.name)}`;
}

/** Sections already in a body, by certificate name, in their order. */
export function parseSections(body: string | null | undefined): Map<string, string> {
  const sections = new Map<string, string>();
  for (const m of (body ?? '').matchAll(SECTION)) sections.set(m[1] ?? '', m[0]);
  return sections;
}

interface Entry {
  /** The full section, when known (a collapsed earlier body keeps only the row). */
  section?: string;
  row: string;
}

/**
 * The pull request body: this run's sections replace earlier ones for the same certificate;
 * sections of certificates renewed by earlier runs (still unmerged on the branch) are kept.
 * Past BODY_BUDGET characters every certificate gets one table row instead, and past that the
 * rows that do not fit are counted, so the body always stays under GitHub's limit.
 */
export function pullRequestBody(
  bundles: SealedBundle[],
  decisions: RenewalDecision[],
  storePath: string,
  previousBody?: string | null,
): { title: string; body: string; names: string[] } {
  const entries = new Map<string, Entry>();
  for (const [name, section] of parseSections(previousBody))
    entries.set(name, { section, row: rowFromSection(name, section) });
  for (const [name, row] of parseRows(previousBody)) if (!entries.has(name)) entries.set(name, { row });
  for (const bundle of bundles) {
    const decision = decisionFor(bundle.name, decisions);
    entries.set(bundle.name, { section: sectionFor(bundle, decision), row: rowFor(bundle, decision) });
  }
  const names = [...entries.keys()];
  const intro = `certflow renewed ${names.length === 1 ? 'this certificate' : `these ${names.length} certificates`}. The private keys are in \`${storePath}/<name>/privkey.pem.age\`, encrypted with age to the store's recipients; \`certificate.json\` shows in clear what changed.`;
  const tail = [
    '### Before merging',
    '',
    `The \`${VERIFY_CONTEXT}\` status on this pull request says whether every bundle verifies: the chain to a trusted root, the names, the manifest against the certificate. \`review.yml\` (\`command: verify\`) runs the same check on pull requests opened by people. Require it in branch protection.`,
    '',
    '### How to deploy',
    '',
    'Merge this pull request. The deploy workflow (on push to the base branch, `command: deploy`) decrypts the keys with the age identity held in its protected environment and installs them on the target hosts, then verifies over TLS that they serve the new certificates. To deploy by hand: `npx certflow deploy`.',
    '',
    '<sub>Opened by certflow. Reruns update this pull request instead of opening another; merging or closing it starts a fresh one next time.</sub>',
    '',
  ].join('\n');
  const values = [...entries.values()];
  const sections = values.map((e) => e.section);
  const estimate = sections.reduce((n, s) => n + (s?.length ?? 0), 0);
  if (estimate <= BODY_BUDGET && sections.every((s) => s !== undefined)) {
    const body = [intro, '', ...sections.flatMap((s) => [s, '']), tail].join('\n');
    if (chars(body) <= BODY_BUDGET) return { title: titleFor(names), body, names };
  }
  return { title: titleFor(names), body: collapsedBody(intro, values, tail), names };
}

/** One row per certificate, as many as fit in BODY_BUDGET; the rest are counted. */
function collapsedBody(intro: string, entries: Entry[], tail: string): string {
  const note =
    'Too many certificates for a section each: one line per certificate. The commit message and the job summary of the run list every certificate in full.';
  const fixed = chars([intro, note, ROWS_BEGIN, ROWS_HEADER, ROWS_END, tail].join('\n\n')) + 200;
  const rows: string[] = [];
  let size = fixed;
  for (const entry of entries) {
    const add = chars(entry.row) + 1;
    if (size + add > BODY_BUDGET) break;
    rows.push(entry.row);
    size += add;
  }
  const left = entries.length - rows.length;
  const more = left > 0 ? [`…and ${left} more: see the commit messages on this branch.`, ''] : [];
  return [intro, '', note, '', ROWS_BEGIN, ROWS_HEADER, ...rows, ROWS_END, '', ...more, tail].join('\n');
}
