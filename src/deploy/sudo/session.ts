/**
 * A HostSession for `become: sudo`: the SSH user is unprivileged, and every change to the target
 * folders goes through the root-owned helper (host/certflow-sudo) via `sudo -n`. The deploy phases
 * are the same as for root (stage, swap, validate, reload, verify, rollback); only the way each
 * file operation reaches the host differs.
 *
 * File content travels through a private folder of the SSH user (mode 0700, made by mktemp): the
 * file is uploaded there over SFTP with mode 0600, and the helper reads it from stdin, which the SSH
 * user's own shell opens. Root therefore never opens a path the SSH user chose outside the roots.
 */
import {
  type ExecResult,
  type HostSession,
  type RemoteFileState,
  type RemoteStat,
  randomLabel,
  shellQuote,
} from '../transport.js';
import { SUDO_HELPER } from './commands.js';

export interface SudoOptions {
  /** Target folders on the host for this run: each must lie inside one of the helper's roots. */
  dirs: string[];
  /** validate and reload as configured (without sudo): each must be granted without a password. */
  commands: string[];
}

/** Raised before any change when sudo cannot do what the deploy needs. */
export class SudoError extends Error {}

/**
 * Checks, before anything changes on the host, that sudo runs the helper and every command without
 * asking for a password and that the helper's roots cover every target folder; then makes the
 * private staging folder. Rejects with a SudoError that says what to grant.
 */
export async function openSudoSession(
  inner: HostSession,
  user: string,
  options: SudoOptions,
): Promise<HostSession> {
  const probe = await inner.exec(`sudo -n -- ${SUDO_HELPER} probe`);
  if (probe.code !== 0) throw new SudoError(probeProblem(inner.label, user, probe));
  const roots = probe.stdout
    .split('\n')
    .filter((l) => l.startsWith('root '))
    .map((l) => l.slice(5).trim());
  const outside = options.dirs.filter((d) => !roots.some((r) => d.startsWith(`${r}/`)));
  if (outside.length > 0) {
    throw new SudoError(
      `sudo on ${inner.label}: ${outside.join(', ')} not inside the roots of ${SUDO_HELPER} (${roots.join(' ') || 'none'}): set CERTFLOW_ROOTS in it or change files.dir. Nothing was changed on the host.`,
    );
  }
  for (const command of options.commands) {
    // -l with a command: exit 0 only when sudoers grants exactly this command line.
    const r = await inner.exec(`sudo -n -l -- ${command}`);
    if (r.code !== 0) {
      throw new SudoError(
        `sudo on ${inner.label}: \`${command}\` is not granted to ${user} without a password (${lastLine(r)}): add it to the sudoers line (docs/deploy.md). Nothing was changed on the host.`,
      );
    }
  }
  const tmp = await inner.exec('umask 077 && mktemp -d -t certflow-stage.XXXXXXXXXX');
  const dir = tmp.stdout.trim();
  if (tmp.code !== 0 || !dir.startsWith('/')) {
    throw new SudoError(`${inner.label}: could not make a private staging folder: ${lastLine(tmp)}`);
  }
  return new SudoSession(inner, dir);
}

/** The last line of the error output: the helper's or sudo's own reason (after any warnings). */
function lastLine(r: ExecResult): string {
  const text = (r.stderr.trim() || r.stdout.trim() || `exit ${r.code}`).split('\n').pop() as string;
  return r.timedOut ? 'timed out' : text;
}

function probeProblem(label: string, user: string, r: ExecResult): string {
  const why = lastLine(r);
  const fix = /password is required/i.test(why)
    ? `sudo asks ${user} for a password: grant the helper NOPASSWD`
    : /not allowed|may not run|not in the sudoers/i.test(why)
      ? `${user} may not run ${SUDO_HELPER} through sudo`
      : /command not found|no such file/i.test(why)
        ? `${SUDO_HELPER} is not installed`
        : `sudo -n ${SUDO_HELPER} probe failed`;
  return `sudo on ${label}: ${fix} (${why}); see docs/deploy.md for the sudoers line. Nothing was changed on the host.`;
}

class SudoSession implements HostSession {
  readonly label: string;

