/**
 * `certflow plan` / `command: plan`: what is due and why. Always ok (exit 0) when it could plan,
 * even with certificates due: planning is not failing.
 */
import type { Settings } from '../config/settings.js';
import type { RunReport } from '../model.js';
import { persistCertificates } from '../persist/config.js';
import { challengeNotes } from '../plan/challenge-notes.js';
import { dueMatrix, planRenewals } from '../plan/plan.js';
import { renderPlanMarkdown, renderPlanText } from '../plan/render.js';
import { shardNames } from '../plan/shards.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export async function planCommand(
  settings: Settings,
  log: Logger,
  now: Date = new Date(),
): Promise<CommandOutcome> {
  const startedAt = now.toISOString();
  const result = await planRenewals(settings, log, { now, refreshAri: true });
  // issue 23: records the dns-persist-01 certificates rely on, missing or wrong, show up here first.
  // dns-persist-01 records are looked up only when a certificate uses them: the lookup opens the CA
  // directory (acme-client), which a plan of dns-01 certificates never loads (issue 22, start-up).
  if (persistCertificates(settings.config, settings.only).length > 0) {
    const { persistPlanWarnings } = await import('../persist/plan-warnings.js');
    result.warnings.push(...(await persistPlanWarnings(settings, log, now)));
  }
  for (const warning of result.warnings) log.warn(warning);
  const notes = challengeNotes(settings, result.decisions);
  const due = dueMatrix(result.decisions);
  // issue 22: groups of names instead of one job per certificate (GitHub allows 256 jobs).
  const matrix = settings.shards ? { shard: shardNames(due.certificate, settings.shards) } : due;
  const report: RunReport = {
    command: 'plan',
    dryRun: settings.dryRun,
    startedAt,
    finishedAt: new Date().toISOString(),
    plan: result.decisions,
    issued: [],
    deploys: [],
    errors: [],
    warnings: result.warnings,
  };
  return {
    ok: true,
    report,
    outputs: {
      plan: JSON.stringify(result.decisions),
      matrix: JSON.stringify(matrix),
      'due-count': String(due.certificate.length),
    },
    summary: renderPlanMarkdown(result, now) + notes.map((n) => `\n- ${n}`).join(''),
    text: renderPlanText(result, now) + notes.map((n) => `${n}\n`).join(''),
    json: { plan: result.decisions, matrix, warnings: result.warnings },
  };
}

export const planHandler: CommandHandler = (settings, log) => planCommand(settings, log);
