/**
 * The plan of a run: one decision per configured certificate, from the stored bundles, plus the
 * warnings a reviewer should see (schedule too sparse, bundles nobody configures any more).
 */

import { renewalPolicy } from '../config/policy.js';
import { isForced, type Settings } from '../config/settings.js';
import {
  applyStateWindows,
  type GuardStateFiles,
  mergeGuardState,
  readGuardStateFiles,
} from '../guard/state.js';
import { loadStateBranch } from '../guard/state-branch.js';
import type { RenewalDecision } from '../model.js';
import type { ClientOptions } from '../publish/github-client.js';
import { listStoredCertificates, readStoredCertificate, type StoredState, storeDir } from '../store/read.js';
import { verifyBundle } from '../store/verify.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapLimit } from '../util/pool.js';
import { type AriRefresh, refreshPlanAri } from './ari-refresh.js';
import { decide, type PendingInput, timeline } from './decide.js';
import { readPendingRenewals } from './pending.js';
import { scheduleWarning } from './schedule.js';

export interface PlanResult {
  decisions: RenewalDecision[];
  warnings: string[];
  /** What the ARI refresh did, when the caller asked for one. */
  ari?: AriRefresh;
}

export interface PlanDeps {
  now?: Date;
  read?: (storeDir: string, name: string) => Promise<StoredState>;
  /** Renewals waiting in the open pull request; read from GitHub when not given (issue 14). */
  pending?: Map<string, PendingInput>;
  /** Options for the GitHub client that reads them (tests turn throttling off). */
  client?: ClientOptions;
  /**
   * Ask the CA for fresh ARI windows first (`plan`, issue 22). renew has refreshed them already
   * when it read the store, so it leaves this off.
   */
  refreshAri?: boolean;
  /** The state branch was copied into the store already (renew does it before reading the store). */
  stateLoaded?: boolean;
}

export async function planRenewals(
  settings: Settings,
  log: Logger,
  deps: PlanDeps = {},
): Promise<PlanResult> {
  const now = deps.now ?? new Date();
  const read = deps.read ?? readStoredCertificate;
  const policy = renewalPolicy(settings.config.renewal);
  const dir = storeDir(settings);
  const names = Object.keys(settings.config.certificates).filter(
    (n) => !settings.only || settings.only.includes(n),
  );
  const warnings: string[] = [];
  // issue 14: in pull-request mode the back-off lives on the state branch; bring it into the store.
  if (!deps.stateLoaded) await loadStateBranch(settings, log, deps.client);

  const storedByName = new Map<string, StoredState>(
    await mapLimit(names, 16, async (name) => [name, await read(dir, name)] as const),
  );
  // Once per run: the ARI windows and the back-off below both come from these files.
  const stateFiles = await readGuardStateFiles(dir, names);
  let ari: AriRefresh | undefined;
  if (deps.refreshAri) {
    const manifests = new Map(
      [...storedByName].map(([n, s]) => [n, s.state === 'present' ? s.manifest : undefined] as const),
    );
    // The windows an earlier run kept on the state branch (pull-request mode) are the cache.
    await applyStateWindows(dir, manifests, stateFiles);
    ari = await refreshPlanAri(settings, manifests, log, now);
    warnings.push(...ari.warnings);
    if (ari.asked > 0)
      log.info(`ARI: asked the CA about ${ari.asked} certificate(s); ${ari.changed.length} window(s) moved`);
  }
  // issue 14: renewals waiting for review on certflow's pull request branch are not ordered again.
  const pending = deps.pending ?? (await readPendingRenewals(settings, storedByName, log, deps.client));

  const decisions = await mapLimit(names, 16, async (name) => {
    const cert = settings.config.certificates[name];
    if (!cert) throw new Error(`certificate ${name} vanished from the config`);
    // The state branch's back-off (copied into state.json above) reaches decide() through backoffOf.
    let stored = provenByCertificate(name, storedByName.get(name) ?? { name, state: 'missing' }, now);
    if (stored.state === 'unreadable') {
      // Name the files as the repository does (certificates/www/...), not by this machine's path.
      stored = { ...stored, error: stored.error.split(`${dir}/`).join(`${settings.config.store.path}/`) };
    }
    const decision = decide({
      certificate: {
        name,
        domains: cert.domains,
        key: cert.key,
        profile: cert.profile ?? settings.config.acme.profile,
      },
      stored,
      backoff: backoffOf(name, stored, stateFiles, log),
      pending: pending.get(name),
      policy,
      forced: isForced(settings, name),
      ignoreBackoff: settings.forceUnsafe,
      now,
    });
    log.debug(`plan ${name}: ${decision.action} (${decision.code}) ${decision.reason}`);
    if (stored.state === 'present' && settings.scheduleIntervalHours !== undefined) {
      const warning = scheduleWarning(
        name,
        timeline(stored.manifest, policy),
        settings.scheduleIntervalHours,
        settings.scheduleSource,
      );
      if (warning) warnings.push(warning);
    }
    return decision;
  });

  if (!settings.only) {
    const orphans = (await listStoredCertificates(dir)).filter((n) => !(n in settings.config.certificates));
    for (const name of orphans) {
      warnings.push(
        `${settings.config.store.path}/${name} is stored but not under certificates: in the config; it is not renewed. Remove the folder if it is no longer needed.`,
      );
    }
  }
  return { decisions, warnings, ...(ari ? { ari } : {}) };
}

/**
 * The plan believes the certificate, not the manifest: a bundle whose manifest disagrees with its
 * certificate (an edited notAfter that would stop renewals) is unreadable and renewed, and the
 * dates and serial the decision uses are the certificate's. The chain and the configured names are
 * not checked here: a changed name is the decision's "changed", and a root missing from
 * store.trust would otherwise renew on every run; deploy, check and verify refuse such a bundle.
 */
function provenByCertificate(name: string, stored: StoredState, now: Date): StoredState {
  if (stored.state !== 'present') return stored;
  const verdict = verifyBundle(name, stored.manifest, stored.fullchainPem, { now, requireUnexpired: false });
  const leaf = verdict.leaf;
  if (!verdict.ok || !leaf) {
    return { name, state: 'unreadable', error: verdict.findings.map((f) => f.message).join('; ') };
  }
  return {
    ...stored,
    manifest: {
      ...stored.manifest,
      serial: leaf.serial,
      notBefore: leaf.notBefore.toISOString(),
      notAfter: leaf.notAfter.toISOString(),
    },
  };
}

/** `{"certificate":[...due names]}` for `strategy.matrix`. */
export function dueMatrix(decisions: RenewalDecision[]): { certificate: string[] } {
  return { certificate: decisions.filter((d) => d.action !== 'skip').map((d) => d.name) };
}

/**
 * The back-off after failures, from the guard state (see src/guard/state.ts): the manifest's, or
 * state.json's for a certificate without a readable manifest. A corrupt state.json is a warning and
 * leaves the manifest's.
 */
function backoffOf(name: string, stored: StoredState, files: GuardStateFiles, log: Logger) {
  const manifest = stored.state === 'present' ? stored.manifest : undefined;
  const file = files.get(name);
  if (file instanceof Error) {
    log.warn(`${name}: ${errorMessage(file)}`);
    return manifest?.backoff;
  }
  return mergeGuardState(manifest, file).backoff;
}
