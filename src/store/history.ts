/**
 * Earlier versions of a bundle, from git history: `certflow revoke --serial` revokes a certificate
 * the store held before. Each commit that touched the bundle's manifest is read in turn (newest
 * first) until one holds the serial; the chain read there is checked against the serial by the
 * caller, since a manifest in history is as writable as any other.
 */
import { runGit } from '../util/git.js';
import { parseManifest } from './manifest.js';
import { BUNDLE_FILES, MAX_BUNDLE_FILE } from './read.js';
import type { SealedBundle } from './seal.js';

/** How many commits of one bundle are searched: years of twice-monthly renewals. */
export const HISTORY_COMMITS = 500;

export interface HistoricBundle {
  /** The commit the bundle files were read from. */
  commit: string;
  files: SealedBundle['files'];
}

export interface HistorySearch {
  found?: HistoricBundle;
  /** Serials seen on the way, newest first: for the error when `found` is not set. */
  serials: string[];
}

async function show(workspace: string, commit: string, path: string): Promise<string | undefined> {
  // `./` makes the path relative to the workspace rather than to the repository's top level.
  const r = await runGit(workspace, ['show', `${commit}:./${path}`]);
  if (r.code !== 0 || r.stdout.length > MAX_BUNDLE_FILE) return undefined;
  return r.stdout;
}

/**
 * Searches the history of `<storeRel>/<name>/certificate.json` in the git repository at
 * `workspace` for the commit whose manifest states `serial`. Throws when git cannot be run there.
 */
export async function findBundleInHistory(
  workspace: string,
  storeRel: string,
  name: string,
  serial: string,
): Promise<HistorySearch> {
  const dir = `${storeRel}/${name}`;
  const log = await runGit(workspace, [
    'log',
    `--max-count=${HISTORY_COMMITS}`,
    '--format=%H',
    '--',
    `${dir}/${BUNDLE_FILES.manifest}`,
  ]);
  if (log.code !== 0) {
    throw new Error(
      `cannot read the git history of ${dir} in ${workspace}: ${log.stderr.trim() || `git exited ${log.code}`}`,
    );
  }
  const serials: string[] = [];
  for (const commit of log.stdout.split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l))) {
    const text = await show(workspace, commit, `${dir}/${BUNDLE_FILES.manifest}`);
    if (text === undefined) continue;
    let stated: string;
    try {
      stated = parseManifest(text, `${commit}:${dir}/${BUNDLE_FILES.manifest}`).serial;
    } catch {
      continue; // a broken manifest in history is no candidate
    }
    if (!serials.includes(stated)) serials.push(stated);
    if (stated !== serial) continue;
    const [fullchain, key] = await Promise.all([
      show(workspace, commit, `${dir}/${BUNDLE_FILES.fullchain}`),
      show(workspace, commit, `${dir}/${BUNDLE_FILES.key}`),
    ]);
    if (fullchain === undefined) continue;
    return {
      found: {
        commit,
        files: {
          [BUNDLE_FILES.manifest]: text,
          [BUNDLE_FILES.fullchain]: fullchain,
          [BUNDLE_FILES.key]: key ?? '',
        } as SealedBundle['files'],
      },
      serials,
    };
  }
  return { serials };
}
