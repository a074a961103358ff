/**
 * The phases before any live file changes: check (is there anything to do?), stage (write the new
 * files under temp names beside the live ones) and the dry run's end. A failure here needs no
 * rollback, only the removal of staged temp files, and a cancel is still honoured.
 */
import { posix } from 'node:path';
import type { DeployPhase, DeployResult } from '../model.js';
import { errorMessage } from '../util/errors.js';
import { sha256Hex } from '../util/x509.js';
import { type PlannedFile, PREV_PREFIX, STAGE_PREFIX, siblingName } from './files.js';
import { Failure, type HostRun, type LiveState, output, result, say, timed } from './host-run.js';
import { stepScript, steps } from './services.js';
import { type HostSession, shellQuote } from './transport.js';
import { servedSha256 } from './verify.js';

/** Check: a skip result when the host already serves this certificate from matching files. */
export async function check(run: HostRun): Promise<DeployResult | undefined> {
  const { session, files, verifying, endpoints, bundle } = run;
  const servedAll = await timed(run, 'check', async () => {
    // Independent reads, all in flight together; the sweep only removes temp names, never a
    // live file, so it may run beside the reads of the live files.
    const [served, onDisk] = await Promise.all([
      Promise.all(endpoints.map((e) => servedSha256(e, 3000))),
      Promise.all(files.map((f) => liveState(session, f))),
      sweepTempFiles(run),
    ]);
    run.onDisk = onDisk;
    run.befores = served.map((s) => s.sha256);
    run.before = run.befores[0];
    return served;
  });
  const served = servedAll[0];
  const { before } = run;
  const drift = run.onDisk.filter((s) => !s.matches).map((s) => `${s.file.role} ${s.why}`);
  const servesIt = !verifying || run.befores.every((sha) => sha === bundle.certificateSha256);
  if (drift.length === 0 && servesIt) {
    say(run, 'already served and files match: nothing to do');
    return result(run, {
      ok: true,
      skipped: true,
      phase: 'done',
      verified: verifying,
      message: verifying ? 'already up to date' : 'files already match (TLS verify disabled: not verified)',
    });
  }
  say(
    run,
    [
      drift.length > 0 ? `files differ (${drift.join(', ')})` : 'files match',
      !verifying
        ? 'TLS check disabled'
        : before
          ? `serves sha256 ${before.slice(0, 16)}...`
          : `TLS check: ${served?.error ?? 'nothing served'}`,
    ].join('; '),
  );
  return undefined;
}

/** Stage: new files under temp names beside the live ones, with their final mode from creation. */
export async function stage(run: HostRun): Promise<void> {
  const { session, files, staged } = run;
  const { owner } = run.ctx.config.files;
  await timed(run, 'stage', async () => {
    await ensureDirs(session, files);
    if (session.writeNewFileOwned) {
      // become: sudo: root makes each file with its final owner and mode before the first byte.
      for (const f of files) {
        const tmp = siblingName(f.path, STAGE_PREFIX, run.label);
        staged.set(f, tmp);
        const live = run.onDisk.find((s) => s.file === f)?.stat;
        await session.writeNewFileOwned(tmp, f.content, f.mode, owner ?? (live && `${live.uid}:${live.gid}`));
      }
      return;
    }
    // All files at once (one SFTP channel, requests in flight together); every write settles
    // before a failure is raised, so the rollback's removal of staged files comes after them.
    const writes = files.map((f) => {
      const tmp = siblingName(f.path, STAGE_PREFIX, run.label);
      // Recorded before the write, so a write cut halfway still has its temp file removed.
      staged.set(f, tmp);
      return session.writeNewFile(tmp, f.content, f.mode);
    });
    const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (!owner) {
      // No owner configured: keep the replaced file's owner, so a server that reads its key as
      // another user (haproxy, postfix) still can. Only root may give files away; a refusal is
      // left for validate to judge.
      await Promise.all(
        run.onDisk.map((s) => {
          const tmp = staged.get(s.file);
          return s.stat && tmp
            ? session.chown(tmp, s.stat.uid, s.stat.gid).catch(() => undefined)
            : undefined;
        }),
      );
    } else {
      const r = await session.exec(
        `chown -- ${shellQuote(owner)} ${[...staged.values()].map(shellQuote).join(' ')}`,
      );
      if (r.code !== 0) throw new Failure('stage', `chown ${owner} failed (exit ${r.code})`, output(r));
    }
  });
  say(run, `staged ${files.length} files`);
}

/**
 * Dry run's end: proves the files can be written with their modes and that validate runs on the
 * current config, then removes the staged files; no live file is touched.
 */
export async function dryRunEnd(run: HostRun): Promise<DeployResult> {
  const { session, staged } = run;
  const validate = stepScript(steps(run.ctx.config, 'validate'));
  const v = validate ? await timed(run, 'validate', () => session.exec(validate)) : undefined;
  run.phase = 'validate';
  await Promise.all([...staged.values()].map((p) => session.unlink(p)));
  staged.clear();
  if (v && v.code !== 0) {
    return result(run, {
      ok: false,
      message: `validate failed on the current config (exit ${v.code})`,
      output: output(v),
    });
  }
  return result(run, { ok: true, message: 'dry run: staged and validated; live files not touched' });
}

export function abortIfAsked(run: HostRun, phase: DeployPhase): void {
  // Only before the swap: once live files moved, the run finishes or rolls back whatever happens.
  if (run.ctx.signal?.aborted) throw new Failure(phase, 'cancelled before any live file changed');
}

async function liveState(session: HostSession, f: PlannedFile): Promise<LiveState> {
  const st = await session.fileState(f.path);
  if (!st) return { file: f, exists: false, matches: false, why: 'missing' };
  if (st.sha256 !== sha256Hex(f.content))
    return { file: f, exists: true, stat: st, matches: false, why: 'content' };
  if (st.mode !== f.mode) {
    return {
      file: f,
      exists: true,
      stat: st,
      matches: false,
      why: `mode ${st.mode.toString(8)} != ${f.mode.toString(8)}`,
    };
  }
  return { file: f, exists: true, stat: st, matches: true, why: '' };
}

/** Removes temp files a cut connection or a crash left behind (they may hold a private key). */
async function sweepTempFiles(run: HostRun): Promise<void> {
  for (const dir of new Set(run.files.map((f) => posix.dirname(f.path)))) {
    const names = (await run.session.readdir(dir)) ?? [];
    const stale = names.filter((n) => n.startsWith(STAGE_PREFIX) || n.startsWith(PREV_PREFIX));
    await Promise.all(stale.map((name) => run.session.unlink(posix.join(dir, name))));
    if (stale.length > 0) say(run, `removed ${stale.length} leftover temp files in ${dir}`);
  }
}

async function ensureDirs(session: HostSession, files: PlannedFile[]): Promise<void> {
  for (const dir of new Set(files.map((f) => posix.dirname(f.path)))) {
    if (await session.stat(dir)) continue;
    // 0755: the key file's own mode protects it; the folder must stay readable for the cert files.
    await session.makeDir(dir).catch((error) => {
      throw new Failure('stage', `could not create ${dir}: ${errorMessage(error)}`);
    });
  }
}
