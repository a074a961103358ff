/**
 * The end of every run that changes or checks certificates: the JSON report file, alerts, and the
 * outcome the entry point shows (outputs, job summary, terminal text, --json).
 */
import { resolve } from 'node:path';
import { sendAlerts } from '../alert/index.js';
import type { Settings } from '../config/settings.js';
import type { RunReport } from '../model.js';
import { reportOk, reportOutputs, writeReportFile } from '../report/outputs.js';
import { renderSummary } from '../report/summary.js';
import { renderTerminal } from '../report/terminal.js';
import type { Logger } from '../util/log.js';
import { redactDeep } from '../util/redact.js';
import { publishMetrics } from './metrics.js';
import type { CommandOutcome } from './outcome.js';

export async function finishRun(settings: Settings, whole: RunReport, log: Logger): Promise<CommandOutcome> {
  whole.finishedAt = new Date().toISOString();
  // Everything below (report file, alerts, webhook, outputs, summary, terminal) is made from this
  // copy, in which no secret the run knows survives: errors of CAs, DNS APIs and hooks quote them.
  const report = redactDeep(whole, (text) => log.redact(text));
  await publishMetrics(settings, report, log);
  let reportPath: string | undefined;
  if (settings.reportPath) {
    reportPath = resolve(settings.workspace, settings.reportPath);
    await writeReportFile(report, reportPath);
  }
  await sendAlerts(settings, report, log, { runUrl: settings.runUrl });
  return {
    ok: reportOk(report),
    report,
    outputs: reportOutputs(report, { reportPath }),
    summary: renderSummary(report),
    text: renderTerminal(report, { color: false }),
    json: report,
  };
}

export function newReport(command: string, settings: Settings): RunReport {
  return {
    command,
    dryRun: settings.dryRun,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    plan: [],
    issued: [],
    deploys: [],
    errors: [],
    warnings: [],
  };
}
