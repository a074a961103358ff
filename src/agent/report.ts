/**
 * What an agent run tells the outside: one line (syslog/journal through `logger`, else stderr), a
 * Prometheus textfile for node_exporter, and an optional webhook. None of them holds a secret: the
 * results carry names, serials and messages only (the logger's redaction runs over the line).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { postWebhook } from '../alert/webhook.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { AgentConfig } from './config.js';
import type { AgentRun } from './run.js';

/** "certflow agent on web1 at abc123: ok; www current, api installed (serial 0a1b)". */
export function summaryLine(run: AgentRun): string {
  const parts = run.certificates.map((c) => {
    const serial = c.status === 'installed' && c.serial ? ` (serial ${c.serial})` : '';
    const why =
      c.status === 'failed'
        ? ` at ${c.phase ?? '?'}${c.rolledBack ? ', rolled back' : ''}: ${c.message}`
        : '';
    return `${c.name} ${c.status}${serial}${why}`;
  });
  const at = run.commit ? ` at ${run.commit.slice(0, 12)}` : '';
  const head = `certflow agent on ${run.host}${at}: ${run.ok ? 'ok' : 'FAILED'}`;
  return [head, run.error, parts.join(', ')].filter(Boolean).join('; ');
}

const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** The Prometheus text exposition of a run (node_exporter's textfile collector reads it). */
export function metricsText(run: AgentRun): string {
  const host = label(run.host);
  const lines = [
    '# HELP certflow_agent_run_ok Whether the last agent run succeeded (1) or not (0).',
    '# TYPE certflow_agent_run_ok gauge',
    `certflow_agent_run_ok{host="${host}"} ${run.ok ? 1 : 0}`,
    '# HELP certflow_agent_last_run_timestamp_seconds When the last agent run started.',
    '# TYPE certflow_agent_last_run_timestamp_seconds gauge',
    `certflow_agent_last_run_timestamp_seconds{host="${host}"} ${Math.floor(Date.parse(run.at) / 1000)}`,
    '# HELP certflow_agent_certificate_ok Whether the host serves the stored certificate after the run.',
    '# TYPE certflow_agent_certificate_ok gauge',
    ...run.certificates.map(
      (c) =>
        `certflow_agent_certificate_ok{host="${host}",certificate="${label(c.name)}"} ${c.status === 'failed' ? 0 : 1}`,
    ),
    '# HELP certflow_agent_certificate_installed Whether this run installed a new certificate.',
    '# TYPE certflow_agent_certificate_installed gauge',
    ...run.certificates.map(
      (c) =>
        `certflow_agent_certificate_installed{host="${host}",certificate="${label(c.name)}"} ${c.status === 'installed' ? 1 : 0}`,
    ),
    '# HELP certflow_agent_certificate_not_after_timestamp_seconds Expiry of the stored certificate.',
    '# TYPE certflow_agent_certificate_not_after_timestamp_seconds gauge',
    ...run.certificates.flatMap((c) =>
      c.notAfter
        ? [
            `certflow_agent_certificate_not_after_timestamp_seconds{host="${host}",certificate="${label(c.name)}"} ${Math.floor(Date.parse(c.notAfter) / 1000)}`,
          ]
        : [],
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Writes a file whole or not at all (node_exporter must never read half of it). */
async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: 0o644, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** `logger -t certflow-agent`: false when it cannot run (no logger, no syslog socket). */
function toSyslog(line: string, ok: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(
      'logger',
      ['-t', 'certflow-agent', '-p', ok ? 'daemon.info' : 'daemon.err', '--', line],
      {
        stdio: ['ignore', 'ignore', 'ignore'],
      },
    );
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

/** Sends the run's report everywhere the config asks; a failed report is a warning, never fatal. */
export async function reportRun(
  run: AgentRun,
  config: AgentConfig,
  log: Logger,
  stderr: (line: string) => void,
): Promise<string[]> {
  const warnings: string[] = [];
  const line = log.redact(summaryLine(run));
  if (!config.report.syslog || !(await toSyslog(line, run.ok))) stderr(line);
  if (config.report.textfile) {
    await writeAtomic(config.report.textfile, metricsText(run)).catch((error) =>
      warnings.push(`report.textfile ${config.report.textfile}: ${errorMessage(error)}`),
    );
  }
  const hookFile = config.report['webhook-file'];
  if (hookFile) {
    try {
      const url = (await readFile(hookFile, 'utf8')).trim();
      log.secret(url);
      const r = await postWebhook(url, { text: line, ok: run.ok, report: run });
      if (!r.ok) warnings.push(`report webhook: ${r.error ?? 'failed'}`);
    } catch (error) {
      warnings.push(`report.webhook-file ${hookFile}: ${errorMessage(error)}`);
    }
  }
  for (const w of warnings) log.warn(w);
  return warnings;
}
