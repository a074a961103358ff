/**
 * Which stored certificates changed since a revision, read from git in the workspace. `deploy`
 * runs exec hooks only for those (or forced ones): a hook that imports into a CDN or a cloud store
 * must not run for a certificate that did not change. The answer comes from the commits, not from
 * the working tree, so it says what the push that triggered the deploy brought.
 */
import { isAbsolute, posix } from 'node:path';
import { BUNDLE_FILES } from '../store/read.js';
import { runGit } from '../util/git.js';

/** A push that created the branch has an all-zero `before`. */
export function isZeroRevision(rev: string): boolean {
  return /^0+$/.test(rev);
}

/**
 * `store.path` as git prints paths relative to the workspace ("certificates", "infra/certs"), or
 * undefined when it is not inside the workspace (then git cannot say anything about it).
 */
export function storePrefix(storePath: string): string | undefined {
  const slashed = storePath.replace(/\\/g, '/');
  if (isAbsolute(slashed)) return undefined;
  const normal = posix.normalize(slashed).replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) return undefined;
  return normal === '.' ? '' : normal;
}

/**
 * Bundle names from git's NUL-separated path list (`--name-only -z`, paths relative to the
 * workspace). A certificate changed when its chain or its encrypted key changed, was added or
 * was removed: a manifest-only change (failure history, back-off) is not a new certificate.
 */
export function changedBundleNames(output: string, storePath: string): string[] {
  const prefix = storePrefix(storePath);
  if (prefix === undefined) return [];
  const markers = new Set<string>([BUNDLE_FILES.fullchain, BUNDLE_FILES.key]);
  const names = new Set<string>();
  for (const path of output.split('\0')) {
    const rest = prefix === '' ? path : path.startsWith(`${prefix}/`) ? path.slice(prefix.length + 1) : '';
    const parts = rest.split('/');
    if (parts.length === 2 && parts[0] && markers.has(parts[1] ?? '')) names.add(parts[0]);
  }
  return [...names].sort();
}

/**
 * Names of the bundles under `storePath` whose certificate differs between `since` and HEAD
 * (`git diff --name-only <since> HEAD -- <store>`, run in `workspace`). An all-zero `since` lists
 * every bundle in HEAD: the push created the branch, so each one is new to it. Throws an error
 * that says what to do when git cannot answer (not a repository, `since` not fetched).
 */
export async function changedBundles(workspace: string, storePath: string, since: string): Promise<string[]> {
  const prefix = storePrefix(storePath);
  if (prefix === undefined) {
    throw new Error(
      `store.path ${storePath} is outside the repository, so git cannot tell which certificates changed; keep the store inside the repository`,
    );
  }
  if (since.startsWith('-')) throw new Error(`'${since}' is not a revision`);
  const where = prefix === '' ? '.' : prefix;
  // --relative: paths relative to the workspace even when it is below the repository's top.
  const args = isZeroRevision(since)
    ? ['ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', where]
    : ['diff', '--name-only', '-z', '--no-renames', '--relative', since, 'HEAD', '--', where];
  const result = await runGit(workspace, args);
  if (result.code !== 0) {
    const said = result.stderr.trim().split('\n')[0] || `git exited with code ${result.code}`;
    const fetch = /bad (object|revision)|unknown revision|ambiguous argument/i.test(said)
      ? ': the checkout must hold that commit; with actions/checkout set fetch-depth: 0, elsewhere fetch it (git fetch origin <commit>)'
      : '';
    throw new Error(`git cannot compare ${since} with HEAD in ${workspace} (${said})${fetch}`);
  }
  return changedBundleNames(result.stdout, storePath);
}
