/**
 * The state of one certificate's deploy to one host, shared by the phase functions in
 * host-prepare.ts and host-commit.ts. It records what has been done to the host so far (files
 * staged, files swapped, a reload started, the certificate served before), because that, not the
 * phase that failed, decides what a rollback must undo.
 */
import type { DeployPhase, DeployResult } from '../model.js';
import type { Logger } from '../util/log.js';
import { type PlannedFile, planFiles } from './files.js';
import { endpoints } from './services.js';
import { type HostSession, type RemoteStat, randomLabel } from './transport.js';
import type { DeployBundle, HostContext } from './types.js';
import type { TlsEndpoint } from './verify.js';

export interface Swapped {
  file: PlannedFile;
  /** Hard link to the previous live file; undefined when there was none. */
  prev?: string;
}

/** One live file as check found it, against the file planned for it. */
export interface LiveState {
  file: PlannedFile;
  exists: boolean;
  stat?: RemoteStat;
  matches: boolean;
  why: string;
}

export interface HostRun {
  session: HostSession;
  ctx: HostContext;
  bundle: DeployBundle;
  log: Logger;
  /** Start of the whole deploy, the SSH connect included, for `durationMs`. */
  started: number;
  timings: Partial<Record<DeployPhase, number>>;
  /** Phase in progress: a result's phase, and the phase an unexpected error is charged to. */
  phase: DeployPhase;
  /** Where the certificate must be served: the target's verify, then each service's. */
  endpoints: TlsEndpoint[];
  verifying: boolean;
  files: PlannedFile[];
  /** Random part of this run's temp names, so two runs never touch each other's temp files. */
  label: string;
  /** Live files as check found them; empty until check ran. */
  onDisk: LiveState[];
  /** Staged temp file per planned file; removed on failure, since one may hold the key. */
  staged: Map<PlannedFile, string>;
  /** Files already swapped, in order; what a rollback puts back. */
  swapped: Swapped[];
  /** A reload was started, so a rollback must reload again for the server to drop the new files. */
  reloaded: boolean;
  /** SHA-256 of the certificate served before, at the first endpoint (messages, results). */
  before?: string;
  /** Per endpoint, what it served before: a rollback proves each serves it again. */
  befores: Array<string | undefined>;
}

export function startRun(
  session: HostSession,
  ctx: HostContext,
  bundle: DeployBundle,
  log: Logger,
  connectMs: number,
): HostRun {
  return {
    session,
    ctx,
    bundle,
    log,
    started: Date.now() - connectMs,
    timings: { connect: connectMs },
    phase: 'check',
    endpoints: endpoints(ctx.config, ctx.address, bundle.domains),
    verifying: endpoints(ctx.config, ctx.address, bundle.domains).length > 0,
    files: planFiles(ctx.config.files, bundle),
    label: randomLabel(),
    onDisk: [],
    staged: new Map(),
    swapped: [],
    reloaded: false,
    befores: [],
  };
}

/** Runs `fn` as phase `p`: sets the phase and adds the time spent to its timing. */
export async function timed<T>(run: HostRun, p: DeployPhase, fn: () => Promise<T>): Promise<T> {
  run.phase = p;
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    run.timings[p] = (run.timings[p] ?? 0) + (Date.now() - t0);
  }
}

export function result(
  run: HostRun,
  fields: Partial<DeployResult> & { ok: boolean; message: string },
): DeployResult {
  return {
    target: run.ctx.target,
    host: run.ctx.host,
    certificates: [run.bundle.name],
    phase: run.phase,
    skipped: false,
    rolledBack: false,
    ...(run.ctx.dryRun ? { dryRun: true } : {}),
    durationMs: Date.now() - run.started,
    timings: run.timings,
    ...fields,
  };
}

export function say(run: HostRun, message: string): void {
  run.log.info(`${run.ctx.host} ${run.bundle.name}: ${message}`);
}

/** A failure of a known phase, with the command output that explains it. */
export class Failure extends Error {
  constructor(
    readonly phase: DeployPhase,
    message: string,
    readonly output?: string,
  ) {
    super(message);
  }
}

const OUTPUT_LIMIT = 4000;

/** Keeps the end of command output (where the error is), bounded for reports. */
export function tail(text: string): string {
  const t = text.trim();
  return t.length > OUTPUT_LIMIT ? `...${t.slice(-OUTPUT_LIMIT)}` : t;
}

export function output(r: { stdout: string; stderr: string }): string {
  return tail([r.stdout, r.stderr].filter((s) => s.trim() !== '').join('\n'));
}
