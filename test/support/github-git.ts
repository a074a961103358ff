/**
 * The git object store behind the local GitHub server: a real bare repository, driven with git's
 * plumbing commands, so blob/tree/commit SHAs are the ones GitHub would give and refs move with
 * an old-value check exactly where GitHub would refuse a concurrent update.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  path: string;
  size?: number;
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
}

export class GitError extends Error {
  readonly stderr: string;
  constructor(message: string, stderr: string) {
    super(message);
    this.stderr = stderr;
  }
}

export class BareRepo {
  readonly dir: string;
  /** A repository the caller owns (`open`): never removed. */
  private readonly kept: boolean;
  private constructor(dir: string, kept = false) {
    this.dir = dir;
    this.kept = kept;
  }

  /**
   * An existing repository for manual trials (`npm run github-server -- --repo DIR`): its git
   * directory (DIR/.git for a checkout, DIR itself when bare), or a new bare repository at DIR.
   */
  static async open(dir: string, defaultBranch: string): Promise<BareRepo> {
    if (existsSync(join(dir, '.git'))) return new BareRepo(join(dir, '.git'), true);
    if (existsSync(join(dir, 'HEAD'))) return new BareRepo(dir, true);
    const repo = new BareRepo(dir, true);
    await repo.git(['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, dir]);
    return repo;
  }

  static async create(defaultBranch: string): Promise<BareRepo> {
    const dir = await mkdtemp(join(tmpdir(), 'certflow-gh-repo-'));
    const repo = new BareRepo(dir);
    await repo.git(['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, dir]);
    return repo;
  }

  git(args: string[], input?: string | Buffer, env: Record<string, string> = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        args,
        {
          env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', GIT_DIR: this.dir, HOME: this.dir, ...env },
          encoding: 'buffer',
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          if (error)
            reject(new GitError(`git ${args[0]} failed: ${stderr.toString().trim()}`, stderr.toString()));
          else resolve(stdout.toString('latin1'));
        },
      );
      // Commands that do not read stdin may exit before it is written: ignore EPIPE there.
      child.stdin?.on('error', () => {});
      child.stdin?.end(input ?? '');
    });
  }

  async hashObject(content: Buffer): Promise<string> {
    return (await this.git(['hash-object', '-w', '--stdin'], content)).trim();
  }

  /**
   * Writes many blobs with one `git hash-object -w` (a process per blob is slow on big trees);
   * returns their SHAs in order. Contents are hashed as raw bytes, no filters.
   */
  async hashObjects(contents: Buffer[]): Promise<string[]> {
    if (contents.length === 0) return [];
    const dir = await mkdtemp(join(tmpdir(), 'certflow-gh-blobs-'));
    try {
      const paths = contents.map((_, i) => join(dir, String(i)));
      await Promise.all(contents.map((c, i) => writeFile(paths[i] as string, c)));
      const out = await this.git(['hash-object', '-w', '--no-filters', '--', ...paths]);
      const shas = out.trim().split('\n');
      if (shas.length !== contents.length)
        throw new Error(`hash-object wrote ${shas.length} of ${contents.length} blobs`);
      return shas;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async objectType(sha: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return undefined;
    return (await this.git(['cat-file', '-t', sha]).catch(() => '')).trim() || undefined;
  }

  async readBlob(sha: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        ['cat-file', 'blob', sha],
        {
          env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', GIT_DIR: this.dir },
          encoding: 'buffer',
          maxBuffer: 64 << 20,
        },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
    });
  }

  /** Entries of a tree: one level, or every blob and subtree when recursive. */
  async lsTree(sha: string, recursive: boolean): Promise<TreeEntry[]> {
    const out = await this.git(['ls-tree', '-l', '-z', ...(recursive ? ['-r', '-t'] : []), sha]);
    return out
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const [meta = '', path = ''] = line.split('\t');
        const [mode = '', type = '', objectSha = '', size = '-'] = meta.split(/\s+/);
        return {
          mode,
          type: type as TreeEntry['type'],
          sha: objectSha,
          path: Buffer.from(path, 'latin1').toString('utf8'),
          ...(size !== '-' ? { size: Number(size) } : {}),
        };
      });
  }

  /** Writes one tree from its direct entries (paths are single names here). */
  async mktree(entries: TreeEntry[]): Promise<string> {
    const input = entries.map((e) => `${e.mode} ${e.type} ${e.sha}\t${e.path}\0`).join('');
    return (await this.git(['mktree', '-z'], Buffer.from(input, 'utf8'))).trim();
  }

  /**
   * GitHub's create-tree: `base` (if any) with `changes` applied; a change's path may be nested, a
   * null sha deletes. Every directory on the way is rebuilt, bottom-up.
   */
  async buildTree(
    base: string | undefined,
    changes: Array<{ path: string; mode: string; type: TreeEntry['type']; sha: string | null }>,
  ): Promise<string> {
    const files = new Map<string, TreeEntry>();
    if (base) {
      for (const e of await this.lsTree(base, true)) if (e.type !== 'tree') files.set(e.path, e);
    }
    for (const c of changes) {
      if (c.sha === null) {
        files.delete(c.path);
        for (const key of [...files.keys()]) if (key.startsWith(`${c.path}/`)) files.delete(key);
      } else if (c.type === 'tree') {
        for (const e of await this.lsTree(c.sha, true))
          if (e.type !== 'tree') files.set(`${c.path}/${e.path}`, e);
      } else {
        files.set(c.path, { mode: c.mode, type: c.type, sha: c.sha, path: c.path });
      }
    }
    const batch = this.mktreeBatch();
    try {
      return await this.writeNested('', files, batch);
    } finally {
      await batch.close();
    }
  }

  /**
   * One `git mktree -z --batch` for all the trees of a build (a process per folder made a tree of
   * 1,000 bundles cost 1,000 processes): a tree's entries then an empty record, its SHA back on a
   * line, in order.
   */
  private mktreeBatch(): { make(entries: TreeEntry[]): Promise<string>; close(): Promise<void> } {
    const child = spawn('git', ['mktree', '-z', '--batch'], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', GIT_DIR: this.dir, HOME: this.dir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const waiting: Array<{ resolve: (sha: string) => void; reject: (e: Error) => void }> = [];
    let stderr = '';
    let buffered = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString('latin1');
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        waiting.shift()?.resolve(buffered.slice(0, nl).trim());
        buffered = buffered.slice(nl + 1);
      }
    });
    const exited = new Promise<void>((resolve) =>
      child.on('close', (code) => {
        for (const w of waiting.splice(0))
          w.reject(new GitError(`git mktree failed (${code}): ${stderr.trim()}`, stderr));
        resolve();
      }),
    );
    child.stdin.on('error', () => {});
    return {
      make: (entries) =>
        new Promise<string>((resolve, reject) => {
          waiting.push({ resolve, reject });
          const input = entries.map((e) => `${e.mode} ${e.type} ${e.sha}\t${e.path}\0`).join('');
          // An empty tree is written as a lone empty record, which --batch would take as "no tree".
          if (entries.length === 0) {
            waiting.pop();
            this.mktree([]).then(resolve, reject);
            return;
          }
          child.stdin.write(Buffer.from(`${input}\0`, 'utf8'));
        }),
      close: async () => {
        child.stdin.end();
        await exited;
      },
    };
  }

  private async writeNested(
    prefix: string,
    files: Map<string, TreeEntry>,
    batch: { make(entries: TreeEntry[]): Promise<string> },
  ): Promise<string> {
    const direct: TreeEntry[] = [];
    const subdirs = new Set<string>();
    for (const path of files.keys()) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) {
        const e = files.get(path) as TreeEntry;
        direct.push({ ...e, path: rest });
      } else subdirs.add(rest.slice(0, slash));
    }
    for (const dir of subdirs) {
      direct.push({
        mode: '040000',
        type: 'tree',
        sha: await this.writeNested(`${prefix}${dir}/`, files, batch),
        path: dir,
      });
    }
    return batch.make(direct);
  }

  async commitTree(
    tree: string,
    parents: string[],
    message: string,
    who: { name: string; email: string; date?: string },
  ): Promise<string> {
    const date = who.date ?? new Date().toISOString();
    const env = {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_COMMITTER_DATE: date,
    };
    const args = ['commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
    return (await this.git(args, message, env)).trim();
  }

  async readCommit(sha: string): Promise<CommitInfo> {
    const raw = Buffer.from(await this.git(['cat-file', 'commit', sha]), 'latin1').toString('utf8');
    const [head = '', ...rest] = raw.split('\n\n');
    const info: CommitInfo = {
      sha,
      tree: '',
      parents: [],
      message: rest.join('\n\n'),
      author: { name: '', email: '', date: '' },
      committer: { name: '', email: '', date: '' },
    };
    for (const line of head.split('\n')) {
      const [key, ...words] = line.split(' ');
      const value = words.join(' ');
      if (key === 'tree') info.tree = value;
      else if (key === 'parent') info.parents.push(value);
      else if (key === 'author' || key === 'committer') {
        const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(value);
        if (m)
          info[key] = {
            name: m[1] ?? '',
            email: m[2] ?? '',
            date: new Date(Number(m[3]) * 1000).toISOString(),
          };
      }
    }
    return info;
  }

  async resolveRef(ref: string): Promise<string | undefined> {
    const out = await this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '');
    return out.trim() || undefined;
  }

  /**
   * Moves `ref` to `sha` only if it still points at `expected` (empty string: must not exist).
   * Returns false when someone else moved it first.
   */
  async updateRef(ref: string, sha: string, expected: string): Promise<boolean> {
    try {
      await this.git(['update-ref', ref, sha, expected]);
      return true;
    } catch {
      return false;
    }
  }

  async deleteRef(ref: string): Promise<void> {
    await this.git(['update-ref', '-d', ref]);
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await this.git(['merge-base', '--is-ancestor', ancestor, descendant]);
      return true;
    } catch {
      return false;
    }
  }

  async remove(): Promise<void> {
    if (this.kept) return;
    await rm(this.dir, { recursive: true, force: true });
  }
}
