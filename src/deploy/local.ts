/**
 * The deploy phases on this machine: a HostSession over the local filesystem and `sh -c`, for the
 * pull-mode agent. Same contract as the SSH session (transport.ts), so check, stage, swap,
 * validate, reload, verify and rollback are the very code an SSH deploy runs, not a copy.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chown, link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { errorMessage } from '../util/errors.js';
import type { ExecResult, HostSession, RemoteFileState, RemoteStat } from './transport.js';

export interface LocalSessionOptions {
  /** Time limit of each command (validate, reload); the command's process group is killed after it. */
  commandTimeoutMs: number;
  /** Environment of validate and reload (the agent passes a minimal one). */
  env: NodeJS.ProcessEnv;
}

const notFound = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

export class LocalSession implements HostSession {
  readonly label = 'localhost';

  constructor(private readonly options: LocalSessionOptions) {}

  exec(command: string, options: { onStdout?: (chunk: Buffer) => void } = {}): Promise<ExecResult> {
    return new Promise((resolve) => {
      // Own process group, so a timeout stops what the command started too (a reload's children).
      const child = spawn('sh', ['-c', command], {
        env: this.options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, this.options.commandTimeoutMs);
      child.stdout.on('data', (c: Buffer) => {
        out.push(c);
        options.onStdout?.(c);
      });
      child.stderr.on('data', (c: Buffer) => err.push(c));
      const finish = (code: number | null, spawnError?: string) => {
        clearTimeout(timer);
        resolve({
          code: timedOut ? null : code,
          stdout: timedOut ? '' : Buffer.concat(out).toString(),
          stderr: timedOut ? '' : (spawnError ?? Buffer.concat(err).toString()),
          timedOut,
        });
      };
      child.on('error', (e) => finish(null, `cannot run sh: ${e.message}`));
      child.on('close', (code) => finish(code));
    });
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    try {
      return await readFile(path);
    } catch (error) {
      if (notFound(error)) return undefined;
      throw new Error(`reading ${path}: ${errorMessage(error)}`);
    }
  }

  async stat(path: string): Promise<RemoteStat | undefined> {
    try {
      // Follows a symlink at the live path, as SFTP stat does.
      const s = await stat(path);
      return { mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size };
    } catch (error) {
      if (notFound(error)) return undefined;
      throw new Error(`stat ${path}: ${errorMessage(error)}`);
    }
  }

  async fileState(path: string): Promise<RemoteFileState | undefined> {
    const [data, st] = await Promise.all([this.readFile(path), this.stat(path)]);
    if (!data || !st) return undefined;
    return { ...st, sha256: createHash('sha256').update(data).digest('hex') };
  }

  async makeDir(path: string): Promise<void> {
    try {
      await mkdir(path, { recursive: true, mode: 0o755 });
    } catch (error) {
      throw new Error(`creating ${path}: ${errorMessage(error)}`);
    }
  }

  async readdir(path: string): Promise<string[] | undefined> {
    try {
      return await readdir(path);
    } catch (error) {
      if (notFound(error)) return undefined;
      throw new Error(`listing ${path}: ${errorMessage(error)}`);
    }
  }

  async writeNewFile(path: string, data: Buffer, mode: number): Promise<void> {
    // 'wx' (O_CREAT|O_EXCL): a planted file or symlink at the temp name is an error, never followed.
    const handle = await open(path, 'wx', mode).catch((error) => {
      throw new Error(`writing ${path}: ${errorMessage(error)}`);
    });
    try {
      await handle.chmod(mode); // the umask may have narrowed the mode given at open
      await handle.writeFile(data);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw new Error(`writing ${path}: ${errorMessage(error)}`);
    }
    await handle.close();
  }

  async link(existing: string, newPath: string): Promise<void> {
    await link(existing, newPath).catch((error) => {
      throw new Error(`linking ${existing} to ${newPath}: ${errorMessage(error)}`);
    });
  }

  async rename(from: string, to: string): Promise<void> {
    await rename(from, to).catch((error) => {
      throw new Error(`renaming ${from} to ${to}: ${errorMessage(error)}`);
    });
  }

  async unlink(path: string): Promise<void> {
    await unlink(path).catch((error) => {
      if (!notFound(error)) throw new Error(`removing ${path}: ${errorMessage(error)}`);
    });
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    await chown(path, uid, gid).catch((error) => {
      throw new Error(`chown ${uid}:${gid} ${path}: ${errorMessage(error)}`);
    });
  }

  async close(): Promise<void> {}
}
