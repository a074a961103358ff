/**
 * Guard state in `publish: pull-request` mode (issue 14). The other modes commit a failure's
 * history and back-off to the base branch with the bundles; a pull request would bring them there
 * only through review, and a CI job starts from a fresh checkout, so without somewhere else to keep
 * them a broken DNS setup would be retried at every run.
 *
 * They live on a branch of their own (`certflow/state` by default): one `state.json` per
 * certificate, at the same path as in the store (`certificates/www/state.json`), and nothing else.
 * It is written through the git data API (tree, commit, ref; never a checkout), never merged, and
 * its history starts from a root commit unrelated to the base branch. At the start of a plan the
 * files are copied into the working tree's store, where the plan and the guard read state.json
 * as they do in every mode.
 *
 * Anyone with push access can edit the branch: at worst they hold a certificate back or lift a
 * back-off, which they could do on the base branch as well. Only configured certificates' files
 * are read, and each is checked against the state schema when it is read.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '../config/settings.js';
import type { AriWindow, Manifest } from '../model.js';
import { readBlob, readTreeFiles } from '../plan/pending.js';
import { storePathInRepo } from '../publish/files.js';
import {
  type ClientOptions,
  createGitHubClient,
  explainGitHubError,
  type GitHubClient,
  httpStatus,
} from '../publish/github-client.js';
import { parseManifest } from '../store/manifest.js';
import { storeDir } from '../store/read.js';
import type { SealedBundle } from '../store/seal.js';
import { writeFileAtomic } from '../store/write.js';
import type { Logger } from '../util/log.js';
import type { GuardHistory } from './history.js';
import {
  GUARD_STATE_FILE,
  guardStatePath,
  parseGuardState,
  readGuardStateFile,
  serializeGuardState,
} from './state.js';

/** ARI windows the CA moved, to keep in state.json (src/pipeline/ari-writeback.ts). */
export type StateWindows = Array<{ name: string; certId: string; after: AriWindow }>;

/** The state branch is used: pull-request mode with GitHub. */
export function usesStateBranch(settings: Settings): boolean {
  return settings.publish === 'pull-request' && !!settings.github;
}

/**
 * Copies the state branch's state.json files of configured certificates into the working tree's
 * store (overwriting: the branch is newer than any checkout). Nothing when the branch is absent.
 */
export async function loadStateBranch(
  settings: Settings,
  log: Logger,
  client?: ClientOptions,
): Promise<number> {
  const gh = settings.github;
  if (!usesStateBranch(settings) || !gh) return 0;
  const api = await createGitHubClient(gh, log, client);
  const head = await branchHead(api, settings);
  if (!head) return 0;
  const storePath = storePathInRepo(settings);
  const files = await readTreeFiles(api, gh, head, storePath);
  const dir = storeDir(settings);
  let loaded = 0;
  for (const name of Object.keys(settings.config.certificates)) {
    const sha = files.get(`${storePath}/${name}/${GUARD_STATE_FILE}`);
    if (!sha) continue;
    await mkdir(join(dir, name), { recursive: true, mode: 0o755 });
    await writeFileAtomic(guardStatePath(dir, name), await readBlob(api, gh, sha));
    loaded++;
  }
  log.debug(`state branch ${settings.stateBranch}: ${loaded} certificate(s) with guard state`);
  return loaded;
}

/** The state.json text for a failure recorded in `file` (a state.json or a certificate.json). */
async function stateText(name: string, file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  if (file.endsWith(GUARD_STATE_FILE)) return text;
  const m: Manifest = parseManifest(text, file);
  return serializeGuardState(name, {
    history: m.history ?? [],
    ...(m.backoff ? { backoff: m.backoff } : {}),
  });
}

/**
 * Writes the guard state of this run to the state branch: each failure's history and back-off,
 * and for each renewed certificate its history without back-off (the success lifts it). One
 * commit; nothing when the branch already holds the same files. Returns the commit, if any.
 */
export async function saveStateBranch(
  settings: Settings,
  failures: Array<{ name: string; file: string }>,
  bundles: SealedBundle[],
  log: Logger,
  client?: ClientOptions,
  windows: StateWindows = [],
): Promise<string | undefined> {
  const gh = settings.github;
  if (!usesStateBranch(settings) || !gh || settings.dryRun) return undefined;
  const storePath = storePathInRepo(settings);
  const files = new Map<string, string>();
  for (const b of bundles) {
    files.set(b.name, serializeGuardState(b.name, { history: b.manifest.history ?? [] }));
  }
  for (const f of failures) files.set(f.name, await stateText(f.name, f.file));
  // issue 22: a window the CA moved joins the certificate's state (a renewed one has its own).
  const dir = storeDir(settings);
  for (const w of windows) {
    if (bundles.some((b) => b.name === w.name)) continue;
    const text = files.get(w.name);
    const state: GuardHistory = text
      ? parseGuardState(text, `${w.name}/${GUARD_STATE_FILE}`, w.name)
      : ((await readGuardStateFile(dir, w.name).catch(() => undefined)) ?? { history: [] });
    const content = serializeGuardState(w.name, { ...state, ari: { ...w.after, certId: w.certId } });
    await writeFileAtomic(guardStatePath(dir, w.name), content);
    files.set(w.name, content);
  }
  if (files.size === 0) return undefined;
  const api = await createGitHubClient(gh, log, client);
  const repo = { owner: gh.owner, repo: gh.repo };
  const tree = [...files].map(([name, content]) => ({
    path: `${storePath}/${name}/${GUARD_STATE_FILE}`,
    mode: '100644' as const,
    type: 'blob' as const,
    content,
  }));
  const message = `Guard state: ${[...files.keys()].join(', ')}\n\nWritten by certflow; this branch is never merged.\n`;
  for (let attempt = 1; attempt <= 5; attempt++) {
    const head = await branchHead(api, settings);
    try {
      const parent = head ? (await api.rest.git.getCommit({ ...repo, commit_sha: head })).data : undefined;
      const { data: t } = await api.rest.git.createTree({
        ...repo,
        ...(parent ? { base_tree: parent.tree.sha } : {}),
        tree,
      });
      if (parent && t.sha === parent.tree.sha) return undefined;
      const { data: c } = await api.rest.git.createCommit({
        ...repo,
        message,
        tree: t.sha,
        parents: head ? [head] : [],
      });
      if (head)
        await api.rest.git.updateRef({
          ...repo,
          ref: `heads/${settings.stateBranch}`,
          sha: c.sha,
          force: false,
        });
      else await api.rest.git.createRef({ ...repo, ref: `refs/heads/${settings.stateBranch}`, sha: c.sha });
      log.info(
        `guard state of ${[...files.keys()].join(', ')} written to ${settings.stateBranch} (${c.sha})`,
      );
      return c.sha;
    } catch (error) {
      // 422: the branch moved (or appeared) meanwhile; build again on its new head.
      if (httpStatus(error) === 422 && attempt < 5) continue;
      throw explainGitHubError(
        error,
        `write the guard state to ${settings.stateBranch}`,
        gh,
        'contents: write',
      );
    }
  }
  return undefined;
}

async function branchHead(api: GitHubClient, settings: Settings): Promise<string | undefined> {
  const gh = settings.github;
  if (!gh) return undefined;
  try {
    const { data } = await api.rest.git.getRef({
      owner: gh.owner,
      repo: gh.repo,
      ref: `heads/${settings.stateBranch}`,
    });
    return data.object.sha;
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw explainGitHubError(error, `read branch ${settings.stateBranch}`, gh, 'contents: write');
  }
}