  constructor(
    private readonly inner: HostSession,
    private readonly stagingDir: string,
  ) {
    this.label = inner.label;
  }

  /** Runs the helper as root; rejects with the helper's own words on a non-zero exit. */
  private async helper(args: string[], what: string, stdinFrom?: string): Promise<string> {
    const redirect = stdinFrom ? ` < ${shellQuote(stdinFrom)}` : '';
    const r = await this.inner.exec(`sudo -n -- ${SUDO_HELPER} ${args.map(shellQuote).join(' ')}${redirect}`);
    if (r.code !== 0) {
      throw new Error(`${this.label}: ${what}: ${r.timedOut ? 'timed out' : lastLine(r)}`);
    }
    return r.stdout;
  }

  lost(): boolean {
    return this.inner.lost?.() ?? false;
  }

  exec(command: string, options?: { onStdout?: (chunk: Buffer) => void }): Promise<ExecResult> {
    return this.inner.exec(command, options);
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    // Nothing in the deploy reads a live file's bytes; the helper never prints them (fileState).
    throw new Error(`${this.label}: reading ${path} is not offered under become: sudo`);
  }

  async fileState(path: string): Promise<RemoteFileState | undefined> {
    const [line] = (await this.helper(['stat', path], `stat ${path}`)).split('\n');
    const [kind, mode, uid, gid, size, sha256] = (line ?? '').split(' ');
    if (kind === 'missing') return undefined;
    if (kind !== 'file' || !sha256) throw new Error(`${this.label}: ${path} is not a regular file (${kind})`);
    return {
      mode: Number.parseInt(mode as string, 8),
      uid: Number(uid),
      gid: Number(gid),
      size: Number(size),
      sha256,
    };
  }

  async stat(path: string): Promise<RemoteStat | undefined> {
    const [line] = (await this.helper(['stat', path], `stat ${path}`)).split('\n');
    const [kind, mode, uid, gid, size] = (line ?? '').split(' ');
    if (kind === 'missing') return undefined;
    return {
      mode: Number.parseInt(mode as string, 8),
      uid: Number(uid),
      gid: Number(gid),
      size: Number(size ?? 0),
    };
  }

  async readdir(path: string): Promise<string[] | undefined> {
    const r = await this.inner.exec(`sudo -n -- ${SUDO_HELPER} list ${shellQuote(path)}`);
    if (r.code === 3) return undefined;
    if (r.code !== 0) throw new Error(`${this.label}: listing ${path}: ${lastLine(r)}`);
    return r.stdout.split('\n').filter((n) => n !== '');
  }

  async makeDir(path: string): Promise<void> {
    await this.helper(['mkdir', path], `creating ${path}`);
  }

  async writeNewFile(path: string, data: Buffer, mode: number): Promise<void> {
    await this.writeNewFileOwned(path, data, mode, undefined);
  }

  async writeNewFileOwned(
    path: string,
    data: Buffer,
    mode: number,
    owner: string | undefined,
  ): Promise<void> {
    const tmp = `${this.stagingDir}/${randomLabel()}`;
    try {
      await this.inner.writeNewFile(tmp, data, 0o600);
      await this.helper(['put', path, `0${mode.toString(8)}`, owner ?? '-'], `writing ${path}`, tmp);
    } finally {
      // The staged copy may hold the private key: gone as soon as root has its own.
      await this.inner.unlink(tmp).catch(() => undefined);
    }
  }

  async link(existing: string, newPath: string): Promise<void> {
    await this.helper(['link', existing, newPath], `linking ${existing} to ${newPath}`);
  }

  async rename(from: string, to: string): Promise<void> {
    await this.helper(['rename', from, to], `renaming ${from} to ${to}`);
  }

  async unlink(path: string): Promise<void> {
    await this.helper(['remove', path], `removing ${path}`);
  }

  async chown(path: string): Promise<void> {
    throw new Error(
      `${this.label}: chown of ${path} is not offered under become: sudo (owner is set at creation)`,
    );
  }

  async close(): Promise<void> {
    try {
      await this.inner.exec(`rm -rf -- ${shellQuote(this.stagingDir)}`);
    } catch {
      // The folder is private (0700) and its files were removed one by one already.
    } finally {
      await this.inner.close();
    }
  }
}
