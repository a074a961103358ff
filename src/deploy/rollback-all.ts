/**
 * `on-failure: rollback-all`: a load-balanced pool should not serve two certificates for long. Hosts
 * that succeed keep their previous files (and their SSH session) until every host of the target has
 * run; then either all release them, or, when any host failed, all are put back on the previous
 * certificate, reloaded and proven over TLS to serve it again.
 */
import type { DeployResult } from '../model.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { release, revert } from './host-commit.js';
import type { HostRun } from './host-run.js';
import type { HostSession } from './transport.js';

/** A host whose runs succeeded and still hold their previous files. */
export interface HeldHost {
  session: HostSession;
  /** In deploy order; each has its result among `results`, at the same position by certificate. */
  runs: HostRun[];
  results: DeployResult[];
}

/** Releases or reverts every held host; returns `results` with the reverted hosts' results replaced. */
export async function settleHeld(
  target: string,
  held: HeldHost[],
  failedHost: string | undefined,
  log: Logger,
  results: DeployResult[],
): Promise<DeployResult[]> {
  const replaced = new Map<DeployResult, DeployResult>();
  if (failedHost !== undefined && held.length > 0) {
    log.warn(
      `target ${target}: host ${failedHost} failed; putting ${held.length} hosts back on the previous certificate (on-failure: rollback-all)`,
    );
  }
  await Promise.all(
    held.map(async (h) => {
      try {
        // Newest first, as the files were swapped.
        for (const run of [...h.runs].reverse()) {
          const before = h.results.find((r) => r.certificates[0] === run.bundle.name && r.ok);
          if (failedHost === undefined) {
            // Leftover previous files are swept by the next run; the deploy itself succeeded.
            await release(run).catch((error) =>
              log.warn(
                `${run.ctx.host} ${run.bundle.name}: removing the previous files: ${errorMessage(error)}`,
              ),
            );
          } else if (before) {
            const why = `rolled back: host ${failedHost} of target ${target} failed (on-failure: rollback-all)`;
            replaced.set(before, await revert(run, why));
          }
        }
      } finally {
        await h.session.close();
      }
    }),
  );
  return results.map((r) => replaced.get(r) ?? r);
}
