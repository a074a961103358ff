/**
 * What a run report means, row by row: the one place that decides what counts as renewed,
 * failed or deployed, so the summary, the terminal, the outputs and the alerts never disagree.
 */
import type {
  CheckResult,
  DeployResult,
  IssueResult,
  RenewalDecision,
  RunReport,
  StageError,
} from '../model.js';
import { leafFacts } from '../util/x509.js';

export type CertificateOutcome =
  | 'renewed'
  | 'issued'
  | 'failed'
  | 'not-due'
  | 'held'
  | 'pending'
  | 'due'
  | 'not-attempted';

/** One line of the certificates table. */
export interface CertificateRow {
  name: string;
  domains: string[];
  action: RenewalDecision['action'] | 'unknown';
  reason: string;
  oldExpiry?: string;
  newExpiry?: string;
  oldSerial?: string;
  newSerial?: string;
  outcome: CertificateOutcome;
  error?: StageError;
  durationMs?: number;
  /** dns-persist-01 certificates: how the names were validated (no DNS credential, or a fallback). */
  validation?: string;
}

/** Codes of a skip that is a hold-off rather than "not due": the user may want to know. */
const HELD: ReadonlySet<RenewalDecision['code']> = new Set(['backoff', 'rate-limited']);

function issuedFacts(result: IssueResult): { notAfter?: string; serial?: string } {
  if (!result.ok) return {};
  try {
    const facts = leafFacts(result.certificate.fullchainPem);
    return { notAfter: facts.notAfter.toISOString(), serial: facts.serial };
  } catch {
    // A chain we cannot read is the issuer's problem to report; the table just shows less.
    return {};
  }
}

export function certificateRows(report: RunReport): CertificateRow[] {
  const issued = new Map(report.issued.map((r) => [r.name, r]));
  const rows: CertificateRow[] = report.plan.map((d) => {
    const result = issued.get(d.name);
    issued.delete(d.name);
    const row: CertificateRow = {
      name: d.name,
      domains: d.domains,
      action: d.action,
      reason: d.reason,
      oldExpiry: d.expiresAt,
      oldSerial: d.serial,
      outcome: outcomeOf(d, result, report.command),
    };
    return withResult(row, result);
  });
  // Results without a plan entry (a caller that skipped planning): still shown, never lost.
  for (const result of issued.values()) {
    rows.push(
      withResult(
        {
          name: result.name,
          domains: [],
          action: 'unknown',
          reason: '',
          outcome: outcomeOf(undefined, result, ''),
        },
        result,
      ),
    );
  }
  return rows;
}

function withResult(row: CertificateRow, result: IssueResult | undefined): CertificateRow {
  if (!result) return row;
  row.durationMs = result.durationMs;
  if (result.ok) {
    const facts = issuedFacts(result);
    row.newExpiry = facts.notAfter;
    row.newSerial = facts.serial;
    if (result.certificate.validation) row.validation = result.certificate.validation;
    if (row.domains.length === 0) row.domains = result.certificate.domains;
  } else {
    row.error = result.error;
  }
  return row;
}

function outcomeOf(
  d: RenewalDecision | undefined,
  result: IssueResult | undefined,
  command: string,
): CertificateOutcome {
  if (result) {
    if (!result.ok) return 'failed';
    return d?.action === 'issue' ? 'issued' : 'renewed';
  }
  if (!d) return 'not-attempted';
  if (d.action === 'skip') {
    if (d.code === 'pending-review') return 'pending';
    return HELD.has(d.code) ? 'held' : 'not-due';
  }
  // Due, but nothing was issued: `plan` only looks; other commands did not get that far.
  return command === 'plan' || command === 'deploy' || command === 'check' ? 'due' : 'not-attempted';
}

export interface Tally {
  renewed: string[];
  failedCertificates: string[];
  failedHosts: string[];
  failedChecks: CheckResult[];
  deployedHosts: string[];
  /** Of deployedHosts, those with a deploy that was not proven over TLS (verify disabled). */
  unverifiedHosts: string[];
  rolledBack: string[];
  errors: StageError[];
  /** Certificates, hosts, checks and run-level errors that failed. */
  failures: number;
}

const unique = (items: string[]) => [...new Set(items)];

export function tally(report: RunReport): Tally {
  const renewed = report.issued.filter((r) => r.ok).map((r) => r.name);
  const failedCertificates = report.issued.filter((r) => !r.ok).map((r) => r.name);
  const failedDeploys = report.deploys.filter((d) => !d.ok);
  const failedHosts = unique(failedDeploys.map((d) => d.host));
  const failedChecks = (report.checks ?? []).filter((c) => !c.ok);
  // A host counts as deployed when every deploy to it ended well (skipped = already serving).
  const deployedHosts = unique(
    report.deploys.filter((d) => d.ok && !d.dryRun && !failedHosts.includes(d.host)).map((d) => d.host),
  );
  const unverifiedHosts = unique(
    report.deploys.filter((d) => d.verified === false && deployedHosts.includes(d.host)).map((d) => d.host),
  );
  const rolledBack = unique(report.deploys.filter((d) => d.rolledBack).map((d) => d.host));
  return {
    renewed,
    failedCertificates,
    failedHosts,
    failedChecks,
    deployedHosts,
    unverifiedHosts,
    rolledBack,
    errors: report.errors,
    failures: failedCertificates.length + failedHosts.length + failedChecks.length + report.errors.length,
  };
}

/** True when nothing failed: no certificate, host, check or run-level error. */
export function reportOk(report: RunReport): boolean {
  return tally(report).failures === 0;
}

