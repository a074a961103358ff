/**
 * One commit through GitHub's git data API (tree, commit, ref), made by the token's identity
 * without a local checkout. File contents travel inline in the create-tree request (our bundle
 * files are all text), so N changed files cost one write instead of N blob writes, and the
 * throttled client (one write per second) keeps a renewal of hundreds of certificates in seconds.
 * A deletion is an entry with `sha: null` on a path of the base tree (guard state cleared after a
 * success). The branch is moved without force: if someone pushed in the meantime GitHub answers 422, and the
 * commit is rebuilt on top of their work and tried again. A 422 while the branch did not move is a
 * rule of the repository (protection, ruleset): that fails at once with GitHub's message.
 */
import type { GitHubSettings } from '../config/settings.js';
import type { Logger } from '../util/log.js';
import { gitBlobSha, type StoreChange } from './files.js';
import { explainGitHubError, type GitHubClient, httpStatus } from './github-client.js';

export interface BuiltCommit {
  /** The new commit, or undefined when the parent already has every file as given. */
  sha?: string;
  parent: string;
  /** Repository paths whose content differs from the parent. */
  changed: string[];
}

export interface BranchCommit extends BuiltCommit {
  attempts: number;
}

/** How often a commit is rebuilt on a branch that keeps moving before giving up. */
export const MAX_ATTEMPTS = 5;

/**
 * Most files and content bytes sent in one create-tree request. GitHub times out on big trees
 * ("your input was too large to process", 422 or 502; reported from about 200 files or 2.5 MB), and
 * says to build the tree incrementally: bigger changes become a chain of trees, each on the last,
 * and still one commit. A sealed bundle is 3 files of a few KB, so 50 certificates fit in one.
 */
export const TREE_LIMITS = { files: 150, bytes: 1024 * 1024 };

