/**
 * How `persist-record` shows its result: zone-file lines for a person or a zone file, JSON with
 * stable field names for IaC tools, a markdown table for the job summary. Everything shown from
 * DNS went through showUntrusted already; the summary escapes the rest.
 */
import { code, md } from '../report/escape.js';
import type { PersistVerdict } from './check.js';
import type { PersistCa } from './identity.js';
import type { WantedRecord } from './want.js';

export interface PersistReport {
  ca: PersistCa;
  accountUrl: string;
  records: Array<WantedRecord & { check?: PersistVerdict }>;
}

/** The JSON form (`--json`, the Action's `persist-records` output). Field names are interface. */
export function persistJson(r: PersistReport) {
  return {
    directory: r.ca.directoryUrl,
    issuerDomainNames: r.ca.issuers,
    issuerSource: r.ca.issuerSource,
    account: r.accountUrl,
    accountUriForm: r.ca.hashPrefix ? 'hashed' : 'url',
    records: r.records.map((x) => ({
      name: x.name,
      type: 'TXT',
      value: x.value,
      zoneLine: x.zoneLine,
      issuer: x.issuer,
      issuerReason: x.issuerWhy,
      accountUri: x.accountUri,
      wildcard: x.wildcard,
      certificates: x.certificates,
      domains: x.domains,
      ...(x.check
        ? {
            check: {
              status: x.check.status,
              message: x.check.message,
              persistUntil: x.check.persistUntil ?? null,
            },
          }
        : {}),
    })),
  };
}

export function persistText(r: PersistReport): string {
  const lines = [
    `; dns-persist-01 records for ${r.ca.directoryUrl}`,
    `; account ${r.accountUrl}`,
    '; publish these through your DNS change process; certflow never writes them',
  ];
  for (const x of r.records) {
    lines.push(
      `; ${x.certificates.join(', ')}: ${x.domains.join(', ')} (issuer ${x.issuer}: ${x.issuerWhy})`,
    );
    lines.push(x.zoneLine);
  }
  const checked = r.records.filter((x) => x.check);
  if (checked.length > 0) {
    lines.push('');
    for (const x of checked)
      lines.push(`${x.name}: ${x.check?.status}${x.check?.status === 'ok' ? '' : ` - ${x.check?.message}`}`);
  }
  return `${lines.join('\n')}\n`;
}

export function persistMarkdown(r: PersistReport): string {
  const checked = r.records.some((x) => x.check);
  const out = [
    '## dns-persist-01 records',
    '',
    `CA ${code(r.ca.directoryUrl)}, account ${code(r.accountUrl)}. Publish these through your DNS change process: certflow never writes them.`,
    '',
    checked ? '| Record | Value | Certificates | Check |' : '| Record | Value | Certificates |',
    checked ? '|---|---|---|---|' : '|---|---|---|',
  ];
  for (const x of r.records) {
    const cells = [code(x.name), `<code>${md(x.value)}</code>`, md(x.certificates.join(', '))];
    if (checked) cells.push(md(x.check?.status === 'ok' ? 'ok' : `${x.check?.status}: ${x.check?.message}`));
    out.push(`| ${cells.join(' | ')} |`);
  }
  return `${out.join('\n')}\n`;
}
