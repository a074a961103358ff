/**
 * One commit through GitHub's git data API (blobs, tree, commit, ref), made by the token's
 * identity without a local checkout. The branch is moved without force: if someone pushed in the
 * meantime GitHub answers 422, and the commit is rebuilt on top of their work and tried again.
 */
import type { GitHubSettings } from '../config/settings.js';
import type { Logger } from '../util/log.js';
import { type BundleFile, gitBlobSha } from './files.js';
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

export class GitData {
  private readonly uploaded = new Set<string>();
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
   * Builds (but does not publish) a commit of `files` on top of `parent`. Nothing is uploaded when
   * the parent already holds every file byte for byte.
   */
  async build(parent: string, files: BundleFile[], message: string, storePath: string): Promise<BuiltCommit> {
    const { data: parentCommit } = await this.client.rest.git
      .getCommit({ ...this.repo, commit_sha: parent })
      .catch((error: unknown) => {
        throw explainGitHubError(error, `read commit ${parent}`, this.gh, 'contents: write');
      });
    const existing = await this.storeBlobs(parentCommit.tree.sha, storePath).catch((error: unknown) => {
      throw explainGitHubError(error, `read the tree of ${storePath}`, this.gh, 'contents: write');
    });
    const changed = files.filter((f) => existing.get(f.path) !== gitBlobSha(f.content));
    if (changed.length === 0) return { parent, changed: [] };

    const entries = [];
    for (const file of changed) {
      const expected = gitBlobSha(file.content);
      if (!this.uploaded.has(expected)) {
        const { data } = await this.client.rest.git
          .createBlob({ ...this.repo, content: file.content, encoding: 'utf-8' })
          .catch((error: unknown) => {
            throw explainGitHubError(error, `upload ${file.path}`, this.gh, 'contents: write');
          });
        if (data.sha !== expected) {
          throw new Error(
            `GitHub stored ${file.path} as blob ${data.sha}, expected ${expected}: content was altered in transit`,
          );
        }
        this.uploaded.add(expected);
      }
      entries.push({ path: file.path, mode: '100644' as const, type: 'blob' as const, sha: expected });
    }
    const { data: tree } = await this.client.rest.git
      .createTree({ ...this.repo, base_tree: parentCommit.tree.sha, tree: entries })
      .catch((error: unknown) => {
        throw explainGitHubError(error, 'create the tree', this.gh, 'contents: write');
      });
    const { data: commit } = await this.client.rest.git
      .createCommit({ ...this.repo, message, tree: tree.sha, parents: [parent] })
      .catch((error: unknown) => {
        throw explainGitHubError(error, 'create the commit', this.gh, 'contents: write');
      });
    return { sha: commit.sha, parent, changed: changed.map((f) => f.path) };
  }

  /**
   * Path -> blob SHA for everything under `storePath` in `rootTree`. Walks down one folder at a
   * time and reads only the store recursively, so a big repository costs a few small requests.
   */
  private async storeBlobs(rootTree: string, storePath: string): Promise<Map<string, string>> {
    const blobs = new Map<string, string>();
    let tree = rootTree;
    for (const segment of storePath.split('/')) {
      const { data } = await this.client.rest.git.getTree({ ...this.repo, tree_sha: tree });
      const entry = data.tree.find((e) => e.path === segment && e.type === 'tree');
      if (!entry?.sha) return blobs; // the store folder does not exist yet
      tree = entry.sha;
    }
    const { data } = await this.client.rest.git.getTree({ ...this.repo, tree_sha: tree, recursive: '1' });
    if (data.truncated) {
      this.log.debug(`the tree of ${storePath} is too big to list in one call; uploading every file`);
      return blobs;
    }
    for (const e of data.tree)
      if (e.type === 'blob' && e.path && e.sha) blobs.set(`${storePath}/${e.path}`, e.sha);
    return blobs;
  }

  /** Moves an existing branch; without force GitHub refuses anything but a fast forward (422). */
  async moveBranch(branch: string, sha: string, force: boolean): Promise<'moved' | 'conflict'> {
    try {
      await this.client.rest.git.updateRef({ ...this.repo, ref: `heads/${branch}`, sha, force });
      return 'moved';
    } catch (error) {
      if (httpStatus(error) === 422 && !force) return 'conflict';
      throw explainGitHubError(error, `move branch ${branch}`, this.gh, 'contents: write');
    }
  }

  async createBranch(branch: string, sha: string): Promise<'created' | 'exists'> {
    try {
      await this.client.rest.git.createRef({ ...this.repo, ref: `refs/heads/${branch}`, sha });
      return 'created';
    } catch (error) {
      if (httpStatus(error) === 422) return 'exists';
      throw explainGitHubError(error, `create branch ${branch}`, this.gh, 'contents: write');
    }
  }

  /**
   * Commits `files` on `branch` (which must exist), retrying on top of whatever another writer
   * pushed meanwhile. Never forces: their commits stay, ours goes on top.
   */
  async commitOnBranch(
    branch: string,
    files: BundleFile[],
    message: string,
    storePath: string,
  ): Promise<BranchCommit> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const head = await this.branchHead(branch);
      if (!head)
        throw new Error(`GitHub: branch ${branch} does not exist in ${this.gh.owner}/${this.gh.repo}`);
      const built = await this.build(head, files, message, storePath);
      if (!built.sha) return { ...built, attempts: attempt };
      if ((await this.moveBranch(branch, built.sha, false)) === 'moved')
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
