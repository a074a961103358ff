/**
 * The phases that change live files: swap, activate (validate, reload), verify, done, and the
 * rollback that undoes whatever of them ran. From the swap on, a run either finishes or rolls back;
 * `run.swapped` and `run.reloaded` record how far it got, so the rollback undoes exactly that.
 */
import type { DeployResult } from '../model.js';
import { errorMessage } from '../util/errors.js';
import { validateAndReload } from './activate.js';
import { PREV_PREFIX, siblingName } from './files.js';
import { Failure, type HostRun, output, result, type Swapped, say, tail, timed } from './host-run.js';
import { againScript, describeStep, failedService, stepScript, steps } from './services.js';
import type { HostSession } from './transport.js';
import { describeEndpoint, describeWait, waitForCertificate } from './verify.js';

/**
 * Swap: each previous live file is kept as a hard link, then the staged file is renamed over the
 * live name. rename() is atomic, so the live path always names a whole file, old or new.
 * All links go out at once and must all exist before any rename; then all renames go out at once,
 * and the server applies them back to back, so the live files stay a mixed set (new certificate,
 * old key) for as short a time as possible.
 */
export async function swap(run: HostRun): Promise<void> {
  const { session, staged, swapped, label } = run;
  await timed(run, 'swap', async () => {
    const plan: Swapped[] = run.files.map((f) => {
      const exists = run.onDisk.find((s) => s.file === f)?.exists;
      return { file: f, prev: exists ? siblingName(f.path, PREV_PREFIX, label) : undefined };
    });
    const links = await Promise.allSettled(
      plan.map((p) => (p.prev ? session.link(p.file.path, p.prev) : undefined)),
    );
    const linkFailed = links.find((r) => r.status === 'rejected');
    if (linkFailed) {
      // No live file changed: drop the links made, and there is nothing to roll back.
      await Promise.all(
        plan.map((p, i) =>
          p.prev && links[i]?.status === 'fulfilled'
            ? session.unlink(p.prev).catch(() => undefined)
            : undefined,
        ),
      );
      throw linkFailed.reason;
    }
    // Recorded before the renames: once they go out, any failure must go through the rollback,
    // even for a rename that seemed to fail (it may have happened; restoring its previous file
    // then puts it back, and is a no-op when it did not).
    swapped.push(...plan);
    const renames = await Promise.allSettled(
      plan.map((p) => session.rename(staged.get(p.file) as string, p.file.path)),
    );
    plan.forEach((p, i) => {
      if (renames[i]?.status === 'fulfilled') staged.delete(p.file);
    });
    const renameFailed = renames.find((r) => r.status === 'rejected');
    if (renameFailed) throw renameFailed.reason;
  });
}

/**
 * Activate: validate with the new files in place, then reload. On a failed validate nothing
 * reloads and the previous files go back at once, so the server never loads the new files.
 */
export async function activate(run: HostRun): Promise<void> {
  const { session, timings } = run;
  const validates = steps(run.ctx.config, 'validate');
  const reloads = steps(run.ctx.config, 'reload');
  const validate = stepScript(validates);
  const reload = stepScript(reloads);
  run.phase = validate ? 'validate' : 'reload';
  const done = await validateAndReload(session, validate, reload);
  if (done.validate) timings.validate = done.validate.ms;
  if (done.reload) timings.reload = done.reload.ms;
  const v = done.validate;
  if (v && !v.ok) {
    await restoreFiles(session, run.swapped);
    const which = failedService(v.stderr);
    throw new Failure(
      'validate',
      `validate ${which ? `of ${which}` : describeStep(validates)} failed (${v.timedOut ? 'timed out' : `exit ${v.code}`}); previous files put back before any reload, live files unchanged`,
      output(v),
    );
  }
  if (v) say(run, 'validate passed');
  const r = done.reload;
  if (r) {
    // Set even when the reload failed: it may have loaded the new files before failing.
    run.reloaded = true;
    run.phase = 'reload';
    if (!r.ok) {
      const which = failedService(r.stderr);
      throw new Failure(
        'reload',
        `reload ${which ? `of ${which}` : describeStep(reloads)} failed (${r.timedOut ? 'timed out' : `exit ${r.code}`})`,
        output(r),
      );
    }
  }
}

/** Verify: the host must serve the new certificate over TLS within the window (when enabled). */
export async function verify(run: HostRun): Promise<void> {
  if (!run.verifying) return;
  const { endpoints, bundle, ctx } = run;
  const want = bundle.certificateSha256;
  await timed(run, 'verify', async () => {
    // In order, each with the full window: the services reloaded in this order too.
    for (const endpoint of endpoints) {
      const w = await waitForCertificate(endpoint, want, ctx.verifyWindowMs);
      if (!w.ok) throw new Failure('verify', describeWait(endpoint, want, w, ctx.verifyWindowMs));
      say(run, `${describeEndpoint(endpoint)} serves the new certificate (${w.attempts} checks)`);
    }
  });
}

