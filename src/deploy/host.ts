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
 */
import { posix } from 'node:path';
import type { SshTargetConfig } from '../config/schema.js';
import type { DeployPhase, DeployResult } from '../model.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { sha256Hex } from '../util/x509.js';
import { validateAndReload } from './activate.js';
import { type PlannedFile, PREV_PREFIX, planFiles, STAGE_PREFIX, siblingName } from './files.js';
import { type HostSession, type RemoteStat, randomLabel, shellQuote } from './transport.js';
import type { DeployBundle } from './types.js';
import {
  describeEndpoint,
  describeWait,
  servedNow,
  type TlsEndpoint,
  tlsEndpoint,
  waitForCertificate,
} from './verify.js';

export interface HostContext {
  target: string;
  config: SshTargetConfig;
  /** Host as written in the target (label in results). */
  host: string;
  /** Address without brackets, for SSH and the default TLS address. */
  address: string;
  dryRun: boolean;
  /** How long the TLS proof may take after a reload. */
  verifyWindowMs: number;
  signal?: AbortSignal;
}

const OUTPUT_LIMIT = 4000;

/** Keeps the end of command output (where the error is), bounded for reports. */
function tail(text: string): string {
  const t = text.trim();
  return t.length > OUTPUT_LIMIT ? `...${t.slice(-OUTPUT_LIMIT)}` : t;
}

function output(r: { stdout: string; stderr: string }): string {
  return tail([r.stdout, r.stderr].filter((s) => s.trim() !== '').join('\n'));
}

class Failure extends Error {
  constructor(
    readonly phase: DeployPhase,
    message: string,
    readonly output?: string,
  ) {
    super(message);
  }
}

interface Swapped {
  file: PlannedFile;
  /** Hard link to the previous live file; undefined when there was none. */
  prev?: string;
}

/** Deploys each bundle to the host over `session`; one result per certificate. */
export async function deployBundlesToHost(
  session: HostSession,
  ctx: HostContext,
  bundles: DeployBundle[],
  log: Logger,
  connectMs: number,
): Promise<DeployResult[]> {
  const results: DeployResult[] = [];
  for (const bundle of bundles) {
    results.push(await deployBundle(session, ctx, bundle, log, connectMs));
  }
  return results;
}

