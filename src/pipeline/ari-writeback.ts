/**
 * ARI windows the CA moved, written back (issue 22). renew asks the CA for the windows of every
 * stored certificate; a window whose start or end changed is stored in that certificate's
 * `certificate.json` and published with the run's bundles (commit and git modes; in none mode the
 * working tree is all that is written), so the next plan, a matrix plan included, starts from
 * what the CA said last. Only a moved window is written: the check time and Retry-After change at
 * every refresh, and writing them would make every run a commit. In pull-request mode they go to
 * the state branch instead (see storeMovedWindows). The answers were checked when
 * they were read (src/acme/ari.ts, saneWindow): a refused answer never reaches this file.
 * A certificate renewed in this run carries its new certificate's window in its new bundle.
 */
import { relative, sep } from 'node:path';
import type { AriWindow, Manifest, RenewalDecision, RunReport } from '../model.js';
import type { ExtraFile } from '../publish/files.js';
import type { RunContext } from '../run.js';
import { parseManifest, serializeManifest } from '../store/manifest.js';
import { bundlePaths } from '../store/read.js';
import type { SealedBundle } from '../store/seal.js';
import { writeFileAtomic } from '../store/write.js';
import { errorMessage } from '../util/errors.js';
import { readFileCapped } from '../util/fs.js';

/** A window that moved, for the report and the summary. */
export interface MovedWindow {
  name: string;
  /** The ARI certificate ID the window belongs to (the stored certificate's). */
  certId: string;
  before?: { start: string; end: string };
  after: AriWindow;
}

/** Whether the CA's window differs from the stored one in what a decision reads (start, end). */
export function windowMoved(before: AriWindow | undefined, after: AriWindow | undefined): boolean {
  if (!after) return false;
  return before?.start !== after.start || before?.end !== after.end;
}

/** "ARI window moved for www: 2026-… .. 2026-… (was …; see <url>)" */
export function movedLine(m: MovedWindow): string {
  const was = m.before ? `; was ${m.before.start} .. ${m.before.end}` : '';
  const why = m.after.explanationUrl ? `; the CA explains: ${m.after.explanationUrl}` : '';
  return `ARI window moved for ${m.name}: ${m.after.start} .. ${m.after.end}${was}${why}`;
}

/**
 * Writes each moved window into the certificate.json of the working tree and returns the files
 * to publish with the bundles. The file is read again first: the guard may have recorded a
 * failure in it meanwhile, and that must not be lost. A file that now describes another
 * certificate (its ARI ID differs) is left alone. Nothing in a dry run or for `skip` names.
 */
export async function writeMovedWindows(
  run: RunContext,
  dir: string,
  moved: MovedWindow[],
  skip: ReadonlySet<string>,
  warnings: string[],
): Promise<ExtraFile[]> {
  if (run.settings.dryRun) return [];
  const out: ExtraFile[] = [];
  for (const m of moved) {
    if (skip.has(m.name)) continue;
    const file = bundlePaths(dir, m.name).manifest;
    try {
      const current: Manifest = parseManifest(
        (await readFileCapped(file, 1 << 20, 'a certificate.json')).toString('utf8'),
        file,
      );
      if (current.ariCertId !== m.certId) continue;
      if (!windowMoved(current.ari, m.after)) continue;
      const text = serializeManifest({ ...current, ari: m.after });
      await writeFileAtomic(file, text);
      out.push({ path: relative(dir, file).split(sep).join('/'), content: text });
    } catch (error) {
      warnings.push(`${m.name}: the moved ARI window could not be stored: ${errorMessage(error)}`);
    }
  }
  return out;
}

export interface StoredWindows {
  files: ExtraFile[];
  /** Pull-request mode: the windows for the state branch's state.json instead. */
  stateWindows?: MovedWindow[];
  /** The commit message line naming them, when any was written. */
  message?: string;
}

/**
 * renew's step: reports every moved window (report.ari, one summary line each) and stores those
 * of certificates not renewed now. In pull-request mode nothing goes into the renewal pull
 * request (a window is advice, not a change to review): the windows go to state.json on the
 * state branch with the guard state (src/guard/state-branch.ts), where the next plan reads them.
 */
export async function storeMovedWindows(
  run: RunContext,
  report: RunReport,
  dir: string,
  all: MovedWindow[],
  bundles: SealedBundle[],
  decisions: RenewalDecision[],
): Promise<StoredWindows> {
  // A certificate whose renewal waits in the pull request is being replaced: its window is moot,
  // and a run while the pull request waits writes nothing (issue 14).
  const pending = new Set(decisions.filter((d) => d.code === 'pending-review').map((d) => d.name));
  const moved = all.filter((m) => !pending.has(m.name));
  if (moved.length === 0) return { files: [] };
  report.ari = moved.map((m) => ({
    name: m.name,
    ...(m.before ? { before: m.before } : {}),
    after: m.after,
  }));
  for (const m of moved) run.log.info(movedLine(m));
  if (run.settings.publish === 'pull-request') return { files: [], stateWindows: moved };
  const renewed = new Set(bundles.map((b) => b.name));
  const files = await writeMovedWindows(run, dir, moved, renewed, report.warnings);
  if (files.length === 0) return { files };
  const names = files.map((f) => f.path.split('/')[0]);
  return { files, message: `Record moved ARI window${names.length > 1 ? 's' : ''}: ${names.join(', ')}` };
}
