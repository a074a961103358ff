/**
 * `certflow renew` / `command: renew`: plan -> guard -> issue -> seal -> publish -> (deploy) ->
 * report. Each stage returns data; one certificate's failure never stops the others, and the run
 * fails at the end if anything failed. A certificate that was issued is sealed and written before
 * anything else can fail, so a later failure (publishing, deploying) never throws it away.
 *
 * Guard state (failure history, back-off) is published with the bundles in the `commit` and `git`
 * modes, in a commit of its own when nothing was renewed: CI starts from a fresh checkout, and
 * state left in the working tree would be gone by the next run. In `pull-request` mode it goes to
 * the state branch instead (src/guard/state-branch.ts, docs/store-and-publish.md).
 */
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { issueCertificates, refreshStoredAriWindows } from '../acme/issue.js';
import type { CommandOutcome } from '../commands/types.js';
import type { Settings } from '../config/settings.js';
import { recordFailure } from '../guard/backoff.js';
import { clearGuardState, GUARD_STATE_FILE, saveFailure } from '../guard/state.js';
import { saveStateBranch } from '../guard/state-branch.js';
import type { IssuanceRecord, IssueResult, Manifest, RenewalDecision, StageError } from '../model.js';
import { pendingEscalations } from '../plan/pending.js';
import { planRenewals } from '../plan/plan.js';
import type { ExtraFile } from '../publish/files.js';
import { publishBundles } from '../publish/index.js';
import { serializeManifest } from '../store/manifest.js';
import { readStoredCertificate, type StoredState, storeDir } from '../store/read.js';
import { HISTORY_LIMIT, type SealedBundle, sealBundle } from '../store/seal.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapLimit } from '../util/pool.js';
import { deployAfterRenew } from './deploy-after-renew.js';
import { finishRun, newReport } from './finish.js';
import { guardOrders } from './guard.js';

export async function renewCommand(
  settings: Settings,
  log: Logger,
  now: Date = new Date(), // a fixed clock for tests (issue 14's escalation)
): Promise<CommandOutcome> {
  const report = newReport('renew', settings);
  const dir = storeDir(settings);
  if (settings.dryRun) {
    log.info('DRY RUN: ordering from the staging directory; nothing is committed, swapped or reloaded');
  }

  // Stored bundles, with ARI windows refreshed from the CA in memory (the plan reads them).
  const stored = await readAllStored(settings, dir);
  const manifests = new Map<string, Manifest | undefined>(
    [...stored].map(([name, s]) => [name, s.state === 'present' ? s.manifest : undefined]),
  );
  if (settings.config.renewal.ari && [...manifests.values()].some(Boolean)) {
    const windows = await log.group('ARI', () => refreshStoredAriWindows(settings, manifests, log));
    for (const [name, window] of windows) {
      const m = manifests.get(name);
      if (m && window) m.ari = window;
    }
  }

  const plan = await log.group('Plan', () =>
    planRenewals(settings, log, {
      now,
      read: async (_dir, name) => stored.get(name) ?? { name, state: 'missing' },
    }),
  );
  report.plan = plan.decisions;
  report.warnings.push(...plan.warnings);
  for (const w of plan.warnings) log.warn(w);
  // issue 14: a renewal waiting for review while the deployed certificate nears expiry fails the run.
  for (const e of pendingEscalations(plan.decisions)) {
    report.errors.push(e);
    log.error(e.message);
  }

  const guard = await guardOrders(settings, dir, plan.decisions, manifests, log, now);
  const results: IssueResult[] = [...guard.refused];
  if (guard.allowed.length > 0) {
    const issued = await log.group(`Issue ${guard.allowed.length} certificate(s)`, () =>
      issueCertificates(settings, guard.allowed, manifests, log),
    );
    results.push(...issued);
  } else {
    log.info('nothing is due');
  }

  const bundles = await log.group('Seal', () => sealAll(settings, results, manifests, guard.history, log));
  report.issued = results;
  let failures: RecordedFailure[] = [];
  if (!settings.dryRun) {
    failures = await recordFailures(
      settings,
      dir,
      results,
      plan.decisions,
      manifests,
      guard.history,
      log,
      report.warnings,
    );
  }

  const extras = await guardStateFiles(settings, dir, bundles, failures, log);
  if (bundles.length > 0 || extras.length > 0) {
    try {
      report.publish = await log.group('Publish', () =>
        publishBundles(settings, bundles, plan.decisions, log, {
          extraFiles: extras,
          extraMessage: failureMessage(failures),
          verifyStatus: true,
        }),
      );
      report.warnings.push(...(report.publish.warnings ?? []));
      if (!settings.dryRun) {
        for (const b of bundles) await clearGuardState(dir, b.name).catch(() => undefined);
      }
    } catch (error) {
      report.errors.push({
        message: `publishing failed: ${errorMessage(error)}`,
        hint:
          bundles.length > 0
            ? `the renewed bundles are written in ${settings.config.store.path}/ of the working tree (keys encrypted); publish them by hand (git add/commit) or rerun — a rerun does not order again while they are there`
            : `the failure history and back-off are written in ${settings.config.store.path}/ of the working tree only; commit them by hand, or the next run from a fresh checkout retries without back-off`,
      });
      log.error(`publishing failed: ${errorMessage(error)}`);
    }
  }

  if (settings.deploy) {
    const run = await log.group('Deploy', () => deployAfterRenew(settings, results, bundles, log));
    report.deploys.push(...run.deploys);
    report.errors.push(...run.errors);
    report.warnings.push(...run.warnings);
  }
  return finishRun(settings, report, log);
}

async function readAllStored(settings: Settings, dir: string): Promise<Map<string, StoredState>> {
  const names = Object.keys(settings.config.certificates);
  const states = await mapLimit(names, 16, (name) => readStoredCertificate(dir, name));
  return new Map(states.map((s) => [s.name, s]));
}

