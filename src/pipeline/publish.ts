/** Publishing renew's bundles and guard state; a failure is reported with what is left to do by hand. */
import type { GuardLedger } from '../guard/ledger.js';
import type { RenewalDecision, RunReport } from '../model.js';
import type { ExtraFile } from '../publish/files.js';
import { publishBundles } from '../publish/index.js';
import type { RunContext } from '../run.js';
import type { SealedBundle } from '../store/seal.js';
import { errorMessage } from '../util/errors.js';
import type { StoredWindows } from './ari-writeback.js';

export async function publishRun(
  run: RunContext,
  report: RunReport,
  bundles: SealedBundle[],
  decisions: RenewalDecision[],
  ledger: GuardLedger,
  ari: StoredWindows = { files: [] },
): Promise<void> {
  const { settings, log } = run;
  // The guard reads its files after the windows were written into them: its copy wins.
  const byPath = new Map<string, ExtraFile>();
  for (const f of [...ari.files, ...(await ledger.filesToPublish(bundles, ari.stateWindows))])
    byPath.set(f.path, f);
  const extraFiles = [...byPath.values()];
  const extraMessage = [ledger.commitMessage(), ari.message].filter(Boolean).join('\n') || undefined;
  if (bundles.length === 0 && extraFiles.length === 0) return;
  try {
    report.publish = await log.group('Publish', () =>
      publishBundles(settings, bundles, decisions, log, {
        extraFiles,
        extraMessage,
        verifyStatus: true,
      }),
    );
    report.warnings.push(...(report.publish.warnings ?? []));
    await ledger.clearPublished(bundles);
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
