/**
 * `certflow revoke <name>` / `command: revoke` as one run: find the certificate, revoke it, record
 * the answer in certificate.json and publish that record (commit or git; a pull request would delay
 * a record of something already done at the CA, so that mode leaves it in the working tree and says so).
 */
import type { RevocationReason } from '../acme/revoke.js';
import type { Settings } from '../config/settings.js';
import type { PublishResult } from '../model.js';
import { publishBundles } from '../publish/index.js';
import { BUNDLE_FILES, storeDir } from '../store/read.js';
import { writeFileAtomic } from '../store/write.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import {
  findRevocationTarget,
  type RevokeResult,
  recordRevocation,
  revocationSession,
  revokeBundle,
} from './revoke.js';

export interface RevokeRequest {
  name: string;
  /** Lower-case hex; default the current certificate. */
  serial?: string;
  reason: RevocationReason;
}

export interface RevokeRun {
  result: RevokeResult;
  publish?: PublishResult;
  /** Set when nothing was sent: a dry run. */
  dryRun?: boolean;
  errors: string[];
  warnings: string[];
}

/** Publishes the updated certificate.json of `name`; pull-request mode writes the working tree only. */
export async function publishRevocationRecord(
  settings: Settings,
  name: string,
  manifestText: string,
  message: string,
  log: Logger,
): Promise<{ publish?: PublishResult; warning?: string }> {
  if (settings.publish === 'pull-request') {
    await writeFileAtomic(`${storeDir(settings)}/${name}/${BUNDLE_FILES.manifest}`, manifestText);
    return {
      warning: `the revocation record of ${name} is written to ${settings.config.store.path}/${name}/${BUNDLE_FILES.manifest} in the working tree only (publish pull-request does not carry records); commit it, or run revoke with publish commit`,
    };
  }
  const publish = await publishBundles(settings, [], [], log, {
    extraFiles: [{ path: `${name}/${BUNDLE_FILES.manifest}`, content: manifestText }],
    extraMessage: message,
  });
  return { publish };
}

export async function runRevoke(settings: Settings, log: Logger, request: RevokeRequest): Promise<RevokeRun> {
  const { name, reason } = request;
  const target = await findRevocationTarget(settings, name, request.serial);
  const where =
    target.source === 'current' ? 'the current certificate' : `from commit ${target.source.commit}`;
  log.info(`${name}: revoking serial ${target.serial} (${where}), reason ${reason}`);
  if (settings.dryRun) {
    return {
      result: {
        name,
        serial: target.serial,
        reason,
        ok: true,
        source: 'dry run',
        recorded: false,
        warnings: [],
      },
      dryRun: true,
      errors: [],
      warnings: ['dry run: nothing was sent to the CA'],
    };
  }
  const session = await revocationSession(settings, log, target);
  let result: RevokeResult;
  try {
    result = await revokeBundle(settings, log, target, reason, session);
  } finally {
    session.close();
  }
  const run: RevokeRun = { result, errors: [], warnings: [...result.warnings] };
  if (!result.ok) {
    run.errors.push(`${name}: revocation of serial ${target.serial} failed: ${result.error?.message}`);
    return run;
  }
  const manifest = await recordRevocation(settings, result);
  if (!manifest) {
    run.warnings.push(`${name}: revoked, but no readable bundle is stored to hold the record`);
    return run;
  }
  try {
    const message = `Record revocation: ${name} serial ${target.serial} (${reason})`;
    const published = await publishRevocationRecord(settings, name, manifest, message, log);
    result.recorded = true;
    run.publish = published.publish;
    if (published.warning) run.warnings.push(published.warning);
  } catch (error) {
    run.errors.push(
      `${name}: revoked at the CA, but recording it failed: ${errorMessage(error)}; the certificate is revoked either way`,
    );
  }
  return run;
}