/**
 * Seals every issued certificate. A seal failure (key and certificate disagree) turns that result
 * into a failure: storing such a bundle would give something that can never be deployed.
 */
async function sealAll(
  settings: Settings,
  results: IssueResult[],
  manifests: Map<string, Manifest | undefined>,
  history: Map<string, Pick<Manifest, 'history' | 'backoff'>>,
  log: Logger,
): Promise<SealedBundle[]> {
  const bundles: SealedBundle[] = [];
  for (const [i, result] of results.entries()) {
    if (!result.ok) continue;
    log.secret(result.certificate.privateKeyPem);
    const previous = manifests.get(result.name);
    const guardHistory = history.get(result.name)?.history;
    // Back-off is left out on purpose: this success clears it.
    const base = previous
      ? { ...previous, history: guardHistory ?? previous.history, backoff: undefined }
      : undefined;
    try {
      const bundle = await sealBundle(result.certificate, settings.config.store.recipients, base);
      bundles.push(previous ? bundle : withFailureHistory(bundle, guardHistory ?? []));
    } catch (error) {
      const stageError: StageError = { message: errorMessage(error), hint: 'the certificate was not stored' };
      results[i] = { name: result.name, ok: false, error: stageError, durationMs: result.durationMs };
      log.error(`${result.name}: ${stageError.message}`);
    }
  }
  return bundles;
}

interface RecordedFailure {
  name: string;
  /** Absolute path of the file holding the state (certificate.json or state.json). */
  file: string;
  nextAttemptAt?: string;
}

/**
 * The guard state to publish: every file a failure was recorded in (changed or not: the working
 * tree may hold state an earlier run failed to publish; the publish compares with the branch), and
 * the removal of state.json for each renewed certificate (its history moved into the manifest).
 * None in pull-request and none modes or a dry run.
 */
async function guardStateFiles(
  settings: Settings,
  dir: string,
  bundles: SealedBundle[],
  failures: RecordedFailure[],
  log: Logger,
): Promise<ExtraFile[]> {
  // `none`: the state is in the working tree already, which is all that mode publishes.
  if (settings.dryRun || settings.publish === 'none') return [];
  if (settings.publish === 'pull-request') {
    // issue 14: the guard state goes to the state branch (src/guard/state-branch.ts), not the PR.
    try {
      await saveStateBranch(settings, failures, bundles, log);
    } catch (error) {
      log.warn(
        `${errorMessage(error)}; the failure history and back-off stay in the working tree only, so the next run from a fresh checkout retries without back-off`,
      );
    }
    return [];
  }
  const extras: ExtraFile[] = [];
  for (const f of failures) {
    const content = await readFile(f.file, 'utf8').catch(() => undefined);
    if (content !== undefined) extras.push({ path: relative(dir, f.file).split(sep).join('/'), content });
  }
  for (const b of bundles) extras.push({ path: `${b.name}/${GUARD_STATE_FILE}`, content: null });
  return extras;
}

/** "Record failed renewal: www (next attempt after 2026-…)" for a commit holding only guard state. */
function failureMessage(failures: RecordedFailure[]): string | undefined {
  if (failures.length === 0) return undefined;
  const names = failures.map((f) =>
    f.nextAttemptAt ? `${f.name} (next attempt after ${f.nextAttemptAt})` : f.name,
  );
  return `Record failed renewal${failures.length > 1 ? 's' : ''}: ${names.join(', ')}`;
}

/**
 * A first issuance has no previous manifest to carry history from; its failures (from state.json,
 * which this success deletes) go into the new manifest, so the guard still counts them.
 * History and back-off are outside the key's hash binding, so re-serializing keeps the bundle valid.
 */
function withFailureHistory(bundle: SealedBundle, failures: IssuanceRecord[]): SealedBundle {
  if (failures.length === 0) return bundle;
  const manifest: Manifest = {
    ...bundle.manifest,
    history: [...failures, ...(bundle.manifest.history ?? [])].slice(-HISTORY_LIMIT),
  };
  return { ...bundle, manifest, files: { ...bundle.files, 'certificate.json': serializeManifest(manifest) } };
}

/** Failed orders are remembered (history + back-off) so the next runs do not hammer the CA. */
async function recordFailures(
  settings: Settings,
  dir: string,
  results: IssueResult[],
  decisions: RenewalDecision[],
  manifests: Map<string, Manifest | undefined>,
  history: Map<string, Pick<Manifest, 'history' | 'backoff'>>,
  log: Logger,
  warnings: string[],
): Promise<RecordedFailure[]> {
  const recorded: RecordedFailure[] = [];
  for (const result of results) {
    if (result.ok || !history.has(result.name)) continue; // refused orders were never placed
    if (result.error.message.startsWith('not ordered:')) continue;
    const decision = decisions.find((d) => d.name === result.name);
    try {
      const update = recordFailure(history.get(result.name), {
        domains: decision?.domains ?? [],
        // Kept in certificate.json / state.json and committed: no secret the error quotes.
        error: log.redact(result.error.message),
        forced: settings.force === 'all' || settings.force.includes(result.name),
        now: new Date(),
      });
      const saved = await saveFailure(dir, result.name, manifests.get(result.name), update);
      recorded.push({
        name: result.name,
        file: saved.file,
        ...(update.backoff ? { nextAttemptAt: update.backoff.nextAttemptAt } : {}),
      });
      if (update.backoff) {
        log.info(`${result.name}: next automatic attempt not before ${update.backoff.nextAttemptAt}`);
      }
    } catch (error) {
      warnings.push(`${result.name}: could not record the failure for back-off: ${errorMessage(error)}`);
    }
  }
  return recorded;
}
