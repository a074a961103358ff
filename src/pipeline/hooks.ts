/**
 * Exec hook targets (`type: exec`) for a set of certificates, shared by `deploy` and by `renew`
 * with deploy: true. Which certificates are due is the caller's choice (renewed in this run,
 * changed by the push that triggered the deploy, or forced): hooks never run for a certificate
 * that did not change, unless forced.
 */
import type { ExecTargetConfig } from '../config/schema.js';
import type { Settings } from '../config/settings.js';
import { runHook } from '../hooks/run.js';
import type { DeployResult } from '../model.js';
import type { Logger } from '../util/log.js';
import { leafFacts } from '../util/x509.js';

/** A certificate as a hook gets it; the key only when it was decrypted (or is in memory). */
export interface HookSource {
  name: string;
  domains: string[];
  fullchainPem: string;
  privateKeyPem?: string;
}

/** The exec targets a certificate lists, in its order. */
export function execTargetsOf(
  settings: Pick<Settings, 'config'>,
  name: string,
): Array<{ name: string; config: ExecTargetConfig }> {
  const out: Array<{ name: string; config: ExecTargetConfig }> = [];
  for (const targetName of settings.config.certificates[name]?.targets ?? []) {
    const target = settings.config.targets[targetName];
    if (target?.type === 'exec') out.push({ name: targetName, config: target });
  }
  return out;
}

/** Runs every exec target of each given certificate, one after the other; never throws. */
export async function runExecHooks(
  settings: Settings,
  sources: HookSource[],
  log: Logger,
): Promise<DeployResult[]> {
  const out: DeployResult[] = [];
  for (const source of sources) {
    const facts = leafFacts(source.fullchainPem);
    for (const target of execTargetsOf(settings, source.name)) {
      out.push(
        await runHook(
          target,
          {
            name: source.name,
            domains: source.domains,
            fullchainPem: source.fullchainPem,
            privateKeyPem: source.privateKeyPem,
            serial: facts.serial,
            notAfter: facts.notAfter.toISOString(),
          },
          log,
          {
            dryRun: settings.dryRun,
            cwd: settings.workspace,
            // Without settings from config/ (tests building Settings by hand): a bare environment.
            env: settings.hooks?.env ?? { PATH: '/usr/local/bin:/usr/bin:/bin' },
            tempDir: settings.hooks?.tempDir,
          },
        ),
      );
    }
  }
  return out;
}