/** What failed, as short names for outputs and alerts: certificates, hosts, "certificate@host" checks. */
export function failedNames(report: RunReport): string[] {
  const t = tally(report);
  return unique([
    ...t.failedCertificates,
    ...t.failedHosts,
    ...t.failedChecks.map((c) => `${c.certificate}@${c.host}`),
  ]);
}

/** The earliest upcoming due date among certificates that were not due. */
export function nextDue(report: RunReport): { name: string; at: string } | undefined {
  let best: { name: string; at: string } | undefined;
  for (const d of report.plan) {
    if (d.action !== 'skip' || !d.dueAt) continue;
    if (!best || Date.parse(d.dueAt) < Date.parse(best.at)) best = { name: d.name, at: d.dueAt };
  }
  return best;
}

export type HeadlineKind = 'failed' | 'nothing-due' | 'ok';

export interface Headline {
  kind: HeadlineKind;
  text: string;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One sentence that says how the run went, the same on every surface. */
export function headline(report: RunReport): Headline {
  const t = tally(report);
  if (t.failures > 0) {
    const parts: string[] = [];
    if (t.failedCertificates.length) parts.push(plural(t.failedCertificates.length, 'certificate'));
    if (t.failedHosts.length) parts.push(plural(t.failedHosts.length, 'host'));
    if (t.failedChecks.length) parts.push(plural(t.failedChecks.length, 'check'));
    if (t.errors.length) parts.push(plural(t.errors.length, 'run error'));
    return { kind: 'failed', text: `${t.failures} failed (${parts.join(', ')})` };
  }
  const checks = report.checks ?? [];
  if (report.command === 'check') {
    if (checks.length === 0) return { kind: 'nothing-due', text: 'no hosts to check' };
    const unstored = checks.filter((c) => c.status === 'unstored').length;
    if (unstored === 0) {
      return { kind: 'ok', text: `all ${plural(checks.length, 'served certificate')} fresh and as stored` };
    }
    return {
      kind: 'ok',
      text: `all ${plural(checks.length, 'served certificate')} fresh; ${unstored} not compared (nothing readable in the store)`,
    };
  }
  const deployed = report.deploys.filter((d) => !d.skipped).length;
  if (report.dryRun && (t.renewed.length > 0 || deployed > 0)) {
    const parts: string[] = [];
    if (t.renewed.length) parts.push(`${plural(t.renewed.length, 'certificate')} issued by the staging CA`);
    if (deployed) parts.push(`${plural(deployed, 'host')} would be deployed`);
    return { kind: 'ok', text: `dry run: ${parts.join(', ')}` };
  }
  if (t.renewed.length === 0 && deployed === 0) {
    const due = report.plan.filter((d) => d.action !== 'skip').length;
    if (report.command === 'plan' && due > 0)
      return { kind: 'ok', text: `${plural(due, 'certificate')} due` };
    const next = nextDue(report);
    const inSync = report.deploys.length > 0 ? '; every host already serves the stored certificates' : '';
    return {
      kind: 'nothing-due',
      text: `nothing due${next ? ` (next: ${next.name} on ${next.at.slice(0, 10)})` : ''}${inSync}`,
    };
  }
  if (t.renewed.length > 0 && report.deploys.length > 0) {
    return {
      kind: 'ok',
      text: `all renewed and deployed (${plural(t.renewed.length, 'certificate')}, ${hostCount(t)})`,
    };
  }
  if (t.renewed.length > 0)
    return { kind: 'ok', text: `all renewed (${plural(t.renewed.length, 'certificate')})` };
  return { kind: 'ok', text: `all deployed (${hostCount(t)})` };
}

/** "3 hosts", or "3 hosts, 1 not verified" when a target has TLS verify disabled. */
function hostCount(t: Tally): string {
  const n = plural(t.deployedHosts.length, 'host');
  return t.unverifiedHosts.length > 0 ? `${n}, ${t.unverifiedHosts.length} not verified` : n;
}

export const OUTCOME_WORDS: Record<CertificateOutcome, string> = {
  renewed: 'renewed',
  issued: 'issued',
  failed: 'failed',
  'not-due': 'not due',
  held: 'held back',
  pending: 'waiting for review',
  due: 'due',
  'not-attempted': 'not attempted',
};

export function deployWords(d: DeployResult): string {
  if (!d.ok) return d.dryRun ? 'failed (dry run)' : 'failed';
  // Never the same words as a proven deploy: nobody checked what the host serves.
  if (d.verified === false && !d.dryRun)
    return d.skipped ? 'files match, not verified' : 'deployed, not verified';
  if (d.skipped) return 'already serving';
  return d.dryRun ? 'would deploy (dry run)' : 'deployed';
}

/** Hosts deployed and verified, and apart from them those deployed but not verified. */
function deployedCounts(t: Tally): string[] {
  const unverified = t.unverifiedHosts.length;
  if (unverified === 0) return [`${plural(t.deployedHosts.length, 'host')} deployed`];
  return [
    `${plural(t.deployedHosts.length - unverified, 'host')} deployed and verified`,
    `${plural(unverified, 'host')} deployed, not verified`,
  ];
}

/** The small print under the tables: counts that matter for this command, and the time taken. */
export function footer(report: RunReport, took: string | undefined): string {
  const t = tally(report);
  const parts =
    report.command === 'check'
      ? [`${plural(report.checks?.length ?? 0, 'endpoint')} checked`]
      : [`${t.renewed.length} renewed`, ...deployedCounts(t)];
  if (took) parts.push(`took ${took}`);
  return parts.join(' · ');
}
