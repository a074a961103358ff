/**
 * `certflow revoke <name> [--serial S] [--reason R]` / `command: revoke`: the adapter from Settings
 * to src/pipeline/revoke-run.ts, and the run's result in the forms the CLI and the Action show.
 */
import type { Settings } from '../config/settings.js';
import { type RevokeRun, runRevoke } from '../pipeline/revoke-run.js';
import { code, md } from '../report/escape.js';
import { UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

function describe(run: RevokeRun): string[] {
  const r = run.result;
  const lines: string[] = [];
  if (run.dryRun) lines.push(`${r.name}: dry run: would revoke serial ${r.serial} (reason ${r.reason})`);
  else if (r.ok && r.outcome) {
    const already = r.outcome.result === 'already-revoked' ? ' (the CA had it revoked already)' : '';
    lines.push(
      `${r.name}: serial ${r.serial} revoked${already}, reason ${r.reason}, signed with the ${r.outcome.signedWith === 'certificate-key' ? "certificate's own key" : 'account key'} at ${r.at}`,
    );
  } else lines.push(`${r.name}: serial ${r.serial} NOT revoked: ${r.error?.message ?? 'unknown error'}`);
  if (r.error?.hint) lines.push(`  hint: ${r.error.hint}`);
  if (run.publish) lines.push(`record: ${run.publish.message ?? run.publish.action}`);
  for (const e of run.errors) if (!e.includes('revocation of serial')) lines.push(`error: ${e}`);
  for (const w of run.warnings) lines.push(`warning: ${w}`);
  return lines;
}

export async function revokeCommand(settings: Settings, log: Logger): Promise<CommandOutcome> {
  const name = settings.only?.[0];
  if (!name || !settings.revoke || (settings.only?.length ?? 0) !== 1) {
    throw new UsageError(
      'revoke takes exactly one certificate name: certflow revoke <name> [--serial S] [--reason R]',
    );
  }
  const run = await runRevoke(settings, log, {
    name,
    serial: settings.revoke.serial,
    reason: settings.revoke.reason,
  });
  for (const w of run.warnings) log.warn(w);
  for (const e of run.errors) log.error(e);
  const r = run.result;
  const record = {
    name: r.name,
    serial: r.serial,
    reason: r.reason,
    ok: r.ok,
    result: run.dryRun ? 'dry-run' : (r.outcome?.result ?? 'failed'),
    signedWith: r.outcome?.signedWith ?? null,
    at: r.at ?? null,
    source: r.source,
    recorded: r.recorded,
  };
  const ok = r.ok && run.errors.length === 0;
  const text = describe(run).join('\n');
  const summary = [
    `### certflow revoke: ${code(r.name)}`,
    '',
    '| serial | reason | result | signed with | at |',
    '| --- | --- | --- | --- | --- |',
    `| ${code(r.serial)} | ${md(r.reason)} | ${md(record.result)} | ${md(record.signedWith ?? '-')} | ${md(record.at ?? '-')} |`,
    '',
    ...describe(run)
      .slice(1)
      .map((l) => `- ${md(l.trim())}`),
  ].join('\n');
  return {
    ok,
    outputs: {
      revoked: JSON.stringify(record),
      ...(run.publish?.commitSha ? { 'commit-sha': run.publish.commitSha } : {}),
    },
    summary: log.redact(summary),
    text: log.redact(text),
    json: {
      ...record,
      error: r.error ?? null,
      publish: run.publish ?? null,
      warnings: run.warnings,
      errors: run.errors,
    },
  };
}

export const revokeHandler: CommandHandler = (settings, log) => revokeCommand(settings, log);
