/**
 * The review of `verify`, rendered: flags first (what needs a careful human look), then whether
 * each bundle is valid, then one table per changed certificate. Pure; everything is escaped, since
 * names, issuers and paths come from whoever opened the pull request.
 */
import type { VerifyResult } from '../pipeline/verify.js';
import type { CertificateChange, LeafView } from '../verify/compare.js';
import { code, md, plain } from './escape.js';

export function verifyOk(result: VerifyResult): boolean {
  return result.verdicts.every((v) => v.ok);
}

function headline(result: VerifyResult): string {
  const bad = result.verdicts.filter((v) => !v.ok).length;
  const n = result.verdicts.length;
  const flags = result.flags.length;
  const parts = [
    bad > 0 ? `${bad} of ${n} bundles invalid` : `all ${n} bundle${n === 1 ? '' : 's'} valid`,
    ...(result.base
      ? [`${result.changes.length} certificate change${result.changes.length === 1 ? '' : 's'}`]
      : []),
    ...(flags > 0 ? [`${flags} flag${flags === 1 ? '' : 's'} to review`] : []),
  ];
  return parts.join(', ');
}

const validity = (v?: LeafView) => (v ? `${v.notBefore.slice(0, 10)} → ${v.notAfter.slice(0, 10)}` : '');

/** Rows of a change table: field, before, after. */
export function changeRows(c: CertificateChange): Array<[string, string, string]> {
  const b = c.before;
  const a = c.after;
  const rows: Array<[string, string, string]> = [
    ['serial', b?.serial ?? '', a?.serial ?? ''],
    ['names', b?.names.join(', ') ?? '', a?.names.join(', ') ?? ''],
    ['issuer', b?.issuer ?? '', a?.issuer ?? ''],
    ['key type', b?.keyType ?? '', a?.keyType ?? ''],
    ['validity', validity(b), validity(a)],
  ];
  if (c.kind === 'changed') {
    rows.push(['replaces the old one (ARI)', '', c.replacesOld ? 'yes' : 'no']);
    rows.push(['new key', '', c.newKey ? 'yes' : 'no (same key)']);
  }
  return rows;
}

function changeTitle(c: CertificateChange): string {
  const names = [...c.namesAdded.map((n) => `+${n}`), ...c.namesRemoved.map((n) => `-${n}`)].join(' ');
  return `${c.name}: ${c.kind}${c.before && c.after ? `, serial ${c.before.serial} → ${c.after.serial}` : ''}${names ? ` (names ${names})` : ''}`;
}

export function renderVerifyMarkdown(result: VerifyResult): string {
  const ok = verifyOk(result);
  const out = [`## ${ok ? '✅' : '❌'} certflow verify: ${md(headline(result))}`, ''];
  if (result.flags.length > 0) {
    out.push('### ⚠️ Needs a careful look', '');
    for (const f of result.flags) out.push(`- ${md(f.message)}`);
    out.push('');
  }
  out.push('### Bundles', '', '| Bundle | Result | Why |', '| --- | --- | --- |');
  for (const v of result.verdicts) {
    const why = v.ok ? `chain: ${v.path?.join(' ← ') ?? ''}` : v.findings.map((f) => f.message).join('\n');
    out.push(`| ${code(v.name)} | ${v.ok ? '✅ valid' : '❌ invalid'} | ${md(why)} |`);
  }
  for (const name of result.missing) out.push(`| ${code(name)} | not issued yet | nothing stored |`);
  out.push('');
  if (result.base) {
    out.push(`### Changes since ${code(result.base.slice(0, 12))}`, '');
    if (result.changes.length === 0) out.push('No certificate changed.', '');
    for (const c of result.changes) {
      out.push(`#### ${md(changeTitle(c))}`, '', '| Field | Before | After |', '| --- | --- | --- |');
      for (const [field, before, after] of changeRows(c))
        out.push(`| ${field} | ${md(before)} | ${md(after)} |`);
      out.push('');
    }
  }
  return out.join('\n');
}

export function renderVerifyText(result: VerifyResult): string {
  const out = [`certflow verify: ${headline(result)}`];
  for (const f of result.flags) out.push(`  ! ${plain(f.message)}`);
  for (const v of result.verdicts) {
    out.push(v.ok ? `  ok ${v.name}` : `  INVALID ${v.name}`);
    for (const f of v.findings) out.push(`     ${plain(f.message)}`);
  }
  for (const name of result.missing) out.push(`  -- ${name}: not issued yet`);
  for (const c of result.changes) {
    out.push(`  ${plain(changeTitle(c))}`);
    for (const [field, before, after] of changeRows(c)) {
      if (before !== after || field.startsWith('replaces') || field === 'new key') {
        out.push(`     ${field}: ${plain(before) || '-'} -> ${plain(after) || '-'}`);
      }
    }
  }
  return out.join('\n');
}
