/**
 * `certflow verify [names] [--base REV]` / `command: verify`: needs no secret. Fails (exit 1) when
 * a bundle is invalid; flags and changes are for the reviewer and never fail the run by
 * themselves. Invalid bundles and flags are annotated on their files.
 */

import type { Settings } from '../config/settings.js';
import { runVerify } from '../pipeline/verify.js';
import { renderVerifyMarkdown, renderVerifyText, verifyOk } from '../report/verify.js';
import { BUNDLE_FILES } from '../store/read.js';
import type { Logger } from '../util/log.js';
import { commentBody, upsertVerifyComment } from '../verify/comment.js';
import type { CommandHandler, CommandOutcome } from './types.js';

/** Which file of a bundle a finding is about: the chain for certificate facts, else the manifest. */
function fileOf(storePath: string, bundle: string, field: string): string {
  const chainFields = ['chain', 'names', 'expiry', 'fullchain.pem'];
  return `${storePath.replace(/\/+$/, '')}/${bundle}/${chainFields.includes(field) ? BUNDLE_FILES.fullchain : BUNDLE_FILES.manifest}`;
}

export async function verifyCommand(
  settings: Settings,
  log: Logger,
  now = new Date(),
): Promise<CommandOutcome> {
  const result = await log.group('verify stored bundles', () => runVerify(settings, log, now));
  for (const v of result.verdicts) {
    for (const f of v.findings) {
      log.error(f.message, {
        file: fileOf(result.storePath, f.bundle, f.field),
        title: `bundle ${f.bundle} is invalid`,
      });
    }
  }
  for (const flag of result.flags) {
    log.warn(flag.message, { file: flag.file, title: 'certflow: needs a careful look' });
  }
  const ok = verifyOk(result);
  const changes = result.changes.map((c) => ({
    name: c.name,
    kind: c.kind,
    serial: { from: c.before?.serial ?? null, to: c.after?.serial ?? null },
    namesAdded: c.namesAdded,
    namesRemoved: c.namesRemoved,
    replacesOld: c.replacesOld,
    newKey: c.newKey,
  }));
  const summary = renderVerifyMarkdown(result);
  // Only in a pull_request run of the Action; never fails the verdict (a fork's token may not write).
  if (settings.github && settings.pullRequest !== undefined) {
    await upsertVerifyComment(
      settings.github,
      settings.pullRequest,
      commentBody(summary, settings.runUrl),
      log,
    );
  }
  const invalid = result.verdicts.filter((v) => !v.ok).map((v) => ({ name: v.name, findings: v.findings }));
  return {
    ok,
    outputs: {
      valid: String(ok),
      changes: JSON.stringify(changes),
      flags: JSON.stringify(result.flags.map((f) => f.message)),
    },
    summary,
    text: renderVerifyText(result),
    json: { valid: ok, invalid, changes, flags: result.flags, base: result.base ?? null },
  };
}

export const verifyHandler: CommandHandler = (settings, log) => verifyCommand(settings, log);
