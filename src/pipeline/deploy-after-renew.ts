/**
 * `renew` with `deploy: true`: SSH targets get every certificate (renewed ones straight from
 * memory, the rest from the store when the age identity is given; hosts already serving the right
 * certificate are skipped), and exec hook targets run for the certificates renewed in this run
 * (or forced): a hook never runs for a certificate that did not change.
 */
import { deployFromStore } from '../commands/deploy.js';
import type { Settings } from '../config/settings.js';
import type { DeployBundle } from '../deploy/index.js';
import { hookDue, runHook } from '../hooks/run.js';
import type { DeployResult, IssueResult, StageError } from '../model.js';
import type { SealedBundle } from '../store/seal.js';
import type { Logger } from '../util/log.js';
import { leafFacts } from '../util/x509.js';

export interface DeployRun {
  deploys: DeployResult[];
  errors: StageError[];
  warnings: string[];
}

export async function deployAfterRenew(
  settings: Settings,
  results: IssueResult[],
  bundles: SealedBundle[],
  log: Logger,
): Promise<DeployRun> {
  const sealed = new Set(bundles.map((b) => b.name));
  const fresh = new Map<string, DeployBundle>();
  for (const r of results) {
    if (!r.ok || !sealed.has(r.name)) continue;
    fresh.set(r.name, {
      name: r.name,
      domains: r.certificate.domains,
      fullchainPem: r.certificate.fullchainPem,
      privateKeyPem: r.certificate.privateKeyPem,
      certificateSha256: leafFacts(r.certificate.fullchainPem).sha256,
    });
  }
  const run = await deployFromStore(settings, log, { fresh });
  const deploys = [...run.deploys, ...(await runHooks(settings, fresh, log))];
  // The SSH stage notes exec targets it leaves alone; here they are handled, so drop that note.
  const warnings = run.warnings.filter((w) => !w.includes('is an exec hook'));
  return { deploys, errors: run.errors, warnings };
}

async function runHooks(
  settings: Settings,
  fresh: Map<string, DeployBundle>,
  log: Logger,
): Promise<DeployResult[]> {
  const out: DeployResult[] = [];
  for (const [name, cert] of Object.entries(settings.config.certificates)) {
    const forced = settings.force === 'all' || settings.force.includes(name);
    const bundle = fresh.get(name);
    if (!bundle || !hookDue(true, forced)) continue;
    for (const targetName of cert.targets) {
      const target = settings.config.targets[targetName];
      if (target?.type !== 'exec') continue;
      const facts = leafFacts(bundle.fullchainPem);
      out.push(
        await runHook(
          { name: targetName, config: target },
          {
            name,
            domains: bundle.domains,
            fullchainPem: bundle.fullchainPem,
            privateKeyPem: bundle.privateKeyPem,
            serial: facts.serial,
            notAfter: facts.notAfter.toISOString(),
          },
          log,
          {
            dryRun: settings.dryRun,
            cwd: settings.workspace,
            env: hookEnv(),
            tempDir: process.env.RUNNER_TEMP,
          },
        ),
      );
    }
  }
  return out;
}

/** The hook's environment: this process's, minus certflow's own secrets that no hook needs. */
function hookEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key === 'CERTFLOW_AGE_IDENTITY' || key === 'INPUT_AGE-IDENTITY' || key === 'INPUT_GITHUB-TOKEN')
      delete env[key];
  }
  return env;
}