/** Done: the new files are proven (or verify is off), so the previous files are no longer needed. */
export async function done(run: HostRun): Promise<DeployResult> {
  const { session, verifying } = run;
  await Promise.all(run.swapped.map((s) => (s.prev ? session.unlink(s.prev) : undefined)));
  run.phase = 'done';
  return result(run, {
    ok: true,
    verified: verifying,
    message: verifying ? 'deployed and verified over TLS' : 'deployed, not verified (TLS verify disabled)',
  });
}

/** Done, but the previous files stay (on-failure: rollback-all) until release() or revert(). */
export function hold(run: HostRun): DeployResult {
  run.phase = 'done';
  return result(run, {
    ok: true,
    verified: run.verifying,
    message: run.verifying
      ? 'deployed and verified over TLS'
      : 'deployed, not verified (TLS verify disabled)',
  });
}

/** The target succeeded everywhere: a held run's previous files are no longer needed. */
export async function release(run: HostRun): Promise<void> {
  await Promise.all(run.swapped.map((s) => (s.prev ? run.session.unlink(s.prev) : undefined)));
}

/**
 * Another host of the target failed (on-failure: rollback-all): puts this host back on its previous
 * files, reloads and proves the previous certificate is served again. Returns the new result.
 */
export async function revert(run: HostRun, why: string): Promise<DeployResult> {
  const back = await timed(run, 'rollback', () => undo(run));
  run.phase = 'done';
  const message = `${why}; ${back.message}`;
  run.log.warn(`${run.ctx.host} ${run.bundle.name}: ${message}`);
  return result(run, { ok: false, rolledBack: back.ok, message });
}

/**
 * Rollback: the failed result for `error`, after removing staged temp files (they may hold the key)
 * and, when any live file was swapped, putting the previous files back and reloading.
 */
export async function rollback(run: HostRun, error: unknown): Promise<DeployResult> {
  const { session, ctx, bundle, log } = run;
  const failure = error instanceof Failure ? error : new Failure(run.phase, errorMessage(error));
  const failedAt = failure.phase;
  await Promise.all([...run.staged.values()].map((p) => session.unlink(p).catch(() => undefined)));
  if (run.swapped.length === 0) {
    log.warn(`${ctx.host} ${bundle.name}: ${failedAt} failed: ${failure.message}`);
    return result(run, { ok: false, phase: failedAt, message: failure.message, output: failure.output });
  }
  const back = await timed(run, 'rollback', () => undo(run));
  run.phase = failedAt;
  const message = `${failedAt} failed: ${failure.message}; ${back.message}`;
  log.warn(`${ctx.host} ${bundle.name}: ${message}`);
  return result(run, { ok: false, phase: failedAt, rolledBack: back.ok, message, output: failure.output });
}

/** Puts the previous files back, newest swap first; entries leave `swapped` as they are restored. */
async function restoreFiles(session: HostSession, swapped: Swapped[]): Promise<void> {
  while (swapped.length > 0) {
    const s = swapped[swapped.length - 1] as Swapped;
    // rename() of the hard link: the live path goes straight from the new file to the old one.
    if (s.prev) {
      await session.rename(s.prev, s.file.path);
      // When the swap's own rename had not happened, both names are the same file and rename()
      // leaves both: the extra name goes (it is gone already in the usual case).
      await session.unlink(s.prev).catch(() => undefined);
    } else await session.unlink(s.file.path);
    swapped.pop();
  }
}

/** Restores the files, reloads when a reload had run, and proves the old certificate is served. */
async function undo(run: HostRun): Promise<{ ok: boolean; message: string }> {
  const { session, swapped, endpoints, befores, ctx } = run;
  try {
    await restoreFiles(session, swapped);
  } catch (error) {
    const kept = swapped.filter((s) => s.prev).map((s) => `${s.prev} -> ${s.file.path}`);
    return {
      ok: false,
      message:
        `ROLLBACK FAILED (${errorMessage(error)}): live files may hold the new certificate. ` +
        `Previous files are kept on the host; restore them with mv: ${kept.join(', ') || '(none existed)'}`,
    };
  }
  const reload = againScript(steps(ctx.config, 'reload'));
  if (!run.reloaded || !reload) return { ok: true, message: 'previous files restored (no reload had run)' };
  const r = await session.exec(reload);
  const reloadNote =
    r.code === 0 ? 'reloaded' : `reload after restore failed (exit ${r.code}): ${tail(r.stderr)}`;
  // Each endpoint must serve again what it served before (one that served nothing is not checked).
  const checks = endpoints.flatMap((e, i) => (befores[i] ? [{ e, sha: befores[i] as string }] : []));
  if (checks.length === 0) {
    return { ok: r.code === 0, message: `rolled back: previous files restored, ${reloadNote}` };
  }
  for (const { e, sha } of checks) {
    const w = await waitForCertificate(e, sha, ctx.verifyWindowMs);
    if (!w.ok) {
      return {
        ok: false,
        message: `previous files restored and ${reloadNote}, but ${describeWait(e, sha, w, ctx.verifyWindowMs)}`,
      };
    }
  }
  return {
    ok: true,
    message: `rolled back: previous files restored, ${reloadNote}, host serves the previous certificate again`,
  };
}