async function deployBundle(
  session: HostSession,
  ctx: HostContext,
  bundle: DeployBundle,
  log: Logger,
  connectMs: number,
): Promise<DeployResult> {
  const started = Date.now() - connectMs;
  const timings: Partial<Record<DeployPhase, number>> = { connect: connectMs };
  let phase: DeployPhase = 'check';
  const timed = async <T>(p: DeployPhase, fn: () => Promise<T>): Promise<T> => {
    phase = p;
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      timings[p] = (timings[p] ?? 0) + (Date.now() - t0);
    }
  };
  const result = (fields: Partial<DeployResult> & { ok: boolean; message: string }): DeployResult => ({
    target: ctx.target,
    host: ctx.host,
    certificates: [bundle.name],
    phase,
    skipped: false,
    rolledBack: false,
    ...(ctx.dryRun ? { dryRun: true } : {}),
    durationMs: Date.now() - started,
    timings,
    ...fields,
  });
  const say = (m: string) => log.info(`${ctx.host} ${bundle.name}: ${m}`);
  const { config } = ctx;
  const endpoint = tlsEndpoint(config.verify, ctx.address, bundle.domains);
  const verifying = config.verify.enabled;
  const files = planFiles(config.files, bundle);
  const label = randomLabel();
  const staged = new Map<PlannedFile, string>();
  const swapped: Swapped[] = [];
  let reloaded = false;
  let before: string | undefined;

  try {
    // ---- check: skip when the host already serves this certificate from matching files.
    const live = await timed('check', async () => {
      await sweepTempFiles(session, files, say);
      const [served, onDisk] = await Promise.all([
        verifying ? servedNow(endpoint, 3000) : Promise.resolve(undefined),
        Promise.all(files.map((f) => liveState(session, f))),
      ]);
      before = served?.served?.facts.sha256;
      return { served, onDisk };
    });
    const drift = live.onDisk.filter((s) => !s.matches).map((s) => `${s.file.role} ${s.why}`);
    const servesIt = !verifying || before === bundle.certificateSha256;
    if (drift.length === 0 && servesIt) {
      say('already served and files match: nothing to do');
      return result({
        ok: true,
        skipped: true,
        phase: 'done',
        verified: verifying,
        message: verifying ? 'already up to date' : 'files already match (TLS verify disabled: not verified)',
      });
    }
    say(
      [
        drift.length > 0 ? `files differ (${drift.join(', ')})` : 'files match',
        !verifying
          ? 'TLS check disabled'
          : before
            ? `serves sha256 ${before.slice(0, 16)}...`
            : `TLS check: ${live.served?.error ?? 'nothing served'}`,
      ].join('; '),
    );
    abortIfAsked(ctx, 'check');

    // ---- stage: new files under temp names beside the live ones, final mode from creation.
    await timed('stage', async () => {
      await ensureDirs(session, files);
      for (const f of files) {
        const tmp = siblingName(f.path, STAGE_PREFIX, label);
        staged.set(f, tmp);
        await session.writeNewFile(tmp, f.content, f.mode);
      }
      if (!config.files.owner) {
        // No owner configured: keep the replaced file's owner, so a server that reads its key as
        // another user (haproxy, postfix) still can. Only root may give files away; a refusal is
        // left for validate to judge.
        for (const s of live.onDisk) {
          const tmp = staged.get(s.file);
          if (s.stat && tmp) await session.chown(tmp, s.stat.uid, s.stat.gid).catch(() => undefined);
        }
      } else {
        const r = await session.exec(
          `chown -- ${shellQuote(config.files.owner)} ${[...staged.values()].map(shellQuote).join(' ')}`,
        );
        if (r.code !== 0)
          throw new Failure('stage', `chown ${config.files.owner} failed (exit ${r.code})`, output(r));
      }
    });
    say(`staged ${files.length} files`);
    abortIfAsked(ctx, 'stage');

    if (ctx.dryRun) {
      // Dry run: prove the files can be written with their modes and that validate runs; touch no live file.
      const v = config.validate
        ? await timed('validate', () => session.exec(config.validate as string))
        : undefined;
      phase = 'validate';
      await Promise.all([...staged.values()].map((p) => session.unlink(p)));
      staged.clear();
      if (v && v.code !== 0) {
        return result({
          ok: false,
          message: `validate failed on the current config (exit ${v.code})`,
          output: output(v),
        });
      }
      return result({ ok: true, message: 'dry run: staged and validated; live files not touched' });
    }

    // ---- swap: previous file kept as a hard link, new one renamed over the live name atomically.
    await timed('swap', async () => {
      for (const f of files) {
        const exists = live.onDisk.find((s) => s.file === f)?.exists;
        const prev = exists ? siblingName(f.path, PREV_PREFIX, label) : undefined;
        if (prev) await session.link(f.path, prev);
        swapped.push({ file: f, prev });
        await session.rename(staged.get(f) as string, f.path);
        staged.delete(f);
      }
    });

    // ---- validate with the new files in place, then reload; on a failed validate nothing reloads
    // and the previous files go back at once.
    phase = config.validate ? 'validate' : 'reload';
    const steps = await validateAndReload(session, config.validate, config.reload);
    if (steps.validate) timings.validate = steps.validate.ms;
    if (steps.reload) timings.reload = steps.reload.ms;
    const v = steps.validate;
    if (v && !v.ok) {
      await restoreFiles(session, swapped);
      throw new Failure(
        'validate',
        `validate \`${config.validate}\` failed (${v.timedOut ? 'timed out' : `exit ${v.code}`}); previous files put back before any reload, live files unchanged`,
        output(v),
      );
    }
    if (v) say('validate passed');
    const r = steps.reload;
    if (r) {
      reloaded = true;
      phase = 'reload';
      if (!r.ok) {
        throw new Failure(
          'reload',
          `reload \`${config.reload}\` failed (${r.timedOut ? 'timed out' : `exit ${r.code}`})`,
          output(r),
        );
      }
    }
    if (verifying) {
      const w = await timed('verify', () =>
        waitForCertificate(endpoint, bundle.certificateSha256, ctx.verifyWindowMs),
      );
      if (!w.ok)
        throw new Failure('verify', describeWait(endpoint, bundle.certificateSha256, w, ctx.verifyWindowMs));
      say(`${describeEndpoint(endpoint)} serves the new certificate (${w.attempts} checks)`);
    }

    // ---- done: the previous files are no longer needed.
    await Promise.all(swapped.map((s) => (s.prev ? session.unlink(s.prev) : undefined)));
    phase = 'done';
    return result({
      ok: true,
      verified: verifying,
      message: verifying ? 'deployed and verified over TLS' : 'deployed, not verified (TLS verify disabled)',
    });
  } catch (error) {
    const failure = error instanceof Failure ? error : new Failure(phase, errorMessage(error));
    const failedAt = failure.phase;
    await Promise.all([...staged.values()].map((p) => session.unlink(p).catch(() => undefined)));
    if (swapped.length === 0) {
      log.warn(`${ctx.host} ${bundle.name}: ${failedAt} failed: ${failure.message}`);
      return result({ ok: false, phase: failedAt, message: failure.message, output: failure.output });
    }
    const back = await timed('rollback', () => rollback(session, ctx, swapped, reloaded, endpoint, before));
    phase = failedAt;
    const message = `${failedAt} failed: ${failure.message}; ${back.message}`;
    log.warn(`${ctx.host} ${bundle.name}: ${message}`);
    return result({ ok: false, phase: failedAt, rolledBack: back.ok, message, output: failure.output });
  }
}

