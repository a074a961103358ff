/**
 * Action outputs and the JSON report file. Outputs are strings (GitHub stores them so); the lists
 * are JSON arrays so a workflow can `fromJSON` them.
 */
import { chmod, writeFile } from 'node:fs/promises';
import type { RunReport } from '../model.js';
import { scrubSecrets } from './escape.js';
import { failedNames, reportOk, tally } from './facts.js';

export { reportOk };

/**
 * renewed, failed, deployed (JSON arrays), plus commit-sha, pull-request-url and
 * pull-request-number when the run published, and `report` when a report file was written.
 */
export function reportOutputs(
  report: RunReport,
  extra: { reportPath?: string } = {},
): Record<string, string> {
  const t = tally(report);
  const outputs: Record<string, string> = {
    renewed: JSON.stringify(t.renewed),
    failed: JSON.stringify(failedNames(report)),
    deployed: JSON.stringify(t.deployedHosts),
  };
  const p = report.publish;
  if (p?.commitSha) outputs['commit-sha'] = p.commitSha;
  if (p?.pullRequest) {
    outputs['pull-request-url'] = p.pullRequest.url;
    outputs['pull-request-number'] = String(p.pullRequest.number);
  }
  if (extra.reportPath) outputs['report'] = extra.reportPath;
  return outputs;
}

/**
 * The report as a machine reads it. Issued certificates carry their private key in memory
 * (`IssuedCertificate.privateKeyPem`): it is dropped here, and the text is scrubbed once more.
 */
export function reportJson(report: RunReport): string {
  const text = JSON.stringify(report, (key, value) => (key === 'privateKeyPem' ? undefined : value), 2);
  return `${scrubSecrets(text)}\n`;
}

/**
 * Writes the JSON report, 0600. Secrets are redacted from it, but it quotes CA, DNS and hook
 * output at length: only the job's own user (and the steps after it) read it.
 */
export async function writeReportFile(report: RunReport, path: string): Promise<void> {
  await writeFile(path, reportJson(report), { mode: 0o600 });
  // `mode` only applies when the file is created; an older report keeps its bits otherwise.
  await chmod(path, 0o600);
}
