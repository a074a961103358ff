/**
 * `certflow rotate <name> --revoke-old`: the key-compromise runbook as one run. In this order:
 * renew with a new key (forced), publish, deploy, prove with a fresh TLS probe that every host
 * serves the new certificate, and only then revoke the previous one. Revoking first would leave
 * hosts serving a revoked certificate; so when any host fails (or cannot be proven), nothing is
 * revoked and the run says which host stopped it.
 */
import type { RevocationReason } from '../acme/revoke.js';
import type { Settings } from '../config/settings.js';
import type { CheckResult, DeployResult } from '../model.js';
import { readStoredCertificate, storeDir } from '../store/read.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { runCheck } from './check.js';
import type { CommandOutcome } from './outcome.js';
import { renewCommand } from './renew.js';
import {
  findRevocationTarget,
  type RevocationTarget,
  type RevokeResult,
  recordRevocation,
  revocationSession,
  revokeBundle,
} from './revoke.js';
import { publishRevocationRecord } from './revoke-run.js';

export interface RotateRequest {
  name: string;
  /** Revoke the previous certificate once every host serves the new one. */
  revokeOld: boolean;
  reason: RevocationReason;
}

export interface RotateResult {
  name: string;
  oldSerial?: string;
  newSerial?: string;
  /** Why the old certificate was not revoked (when revokeOld was asked), in words. */
  held?: string;
  revoke?: RevokeResult;
  /** The TLS probes that proved (or refused) the rollout. */
  checks: CheckResult[];
  errors: string[];
  warnings: string[];
}

/** Why the rollout is not proven: a failed deploy, or a host whose probe does not show `sha256`. */
export function rolloutProblem(
  name: string,
  deploys: DeployResult[],
  checks: CheckResult[],
  sha256: string,
): string | undefined {
  const mine = deploys.filter((d) => d.certificates.includes(name));
  const failed = mine.filter((d) => !d.ok);
  if (failed.length > 0) {
    return `deploy failed on ${failed.map((d) => `${d.host} (${d.phase}${d.message ? `: ${d.message}` : ''})`).join(', ')}`;
  }
  const unproven = mine.filter((d) => d.ok && d.verified === false && !d.skipped);
  if (unproven.length > 0) {
    return `${unproven.map((d) => d.host).join(', ')} cannot be proven over TLS (verify is off for the target)`;
  }
  const probes = checks.filter((c) => c.certificate === name);
  const stale = probes.filter((c) => c.served?.sha256 !== sha256);
  if (stale.length > 0) {
    return `${stale.map((c) => `${c.host} (${c.served ? `serves serial ${c.served.serial}` : c.message})`).join(', ')} does not serve the new certificate`;
  }
  return undefined;
}

export async function runRotate(
  settings: Settings,
  log: Logger,
  request: RotateRequest,
  now: () => Date = () => new Date(),
): Promise<{ renew: CommandOutcome; result: RotateResult }> {
  const { name } = request;
  const result: RotateResult = { name, checks: [], errors: [], warnings: [] };
  // The previous certificate, with its sealed key, read before the renewal replaces it.
  let old: RevocationTarget | undefined;
  try {
    old = await findRevocationTarget(settings, name, undefined);
    result.oldSerial = old.serial;
  } catch (error) {
    if (request.revokeOld) result.warnings.push(`no previous certificate to revoke: ${errorMessage(error)}`);
  }
  // A rotation always moves to another key: the dane next key if there is one, else a fresh one,
  // whatever key-policy says for the scheduled renewals.
  const cert = settings.config.certificates[name];
  const config = cert
    ? {
        ...settings.config,
        certificates: {
          ...settings.config.certificates,
          [name]: { ...cert, 'key-policy': 'rotate' as const },
        },
      }
    : settings.config;
  const renewSettings: Settings = {
    ...settings,
    config,
    command: 'renew',
    force: [name],
    only: [name],
    deploy: true,
  };
  const renew = await renewCommand(renewSettings, log);
  const issued = renew.report?.issued.find((r) => r.name === name);
  if (!issued?.ok) {
    result.held = `the renewal failed${issued && !issued.ok ? `: ${issued.error.message}` : ''}`;
    return { renew, result };
  }
  const stored = await readStoredCertificate(storeDir(settings), name);
  if (stored.state !== 'present' || stored.manifest.serial === old?.serial) {
    result.held = 'the new certificate is not in the store';
    return { renew, result };
  }
  result.newSerial = stored.manifest.serial;
  if (!request.revokeOld || !old) return { renew, result };
  if (settings.dryRun) {
    result.held = 'dry run';
    return { renew, result };
  }

  // The deploy said it went well; a fresh probe of every configured host is the proof.
  const check = await log.group('Prove the rollout', () =>
    runCheck({ ...settings, only: [name] }, log, { now }),
  );
  result.checks = check.checks ?? [];
  const problem = rolloutProblem(
    name,
    renew.report?.deploys ?? [],
    result.checks,
    stored.manifest.certificateSha256,
  );
  if (problem) {
    result.held = problem;
    return { renew, result };
  }
  if (result.checks.length === 0) {
    result.warnings.push(`${name} has no SSH target: no host to prove, revoking the old certificate now`);
  }

  const session = await revocationSession(settings, log, old);
  try {
    result.revoke = await revokeBundle(settings, log, old, request.reason, session, now);
  } finally {
    session.close();
  }
  result.warnings.push(...result.revoke.warnings);
  if (!result.revoke.ok) {
    result.errors.push(`revoking the old serial ${old.serial} failed: ${result.revoke.error?.message}`);
    return { renew, result };
  }
  try {
    const manifest = await recordRevocation(settings, result.revoke);
    if (manifest) {
      const message = `Record revocation: ${name} serial ${old.serial} (${request.reason})`;
      const published = await publishRevocationRecord(settings, name, manifest, message, log);
      result.revoke.recorded = true;
      if (published.warning) result.warnings.push(published.warning);
    }
  } catch (error) {
    result.errors.push(`revoked at the CA, but recording it failed: ${errorMessage(error)}`);
  }
  return { renew, result };
}

/** The rotate part of the report, as lines (the renew report precedes it). */
export function describeRotate(result: RotateResult, revokeOld: boolean): string[] {
  const lines = [
    `rotate ${result.name}: serial ${result.oldSerial ?? '(none)'} -> ${result.newSerial ?? '(not renewed)'}`,
  ];
  if (result.revoke?.ok && result.revoke.outcome) {
    lines.push(
      `old serial ${result.revoke.serial} revoked (${result.revoke.reason}, signed with the ${result.revoke.outcome.signedWith}) at ${result.revoke.at}, after every host served the new certificate`,
    );
  } else if (revokeOld && result.held) {
    const how = result.oldSerial
      ? ` Once every host serves the new certificate (fix the host, then certflow deploy), revoke the old one with: certflow revoke ${result.name} --serial ${result.oldSerial} --reason <reason>`
      : '';
    lines.push(`NOTHING REVOKED: ${result.held}. The old certificate stays valid.${how}`);
  }
  for (const e of result.errors) lines.push(`error: ${e}`);
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return lines;
}
