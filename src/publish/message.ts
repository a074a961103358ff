/**
 * Words of a publish: commit message, pull request title and body. Pure functions of the bundles
 * and the plan's decisions, so the same renewal always reads the same way.
 */

import type { RenewalDecision } from '../model.js';
import { code, md } from '../report/escape.js';
import type { SealedBundle } from '../store/seal.js';

export function titleFor(names: string[]): string {
  return `Renew certificates: ${names.join(', ')}`;
}

export function commitMessage(bundles: SealedBundle[], decisions: RenewalDecision[]): string {
  const lines = bundles.map((b) => {
    const m = b.manifest;
    const reason = decisionFor(b.name, decisions)?.reason;
    return `- ${b.name}: serial ${m.replaces ?? '(new)'} -> ${m.serial}, expires ${m.notAfter}${reason ? ` (${reason})` : ''}`;
  });
  return `${titleFor(bundles.map((b) => b.name))}\n\n${lines.join('\n')}\n`;
}

function decisionFor(name: string, decisions: RenewalDecision[]): RenewalDecision | undefined {
  return decisions.find((d) => d.name === name);
}

const BEGIN = (name: string) => `<!-- certflow:begin ${name} -->`;
const END = (name: string) => `<!-- certflow:end ${name} -->`;
const SECTION = /<!-- certflow:begin ([a-z0-9._-]+) -->\n([\s\S]*?)<!-- certflow:end \1 -->/g;

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

/**
 * The pull request body: this run's sections replace earlier ones for the same certificate;
 * sections of certificates renewed by earlier runs (still unmerged on the branch) are kept.
 */
export function pullRequestBody(
  bundles: SealedBundle[],
  decisions: RenewalDecision[],
  storePath: string,
  previousBody?: string | null,
): { title: string; body: string; names: string[] } {
  const sections = parseSections(previousBody);
  for (const bundle of bundles)
    sections.set(bundle.name, sectionFor(bundle, decisionFor(bundle.name, decisions)));
  const names = [...sections.keys()];
  const body = [
    `certflow renewed ${names.length === 1 ? 'this certificate' : `these ${names.length} certificates`}. The private keys are in \`${storePath}/<name>/privkey.pem.age\`, encrypted with age to the store's recipients; \`certificate.json\` shows in clear what changed.`,
    '',
    ...[...sections.values()].flatMap((s) => [s, '']),
    '### How to deploy',
    '',
    'Merge this pull request. The deploy workflow (on push to the base branch, `command: deploy`) decrypts the keys with the age identity held in its protected environment and installs them on the target hosts, then verifies over TLS that they serve the new certificates. To deploy by hand: `npx certflow deploy`.',
    '',
    '<sub>Opened by certflow. Reruns update this pull request instead of opening another; merging or closing it starts a fresh one next time.</sub>',
    '',
  ].join('\n');
  return { title: titleFor(names), body, names };
}
