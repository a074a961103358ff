/**
 * `certflow rotate <name> [--revoke-old [--reason R]]` / `command: rotate`: the adapter from
 * Settings to src/pipeline/rotate.ts. The renew report comes first, then what rotate did with the
 * previous certificate; the run fails when the old certificate was to be revoked and was not.
 */
import type { Settings } from '../config/settings.js';
import { describeRotate, runRotate } from '../pipeline/rotate.js';
import { md } from '../report/escape.js';
import { UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export async function rotateCommand(settings: Settings, log: Logger): Promise<CommandOutcome> {
  const name = settings.only?.[0];
  if (!name || (settings.only?.length ?? 0) !== 1) {
    throw new UsageError(
      'rotate takes exactly one certificate name: certflow rotate <name> [--revoke-old [--reason R]]',
    );
  }
  const revokeOld = settings.revoke?.revokeOld ?? false;
  const reason = settings.revoke?.reason ?? 'superseded';
  const { renew, result } = await runRotate(settings, log, { name, revokeOld, reason });
  const lines = describeRotate(result, revokeOld).map((l) => log.redact(l));
  for (const l of lines.slice(1)) {
    if (l.startsWith('NOTHING REVOKED') || l.startsWith('error:')) log.error(l);
  }
  const revoked = Boolean(result.revoke?.ok);
  const ok = renew.ok && result.errors.length === 0 && (!revokeOld || revoked || !result.oldSerial);
  const record = {
    name,
    oldSerial: result.oldSerial ?? null,
    newSerial: result.newSerial ?? null,
    revoked,
    held: result.held ?? null,
    revocation: result.revoke?.outcome ? { ...result.revoke.outcome, reason, at: result.revoke.at } : null,
  };
  return {
    ok,
    report: renew.report,
    outputs: { ...renew.outputs, rotated: JSON.stringify(record) },
    summary: `${renew.summary ?? ''}\n\n### certflow rotate: ${md(name)}\n\n${lines.map((l) => `- ${md(l)}`).join('\n')}\n`,
    text: `${renew.text ?? ''}\n${lines.join('\n')}\n`,
    json: {
      rotate: { ...record, checks: result.checks, errors: result.errors, warnings: result.warnings },
      renew: renew.json,
    },
  };
}

export const rotateHandler: CommandHandler = (settings, log) => rotateCommand(settings, log);
