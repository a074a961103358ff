/**
 * `certflow deploy` / `command: deploy`: opens the stored bundles (the only step that decrypts keys)
 * and brings every SSH target host to serve them, proven over TLS. `renew` with `deploy: true` calls
 * `deployFromStore` after publishing.
 */
import { resolve } from 'node:path';
import type { Settings } from '../config/settings.js';
import { type DeployBundle, deployTargets } from '../deploy/index.js';
import type { DeployResult, RunReport, StageError } from '../model.js';
import { reportOk, reportOutputs, writeReportFile } from '../report/outputs.js';
import { renderSummary } from '../report/summary.js';
import { renderTerminal } from '../report/terminal.js';
import { openBundle } from '../store/open.js';
import { errorMessage, UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { leafFacts } from '../util/x509.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export interface DeployRun {
  deploys: DeployResult[];
  /** Bundles that could not be opened: their hosts were not touched. */
  errors: StageError[];
  warnings: string[];
}

/** Certificates to deploy: the config's, limited to `settings.only` when given. */
function selected(settings: Settings, warnings: string[]): string[] {
  const names = Object.keys(settings.config.certificates);
  if (!settings.only?.length) return names;
  for (const name of settings.only) {
    if (!names.includes(name))
      warnings.push(`certificate ${name} is not in the config; nothing to deploy for it`);
  }
  return names.filter((n) => settings.only?.includes(n));
}

/**
 * Opens the selected bundles and deploys them to their SSH targets. Exec hook targets are left to
 * their own stage (noted in warnings). Never throws for a certificate's or host's failure.
 */
export async function deployFromStore(
  settings: Settings,
  log: Logger,
  options: {
    signal?: AbortSignal;
    /**
     * Bundles renewed in this run, keys still in memory (renew with deploy: true): they are
     * deployed without the age identity. Without an identity, only these are deployed.
     */
    fresh?: Map<string, DeployBundle>;
  } = {},
): Promise<DeployRun> {
  const warnings: string[] = [];
  const errors: StageError[] = [];
  const { config } = settings;
  const names = selected(settings, warnings);
  // target -> certificate names, in config order.
  const wanted = new Map<string, string[]>();
  for (const name of names) {
    for (const target of config.certificates[name]?.targets ?? []) {
      const t = config.targets[target];
      if (!t) {
        warnings.push(`certificate ${name}: target ${target} is not defined under targets; skipped`);
      } else if (t.type !== 'ssh') {
        warnings.push(`certificate ${name}: target ${target} is an exec hook; not deployed by the SSH stage`);
      } else {
        wanted.set(target, [...(wanted.get(target) ?? []), name]);
      }
    }
  }
  const needed = [...new Set([...wanted.values()].flat())];
  if (needed.length === 0) {
    warnings.push('no selected certificate has an SSH target: nothing to deploy');
    return { deploys: [], errors, warnings };
  }
  const identity = settings.ageIdentity;
  const fresh = options.fresh ?? new Map<string, DeployBundle>();
  if (!identity && options.fresh) {
    const stale = needed.filter((n) => !fresh.has(n));
    if (stale.length > 0) {
      warnings.push(
        `no age-identity: only the certificates renewed in this run were deployed; ${stale.join(', ')} were not (give age-identity to deploy every stored certificate)`,
      );
    }
  } else if (!identity) {
    throw new UsageError(
      'deploy needs the age identity that opens stored private keys: set the Action input `age-identity` ' +
        '(from a secret), or pass `--identity <file>` (or CERTFLOW_AGE_IDENTITY) to the CLI',
      [{ path: 'age-identity', message: 'missing: needed to decrypt private keys for deploy' }],
    );
  }
  if (identity) log.secret(identity);
  const storeDir = resolve(settings.workspace, config.store.path);
  const bundles = new Map<string, DeployBundle>();
  for (const name of needed) {
    const renewed = fresh.get(name);
    if (renewed) {
      bundles.set(name, renewed);
      continue;
    }
    if (!identity) continue;
    try {
      const opened = await openBundle(storeDir, name, identity);
      log.secret(opened.privateKeyPem);
      bundles.set(name, {
        name,
        domains: opened.manifest.domains,
        fullchainPem: opened.fullchainPem,
        privateKeyPem: opened.privateKeyPem,
        certificateSha256: leafFacts(opened.fullchainPem).sha256,
      });
    } catch (error) {
      const message = errorMessage(error);
      log.error(`certificate ${name}: ${message}`);
      errors.push({ message: `deploy ${name}: ${message}`, hint: 'its hosts were not touched' });
    }
  }
  const assignments = [...wanted].map(([target, certs]) => ({
    target,
    bundles: certs.map((c) => bundles.get(c)).filter((b): b is DeployBundle => b !== undefined),
  }));
  const sshTargets = Object.fromEntries(
    Object.entries(config.targets).flatMap(([n, t]) => (t.type === 'ssh' ? [[n, t] as const] : [])),
  );
  const deploys = await deployTargets(sshTargets, assignments, log, {
    concurrency: settings.concurrency,
    dryRun: settings.dryRun,
    signal: options.signal,
  });
  return { deploys, errors, warnings };
}

export async function deployCommand(settings: Settings, log: Logger): Promise<CommandOutcome> {
  const startedAt = new Date().toISOString();
  const run = await deployFromStore(settings, log);
  for (const w of run.warnings) log.warn(w);
  const report: RunReport = {
    command: 'deploy',
    dryRun: settings.dryRun,
    startedAt,
    finishedAt: new Date().toISOString(),
    plan: [],
    issued: [],
    deploys: run.deploys,
    errors: run.errors,
    warnings: run.warnings,
  };
  let reportPath: string | undefined;
  if (settings.reportPath) {
    reportPath = resolve(settings.workspace, settings.reportPath);
    await writeReportFile(report, reportPath);
  }
  return {
    ok: reportOk(report),
    report,
    outputs: reportOutputs(report, { reportPath }),
    summary: renderSummary(report),
    text: renderTerminal(report, { color: false }),
    json: report,
  };
}

export const deployHandler: CommandHandler = (settings, log) => deployCommand(settings, log);
