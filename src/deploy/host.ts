/**
 * One host, one SSH connection, each of its certificates in turn:
 *   check -> stage -> swap -> validate -> reload -> verify -> done   (rollback on failure after swap)
 *
 * Why validate runs after the swap: a server's check command (`nginx -t`, `apachectl -t`) reads
 * its real config, which names the live paths, so the only generic way to check the new files is to
 * have them at those paths. The swap is atomic and keeps the previous files as hard links, and a
 * failed validate swaps them back at once, before anything reloads: the running server never sees
 * the new files, and the live files end up byte-identical to before. The window in which the live
 * paths hold unvalidated files is the length of the validate command; a reload by someone else in
 * that window is the one thing this design cannot rule out (documented in docs/deploy.md).
 *
 * Each phase is one function over a per-run state (host-run.ts): host-prepare.ts holds the phases
 * before any live file changes, host-commit.ts those from the swap on and the rollback.
 */
import type { DeployResult } from '../model.js';
import type { Logger } from '../util/log.js';
import { activate, done, hold, rollback, swap, verify } from './host-commit.js';
import { abortIfAsked, check, dryRunEnd, stage } from './host-prepare.js';
import { type HostRun, startRun } from './host-run.js';
import type { HostSession } from './transport.js';
import type { DeployBundle, HostContext } from './types.js';

/** Deploys each bundle to the host over `session`; one result per certificate. */
export async function deployBundlesToHost(
  session: HostSession,
  ctx: HostContext,
  bundles: DeployBundle[],
  log: Logger,
  connectMs: number,
  /** Under ctx.holdPrevious: runs that succeeded and still keep their previous files. */
  held: HostRun[] = [],
): Promise<DeployResult[]> {
  const results: DeployResult[] = [];
  for (const bundle of bundles) {
    results.push(await deployBundle(session, ctx, bundle, log, connectMs, held));
  }
  return results;
}

async function deployBundle(
  session: HostSession,
  ctx: HostContext,
  bundle: DeployBundle,
  log: Logger,
  connectMs: number,
  held: HostRun[],
): Promise<DeployResult> {
  const run = startRun(session, ctx, bundle, log, connectMs);
  try {
    const upToDate = await check(run);
    if (upToDate) return upToDate;
    abortIfAsked(run, 'check');
    await stage(run);
    abortIfAsked(run, 'stage');
    if (ctx.dryRun) return await dryRunEnd(run);
    await swap(run);
    await activate(run);
    await verify(run);
    if (ctx.holdPrevious) {
      held.push(run);
      return hold(run);
    }
    return await done(run);
  } catch (error) {
    // One exit for every failure: the run's state, not the failing phase, says what to undo.
    return await rollback(run, error);
  }
}
