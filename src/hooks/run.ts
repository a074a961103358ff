/**
 * Exec hook targets (`type: exec`): a local command run once per certificate after the bundle is
 * published, for what SSH cannot reach (CDNs, load balancer APIs, cloud certificate stores). The
 * environment is certbot's deploy-hook environment, so existing scripts keep working.
 */
import { stat } from 'node:fs/promises';
import type { ExecTargetConfig } from '../config/schema.js';
import type { DeployResult } from '../model.js';
import { childEnvironment, listedValues } from '../util/child-env.js';
import { durationMs, formatDuration } from '../util/duration.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { makeRedactor } from '../util/redact.js';
import { writeLineage } from './lineage.js';
import { runCommand } from './process.js';

/** What a hook is given about one certificate. */
export interface HookBundle {
  name: string;
  domains: string[];
  fullchainPem: string;
  /** Needed when the target has `needs-key: true` (the default); never logged. */
  privateKeyPem?: string;
  serial: string;
  notAfter: string;
}

export interface HookOptions {
  /** List the hook instead of running it. */
  dryRun?: boolean;
  /** Where the command runs: the workspace (repository root). */
  cwd: string;
  /**
   * The job's environment, which the hook's variables are picked from: PATH, HOME and the names
   * in the target's `env:` (util/child-env.ts). Nothing else of it reaches the hook. Default:
   * this process's environment, picked from the same way.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Parent of the private temp folder (default: the OS temp folder; RUNNER_TEMP on Actions). */
  tempDir?: string;
  /** Last output lines kept in a failure's `output` (default 20). */
  tailLines?: number;
}

/**
 * Hooks run only for a certificate that changed in this run, unless the user forced it: running
 * an import into a cloud store twice a day for an unchanged certificate only adds risk.
 */
export function hookDue(changed: boolean, forced: boolean): boolean {
  return changed || forced;
}

/** The variables a hook sees, besides the inherited environment. */
export function hookEnvironment(bundle: HookBundle, lineageDir: string): Record<string, string> {
  return {
    RENEWED_LINEAGE: lineageDir,
    RENEWED_DOMAINS: bundle.domains.join(' '),
    CERTFLOW_CERTIFICATE: bundle.name,
    CERTFLOW_SERIAL: bundle.serial,
    CERTFLOW_NOT_AFTER: bundle.notAfter,
  };
}

/** Runs one exec target for one certificate; never throws, the result says what happened. */
export async function runHook(
  target: { name: string; config: ExecTargetConfig },
  bundle: HookBundle,
  log: Logger,
  options: HookOptions,
): Promise<DeployResult> {
  const started = Date.now();
  const { command } = target.config;
  const base = { target: target.name, host: `exec:${target.name}`, certificates: [bundle.name] };
  const result = (ok: boolean, message: string, extra: Partial<DeployResult> = {}): DeployResult => ({
    ...base,
    phase: 'hook',
    ok,
    skipped: false,
    rolledBack: false,
    message,
    durationMs: Date.now() - started,
    ...extra,
  });

  if (options.dryRun) {
    log.info(`${bundle.name}: dry run, hook ${target.name} not run: ${command}`);
    return result(true, `would run: ${command}`, { skipped: true, dryRun: true });
  }

  const needsKey = target.config['needs-key'];
  const key = needsKey ? bundle.privateKeyPem : undefined;
  if (needsKey && !key) {
    return result(
      false,
      `targets.${target.name} needs the private key of ${bundle.name} (needs-key: true) but it was not decrypted: provide the age identity to this job, or set needs-key: false if the hook only needs certificates`,
    );
  }
  const listed = listedValues(options.env ?? process.env, target.config.env ?? []);
  for (const value of listed) log.secret(value);
  const redact = makeRedactor(key ? [key, ...listed] : listed);
  // Whole: the logger masks a PEM line by line itself and never sends its lines to the runner.
  if (key) log.secret(key);

  const cwdProblem = await stat(options.cwd).then(
    (s) => (s.isDirectory() ? undefined : 'is not a folder'),
    (error: NodeJS.ErrnoException) => error.code ?? errorMessage(error),
  );
  if (cwdProblem) {
    return result(false, `targets.${target.name}: cannot run the hook in ${options.cwd} (${cwdProblem})`);
  }

  let timeoutMs: number;
  try {
    timeoutMs = durationMs(target.config.timeout);
  } catch (error) {
    return result(false, `targets.${target.name}.timeout: ${errorMessage(error)}`);
  }

  let lineage: Awaited<ReturnType<typeof writeLineage>> | undefined;
  try {
    lineage = await writeLineage(
      { name: bundle.name, fullchainPem: bundle.fullchainPem, ...(key ? { privateKeyPem: key } : {}) },
      options.tempDir,
    );
    const env = childEnvironment(
      options.env ?? process.env,
      target.config.env ?? [],
      hookEnvironment(bundle, lineage.dir),
    );
    const outcome = await log.group(`hook ${target.name} for ${bundle.name}: ${command}`, () =>
      runCommand(command, {
        cwd: options.cwd,
        env,
        timeoutMs,
        tailLines: options.tailLines ?? 20,
        onLine: (line, stream) => {
          const shown = redact(line);
          if (stream === 'stderr') log.info(`[stderr] ${shown}`);
          else log.info(shown);
        },
      }),
    );
    const output = outcome.tail.map(redact).join('\n');
    const took = formatDuration(outcome.durationMs);
    if (outcome.timedOut) {
      return result(
        false,
        `hook ${target.name} for ${bundle.name} timed out after ${formatDuration(timeoutMs)} and was stopped (its process group was killed): ${command}; make the hook faster or raise targets.${target.name}.timeout`,
        { output },
      );
    }
    if (outcome.code !== 0) {
      const how =
        outcome.code === null ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
      return result(false, `hook ${target.name} for ${bundle.name} ${how} after ${took}: ${command}`, {
        output,
      });
    }
    return result(true, `ran ${command} (${took})`);
  } catch (error) {
    return result(
      false,
      `hook ${target.name} for ${bundle.name} could not run: ${redact(errorMessage(error))}`,
    );
  } finally {
    await lineage?.remove().catch((error: unknown) => {
      log.warn(`could not remove the hook folder ${lineage?.dir}: ${errorMessage(error)}; delete it by hand`);
    });
  }
}