/** Splits `files` into create-tree requests within `limits`, in order; a lone oversize file gets its own. */
export function treeChunks<F extends StoreChange>(files: F[], limits = TREE_LIMITS): F[][] {
  const chunks: F[][] = [];
  let current: F[] = [];
  let bytes = 0;
  for (const file of files) {
    const size = file.content === null ? 0 : Buffer.byteLength(file.content, 'utf8');
    if (current.length > 0 && (current.length >= limits.files || bytes + size > limits.bytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** GitHub's answer to a tree it could not build in time: worth retrying in smaller pieces. */
function treeTooBig(error: unknown): boolean {
  const status = httpStatus(error);
  if (status === 502 || status === 504) return true;
  const message = (error as { message?: string } | undefined)?.message ?? '';
  return status === 422 && /timed out|too large/i.test(message);
}

export class GitData {
  constructor(
    readonly client: GitHubClient,
    readonly gh: GitHubSettings,
    readonly log: Logger,
  ) {}

  private get repo() {
    return { owner: this.gh.owner, repo: this.gh.repo };
  }

  /** The branch's head commit, or undefined when the branch does not exist. */
  async branchHead(branch: string): Promise<string | undefined> {
    try {
      const { data } = await this.client.rest.git.getRef({ ...this.repo, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (error) {
      if (httpStatus(error) === 404) return undefined;
      throw explainGitHubError(error, `read branch ${branch}`, this.gh, 'contents: write');
    }
  }

  /**
   * Builds (but does not publish) a commit of `files` on top of `parent`. Nothing is written when
   * the parent already holds every file byte for byte (compared by blob SHA, computed locally).
   */
  async build(
    parent: string,
    files: StoreChange[],
    message: string,
    storePath: string,
  ): Promise<BuiltCommit> {
    const { data: parentCommit } = await this.client.rest.git
      .getCommit({ ...this.repo, commit_sha: parent })
      .catch((error: unknown) => {
        throw explainGitHubError(error, `read commit ${parent}`, this.gh, 'contents: write');
      });
    const existing = await this.readStore(parentCommit.tree.sha, storePath);
    if (!existing)
      this.log.debug(`the tree of ${storePath} is too big to list in one call; sending every file`);
    const changed = files.filter((f) =>
      // A deletion of a path the parent lacks changes nothing (GitHub would refuse it).
      f.content === null ? (existing?.has(f.path) ?? true) : existing?.get(f.path) !== gitBlobSha(f.content),
    );
    if (changed.length === 0) return { parent, changed: [] };

    let tree = parentCommit.tree.sha;
    const chunks = treeChunks(changed);
    for (const [i, chunk] of chunks.entries()) {
      if (chunks.length > 1) this.log.debug(`tree ${i + 1}/${chunks.length}: ${chunk.length} file(s)`);
      tree = await this.writeTree(tree, chunk);
    }
    // Only reachable when the store listing was truncated: the same tree means nothing changed.
    if (tree === parentCommit.tree.sha) return { parent, changed: [] };
    await this.verifyTree(tree, changed, storePath);
    const { data: commit } = await this.client.rest.git
      .createCommit({ ...this.repo, message, tree, parents: [parent] })
      .catch((error: unknown) => {
        throw explainGitHubError(error, 'create the commit', this.gh, 'contents: write');
      });
    return { sha: commit.sha, parent, changed: changed.map((f) => f.path) };
  }

  /**
   * One create-tree request: `files` with their content inline on top of `base`. Creating a tree is
   * idempotent (same input, same SHA), so when GitHub gives up on the size, the two halves are sent
   * as a chain instead, down to one file per request.
   */
  private async writeTree(base: string, files: StoreChange[]): Promise<string> {
    const tree = files.map((f) =>
      f.content === null
        ? { path: f.path, mode: '100644' as const, type: 'blob' as const, sha: null }
        : { path: f.path, mode: '100644' as const, type: 'blob' as const, content: f.content },
    );
    try {
      const { data } = await this.client.rest.git.createTree({ ...this.repo, base_tree: base, tree });
      return data.sha;
    } catch (error) {
      if (files.length > 1 && treeTooBig(error)) {
        const half = Math.ceil(files.length / 2);
        this.log.info(
          `GitHub could not build a tree of ${files.length} files in time; sending it as two of ${half} and ${files.length - half}`,
        );
        return this.writeTree(await this.writeTree(base, files.slice(0, half)), files.slice(half));
      }
      const more = files.length > 1 ? ` and ${files.length - 1} more file(s)` : '';
      throw explainGitHubError(error, `upload ${files[0]?.path}${more}`, this.gh, 'contents: write');
    }
  }

  /**
   * Reads back the blob SHAs of the new tree before anything points at it: a file GitHub stored
   * differently from what we sent (encoding, line endings) would break the key's hash binding.
   */
  private async verifyTree(tree: string, changed: StoreChange[], storePath: string): Promise<void> {
    const stored = await this.readStore(tree, storePath);
    if (!stored) return; // too big to list; the manifest's key hash still guards deploys
    for (const file of changed) {
      const expected = file.content === null ? undefined : gitBlobSha(file.content);
      const got = stored.get(file.path);
      if (got !== expected) {
        throw new Error(
          `GitHub stored ${file.path} in tree ${tree} as blob ${got ?? '(missing)'}, expected ${expected ?? '(deleted)'}: content was altered in transit; nothing was committed. Rerun; if it persists, publish with plain git`,
        );
      }
    }
  }

  private readStore(tree: string, storePath: string): Promise<Map<string, string> | undefined> {
    return this.storeBlobs(tree, storePath).catch((error: unknown) => {
      throw explainGitHubError(error, `read the tree of ${storePath}`, this.gh, 'contents: write');
    });
  }

  /**
   * Path -> blob SHA for everything under `storePath` in `rootTree`. Walks down one folder at a
   * time and reads only the store recursively, so a big repository costs a few small requests.
   * Undefined when GitHub truncates the listing (more than it lists in one answer).
   */
  private async storeBlobs(rootTree: string, storePath: string): Promise<Map<string, string> | undefined> {
    const blobs = new Map<string, string>();
    let tree = rootTree;
    for (const segment of storePath.split('/')) {
      const { data } = await this.client.rest.git.getTree({ ...this.repo, tree_sha: tree });
      const entry = data.tree.find((e) => e.path === segment && e.type === 'tree');
      if (!entry?.sha) return blobs; // the store folder does not exist yet
      tree = entry.sha;
    }
    const { data } = await this.client.rest.git.getTree({ ...this.repo, tree_sha: tree, recursive: '1' });
    if (data.truncated) return undefined;
    for (const e of data.tree)
      if (e.type === 'blob' && e.path && e.sha) blobs.set(`${storePath}/${e.path}`, e.sha);
    return blobs;
  }

  /**
   * Moves an existing branch. Without force GitHub refuses anything but a fast forward (422); but
   * branch protection and rulesets answer 422 too ("Repository rule violations found"). So a 422
   * is a conflict only when the branch really moved away from `from` (the head the commit was
   * built on); otherwise it is GitHub's refusal, explained with what to change.
   */
  async moveBranch(
    branch: string,
    sha: string,
    force: boolean,
    from?: string,
  ): Promise<'moved' | 'conflict'> {
    try {
      await this.client.rest.git.updateRef({ ...this.repo, ref: `heads/${branch}`, sha, force });
      return 'moved';
    } catch (error) {
      if (httpStatus(error) === 422 && !force && from !== undefined) {
        const now = await this.branchHead(branch);
        if (now !== from) return 'conflict';
      }
      throw this.refusedRef(error, `move branch ${branch}`, branch);
    }
  }

  async createBranch(branch: string, sha: string): Promise<'created' | 'exists'> {
    try {
      await this.client.rest.git.createRef({ ...this.repo, ref: `refs/heads/${branch}`, sha });
      return 'created';
    } catch (error) {
      if (httpStatus(error) === 422 && (await this.branchHead(branch))) return 'exists';
      throw this.refusedRef(error, `create branch ${branch}`, branch);
    }
  }

  /** GitHub's own words for a refused ref change, and what the user can change. */
  private refusedRef(error: unknown, doing: string, branch: string): Error {
    const explained = explainGitHubError(error, doing, this.gh, 'contents: write');
    if (httpStatus(error) !== 422) return explained;
    const advice =
      branch === this.gh.baseBranch
        ? `${branch} is protected (a ruleset or branch protection): use publish: pull-request, or let the token's identity bypass the rule (ruleset bypass list, or "Allow specified actors to bypass required pull requests")`
        : `a ruleset or branch protection covers ${branch}: exclude certflow's branch from the rule (or choose another pr-branch), or let the token's identity bypass it`;
    return new Error(`${explained.message}. ${advice}`);
  }

  /**
   * Commits `files` on `branch` (which must exist), retrying on top of whatever another writer
   * pushed meanwhile. Never forces: their commits stay, ours goes on top.
   */
  async commitOnBranch(
    branch: string,
    files: StoreChange[],
    message: string,
    storePath: string,
  ): Promise<BranchCommit> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const head = await this.branchHead(branch);
      if (!head)
        throw new Error(`GitHub: branch ${branch} does not exist in ${this.gh.owner}/${this.gh.repo}`);
      const built = await this.build(head, files, message, storePath);
      if (!built.sha) return { ...built, attempts: attempt };
      if ((await this.moveBranch(branch, built.sha, false, head)) === 'moved')
        return { ...built, attempts: attempt };
      this.log.info(
        `branch ${branch} moved while committing (attempt ${attempt}); rebuilding on top of the new head`,
      );
    }
    throw new Error(
      `GitHub: branch ${branch} in ${this.gh.owner}/${this.gh.repo} kept moving; gave up after ${MAX_ATTEMPTS} attempts without overwriting anything. Rerun when pushes settle`,
    );
  }
}