function abortIfAsked(ctx: HostContext, phase: DeployPhase) {
  // Only before the swap: once live files moved, the run finishes or rolls back whatever happens.
  if (ctx.signal?.aborted) throw new Failure(phase, 'cancelled before any live file changed');
}

interface LiveState {
  file: PlannedFile;
  exists: boolean;
  stat?: RemoteStat;
  matches: boolean;
  why: string;
}

async function liveState(session: HostSession, f: PlannedFile): Promise<LiveState> {
  const [data, st] = await Promise.all([session.readFile(f.path), session.stat(f.path)]);
  if (!data || !st) return { file: f, exists: false, matches: false, why: 'missing' };
  if (sha256Hex(data) !== sha256Hex(f.content))
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
async function sweepTempFiles(session: HostSession, files: PlannedFile[], say: (m: string) => void) {
  for (const dir of new Set(files.map((f) => posix.dirname(f.path)))) {
    const names = (await session.readdir(dir)) ?? [];
    const stale = names.filter((n) => n.startsWith(STAGE_PREFIX) || n.startsWith(PREV_PREFIX));
    for (const name of stale) await session.unlink(posix.join(dir, name));
    if (stale.length > 0) say(`removed ${stale.length} leftover temp files in ${dir}`);
  }
}

async function ensureDirs(session: HostSession, files: PlannedFile[]) {
  for (const dir of new Set(files.map((f) => posix.dirname(f.path)))) {
    if (await session.stat(dir)) continue;
    // 0755: the key file's own mode protects it; the folder must stay readable for the cert files.
    const r = await session.exec(`mkdir -p -m 0755 -- ${shellQuote(dir)}`);
    if (r.code !== 0) throw new Failure('stage', `could not create ${dir} (exit ${r.code})`, output(r));
  }
}

/** Puts the previous files back, newest swap first; entries leave `swapped` as they are restored. */
async function restoreFiles(session: HostSession, swapped: Swapped[]) {
  while (swapped.length > 0) {
    const s = swapped[swapped.length - 1] as Swapped;
    if (s.prev) await session.rename(s.prev, s.file.path);
    else await session.unlink(s.file.path);
    swapped.pop();
  }
}

async function rollback(
  session: HostSession,
  ctx: HostContext,
  swapped: Swapped[],
  reloaded: boolean,
  endpoint: TlsEndpoint,
  before: string | undefined,
): Promise<{ ok: boolean; message: string }> {
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
  if (!reloaded || !ctx.config.reload)
    return { ok: true, message: 'previous files restored (no reload had run)' };
  const r = await session.exec(ctx.config.reload);
  const reloadNote =
    r.code === 0 ? 'reloaded' : `reload after restore failed (exit ${r.code}): ${tail(r.stderr)}`;
  if (!ctx.config.verify.enabled || !before) {
    return { ok: r.code === 0, message: `rolled back: previous files restored, ${reloadNote}` };
  }
  const w = await waitForCertificate(endpoint, before, ctx.verifyWindowMs);
  return w.ok
    ? {
        ok: true,
        message: `rolled back: previous files restored, ${reloadNote}, host serves the previous certificate again`,
      }
    : {
        ok: false,
        message: `previous files restored and ${reloadNote}, but ${describeWait(endpoint, before, w, ctx.verifyWindowMs)}`,
      };
}
