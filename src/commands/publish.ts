/**
 * `certflow publish` / `command: publish` (issue 22): the last job of a matrix run. It takes what
 * the shards renewed (their store folders, downloaded from artifacts), checks every changed bundle
 * as untrusted input (src/publish/incoming.ts), and publishes them once, through the same publisher
 * as renew: one commit, or one pull request with a section per certificate. The shards' guard state
 * (failure history, back-off) goes with it, as renew's ledger would have sent it: into the commit,
 * or to the state branch in pull-request mode; a renewed certificate's state.json is removed.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '../config/settings.js';
import { GUARD_STATE_FILE } from '../guard/state.js';
import { loadStateBranch, saveStateBranch } from '../guard/state-branch.js';
import { finishRun, newReport } from '../pipeline/finish.js';
import { planRenewals } from '../plan/plan.js';
import type { ExtraFile } from '../publish/files.js';
import { collectIncoming, type IncomingState } from '../publish/incoming.js';
import { publishBundles } from '../publish/index.js';
import { storeDir } from '../store/read.js';
import { loadTrustAnchors } from '../store/trust.js';
import { writeFileAtomic } from '../store/write.js';
import { errorMessage, UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export async function publishCommand(
  settings: Settings,
  log: Logger,
  now: Date = new Date(),
): Promise<CommandOutcome> {
  const folders = settings.from ?? [];
  if (folders.length === 0) {
    throw new UsageError('publish needs the folders the shards wrote their store to', [
      { path: 'bundles', message: 'expected one or more folders (the downloaded shard artifacts)' },
    ]);
  }
  const report = newReport('publish', settings);
  const dir = storeDir(settings);
  // In pull-request mode the state branch is the published guard state: the baseline a shard's
  // state.json is compared with (shards load it too, so an unchanged copy is not news).
  await loadStateBranch(settings, log);
  const trust = await loadTrustAnchors(settings);
  const incoming = await log.group('Collect', () =>
    collectIncoming(settings, folders, { storeDir: dir, trust, now }),
  );
  log.info(
    `${incoming.stores.length} shard folder(s): ${incoming.bundles.length} renewed bundle(s), ${incoming.states.length} guard state change(s), ${incoming.refused.length} refused`,
  );
  for (const r of incoming.refused) {
    const message = `refused ${r.name} from ${r.source}: ${r.reason}`;
    log.error(message);
    report.errors.push({
      message,
      hint: 'nothing of it was published; if a shard really renewed it, rerun the workflow (the plan orders it again)',
    });
  }
  const bundles = incoming.bundles.map((b) => b.bundle);
  const renewed = new Set(bundles.map((b) => b.name));
  const states = incoming.states.filter((s) => !renewed.has(s.name));

  // The reasons for the pull request body: the checkout's plan for the renewed certificates.
  if (bundles.length > 0) {
    const plan = await planRenewals({ ...settings, only: [...renewed] }, log, { now, pending: new Map() });
    report.plan = plan.decisions;
  }
  const extraFiles = await guardFiles(settings, dir, states, bundles, log);
  if (bundles.length === 0 && extraFiles.length === 0) log.info('nothing to publish');
  else {
    try {
      report.publish = await log.group('Publish', () =>
        publishBundles(settings, bundles, report.plan, log, {
          extraFiles,
          extraMessage: states.length > 0 ? `Record failed renewal(s): ${names(states)}` : undefined,
          verifyStatus: true,
        }),
      );
      report.warnings.push(...(report.publish.warnings ?? []));
    } catch (error) {
      report.errors.push({
        message: `publishing failed: ${errorMessage(error)}`,
        hint: 'the shard artifacts are kept for a few days: rerun this job to publish them',
      });
      log.error(`publishing failed: ${errorMessage(error)}`);
    }
  }
  const outcome = await finishRun(settings, report, log);
  outcome.outputs.renewed = JSON.stringify([...renewed]);
  return outcome;
}

const names = (states: IncomingState[]) => [...new Set(states.map((s) => s.name))].join(', ');

/**
 * The guard state to publish, as renew's ledger does (src/guard/ledger.ts): in commit and git
 * modes the changed files plus the removal of each renewed certificate's state.json; in
 * pull-request mode the files go to the state branch here and nothing into the pull request.
 */
async function guardFiles(
  settings: Settings,
  dir: string,
  states: IncomingState[],
  bundles: { name: string; manifest: { history?: unknown } }[],
  log: Logger,
): Promise<ExtraFile[]> {
  if (settings.dryRun) return [];
  if (settings.publish === 'pull-request') {
    const failures: Array<{ name: string; file: string }> = [];
    for (const s of states) {
      const file = join(dir, s.name, s.file);
      await mkdir(join(dir, s.name), { recursive: true, mode: 0o755 });
      await writeFileAtomic(file, s.content);
      failures.push({ name: s.name, file });
    }
    try {
      await saveStateBranch(settings, failures, bundles as Parameters<typeof saveStateBranch>[2], log);
    } catch (error) {
      log.warn(
        `${errorMessage(error)}; the shards' failure history and back-off are not kept for the next run`,
      );
    }
    return [];
  }
  return [
    ...states.map((s) => ({ path: `${s.name}/${s.file}`, content: s.content })),
    ...bundles.map((b) => ({ path: `${b.name}/${GUARD_STATE_FILE}`, content: null })),
  ];
}

export const publishHandler: CommandHandler = (settings, log) => publishCommand(settings, log);
