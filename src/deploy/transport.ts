/**
 * The SSH side effects of a deploy, behind one small interface (HostSession) so the per-host flow
 * reads as the steps it takes. Built on node-ssh/ssh2, with what they lack added here (STACK.md):
 * host-key pinning, an error listener that outlives connect, timeouts on every command and SFTP
 * request, files created with their final mode, and atomic replace via posix-rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { NodeSSH } from 'node-ssh';
import type { ClientChannel, ServerHostKeyAlgorithm, SFTPWrapper } from 'ssh2';
import { type JumpHop, openTunnel } from './jump.js';
import {
  checkHostKey,
  type HostKeyVerdict,
  type KnownHosts,
  preferredHostKeyAlgorithms,
} from './known-hosts.js';

export interface ExecResult {
  /** Exit code; null when the command was killed, timed out or the connection dropped. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RemoteStat {
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

/** A file as drift checks see it: its stat and the SHA-256 (hex) of its content. */
export interface RemoteFileState extends RemoteStat {
  sha256: string;
}

/** One open SSH connection to one host. Every method rejects with a message naming the host. */
export interface HostSession {
  readonly label: string;
  /** Runs a command in the login shell; `onStdout` sees output as it arrives. Never rejects on exit codes. */
  exec(command: string, options?: { onStdout?: (chunk: Buffer) => void }): Promise<ExecResult>;
  /** Contents, or undefined when the file does not exist. */
  readFile(path: string): Promise<Buffer | undefined>;
  stat(path: string): Promise<RemoteStat | undefined>;
  /** Names in a folder, or undefined when it does not exist. */
  readdir(path: string): Promise<string[] | undefined>;
  /** Stat and content digest of a regular file, or undefined when it does not exist. */
  fileState(path: string): Promise<RemoteFileState | undefined>;
  /** Creates a folder (and its parents) with mode 0755. */
  makeDir(path: string): Promise<void>;
  /**
   * Creates `path` (which must not exist) with `mode` from the first byte, writes `data`, syncs and
   * closes it. The mode is set at open and again with fchmod, because the server's umask may narrow
   * the first.
   */
  writeNewFile(path: string, data: Buffer, mode: number): Promise<void>;
  /** A second name for an existing file (hardlink@openssh.com, or `ln` when missing). */
  link(existing: string, newPath: string): Promise<void>;
  /** Atomic replace (posix-rename@openssh.com); plain SFTP rename fails when the target exists. */
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Numeric owner change (SFTP setstat). */
  chown(path: string, uid: number, gid: number): Promise<void>;
  /**
   * Present on sessions where the SSH user cannot chown (become: sudo): like writeNewFile, but the
   * file is made by root and gets `owner` ("user[:group]" or "uid:gid"; undefined keeps root) and
   * `mode` before it can be renamed over a live file.
   */
  writeNewFileOwned?(path: string, data: Buffer, mode: number, owner: string | undefined): Promise<void>;
  /**
   * Whether the connection is known to be gone (reset, keepalive timeout). A host connected ahead
   * of its turn is connected again when its session was lost while it waited.
   */
  lost?(): boolean;
  close(): Promise<void>;
}

/** Test seams: called after each chunk written by writeNewFile (used to cut a connection mid-upload). */
export interface TransportHooks {
  afterChunk?(path: string, bytesWritten: number, cut: () => void): void;
}

export interface ConnectParams {
  host: string;
  port: number;
  username: string;
  /** PEM or OpenSSH private key text: ed25519, ECDSA or RSA. */
  privateKey: string;
  passphrase?: string;
  knownHosts: KnownHosts;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** Jump hosts, first to last (target `jump:`); the connection goes through them. */
  jump?: JumpHop[];
  hooks?: TransportHooks;
}

export type Connector = (params: ConnectParams) => Promise<HostSession>;

/** Raised when the host key is not the pinned one: the message says what was seen and how to pin. */
export class HostKeyError extends Error {
  constructor(readonly verdict: Extract<HostKeyVerdict, { ok: false }>) {
    super(verdict.message);
    this.name = 'HostKeyError';
  }
}

const CHUNK = 32 * 1024;

/** Single quotes for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function randomLabel(): string {
  return randomBytes(6).toString('hex');
}

export const connectSsh: Connector = async (params) => {
  const label = params.port === 22 ? params.host : `${params.host}:${params.port}`;
  const ssh = new NodeSSH();
  let verdict: HostKeyVerdict | undefined;
  // Our own socket, with Nagle off from the first byte: sshd does not set TCP_NODELAY for exec and
  // SFTP sessions, and Nagle against delayed ACKs costs 40 ms per round trip (measured: a stat
  // took 43 ms with it, under 1 ms without).
  const host = params.host.replace(/^\[(.*)\]$/, '$1');
  const tunnel = params.jump?.length
    ? await openTunnel(params.jump, { host, port: params.port }, params.knownHosts, params.connectTimeoutMs)
    : undefined;
  const sock = tunnel?.stream ?? netConnect({ host, port: params.port }).setNoDelay(true);
  try {
    await ssh.connect({
      sock,
      username: params.username,
      privateKey: params.privateKey,
      passphrase: params.passphrase,
      readyTimeout: params.connectTimeoutMs,
      // Keepalives notice a dead peer during a long validate/reload instead of waiting forever.
      keepaliveInterval: 5000,
      keepaliveCountMax: 3,
      algorithms: {
        serverHostKey: preferredHostKeyAlgorithms(
          params.knownHosts,
          params.host,
          params.port,
        ) as ServerHostKeyAlgorithm[],
      },
      hostVerifier: (key: Buffer) => {
        verdict = checkHostKey(params.knownHosts, params.host, params.port, key);
        return verdict.ok;
      },
    });
  } catch (error) {
    ssh.dispose();
    sock.destroy();
    tunnel?.close();
    if (verdict && !verdict.ok) throw new HostKeyError(verdict);
    throw new Error(
      `ssh ${params.username}@${label}: ${describeConnectError(error, params.connectTimeoutMs)}`,
    );
  }
  const session = new SshSession(ssh, label, params, tunnel?.close);
  // Every deploy reads and writes over SFTP: its channel opens now, with the connection, so a host
  // connected ahead of its turn has it ready (opening it changes nothing on the host). A failure
  // shows at the first SFTP request, as before.
  session.openSftpEarly();
  return session;
};

function describeConnectError(error: unknown, timeoutMs: number): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/All configured authentication methods failed/i.test(message)) {
    return 'authentication failed: the server refused private-key (check user and that the public key is in authorized_keys)';
  }
  if (/Timed out while waiting for handshake/i.test(message)) {
    return `no SSH handshake within ${timeoutMs} ms (connect-timeout): is the host up and the port right?`;
  }
  if (/passphrase|encrypted/i.test(message)) {
    return `private-key could not be opened (${message}): set passphrase to the key's passphrase`;
  }
  if (/Cannot parse privateKey/i.test(message)) {
    return `private-key could not be read (${message}): expected an ed25519, ECDSA or RSA private key in OpenSSH or PEM format`;
  }
  return message;
}

class SshSession implements HostSession {
  private sftpPromise?: Promise<SFTPWrapper>;
  private closedBecause?: string;

  constructor(
    private readonly ssh: NodeSSH,
    readonly label: string,
    private readonly params: ConnectParams,
    private readonly onClose?: () => void,
  ) {
    const connection = ssh.connection;
    // node-ssh drops its own error listener once connected; without ours a reset kills the process.
    connection?.on('error', (error: Error) => {
      this.closedBecause = error.message;
    });
    connection?.on('close', () => {
      this.closedBecause ??= 'connection closed';
      // Requests in flight on a dead connection are never answered: fail them now, not at the timeout.
      for (const abort of this.pending) abort(new Error('connection lost'));
      this.pending.clear();
    });
  }

  private readonly pending = new Set<(error: Error) => void>();

  /** Runs `start` until it settles, the command timeout passes or the connection drops. */
  private bounded<T>(start: (resolve: (v: T) => void, reject: (e: unknown) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closedBecause) {
        reject(new Error('connection lost'));
        return;
      }
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(reject);
      };
      const timer = setTimeout(() => {
        settle();
        reject(new Error(`no answer within ${this.params.commandTimeoutMs} ms (command-timeout)`));
      }, this.params.commandTimeoutMs);
      this.pending.add(reject);
      try {
        start(
          (v) => {
            settle();
            resolve(v);
          },
          (e) => {
            settle();
            reject(e);
          },
        );
      } catch (error) {
        // ssh2 throws at once when the channel is already gone.
        settle();
        reject(error);
      }
    });
  }

  private fail(what: string, error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    const why = this.closedBecause ? ` (connection lost: ${this.closedBecause})` : '';
    return new Error(`${this.label}: ${what}: ${message}${why}`);
  }

  /** One SFTP request, bounded: an SFTP call on a stalled link never answers. */
  private request<T>(fn: (sftp: SFTPWrapper, done: (err?: Error | null, value?: T) => void) => void) {
    return this.bounded<T>((resolve, reject) => {
      this.sftp().then(
        (sftp) => {
          try {
            fn(sftp, (err, value) => (err ? reject(err) : resolve(value as T)));
          } catch (error) {
            reject(error);
          }
        },
        (err) => reject(new Error(`opening SFTP: ${err instanceof Error ? err.message : String(err)}`)),
      );
    });
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpPromise ??= this.ssh.requestSFTP();
    return this.sftpPromise;
  }

  /** Starts opening the SFTP channel without waiting; its outcome is seen by the first request. */
  openSftpEarly(): void {
    this.sftp().catch(() => undefined);
  }

  async exec(command: string, options: { onStdout?: (chunk: Buffer) => void } = {}): Promise<ExecResult> {
    let channel: ClientChannel | undefined;
    try {
      return await this.bounded<ExecResult>((resolve, reject) => {
        this.ssh
          .execCommand(command, { onChannel: (c) => (channel = c), onStdout: options.onStdout })
          .then(
            (r) => resolve({ code: r.code, stdout: r.stdout, stderr: r.stderr, timedOut: false }),
            reject,
          );
      });
    } catch (error) {
      if (String(error).includes('command-timeout')) {
        // execCommand has no timeout of its own: stop the remote command and give up on it.
        channel?.signal('KILL');
        channel?.close();
        return { code: null, stdout: '', stderr: '', timedOut: true };
      }
      throw this.fail(`running ${command}`, error);
    }
  }

  async readFile(path: string): Promise<Buffer | undefined> {
    try {
      return await this.request<Buffer>((sftp, done) => sftp.readFile(path, (err, data) => done(err, data)));
    } catch (error) {
      if (isNoSuchFile(error)) return undefined;
      throw this.fail(`reading ${path}`, error);
    }
  }

  async fileState(path: string): Promise<RemoteFileState | undefined> {
    const [data, st] = await Promise.all([this.readFile(path), this.stat(path)]);
    if (!data || !st) return undefined;
    return { ...st, sha256: createHash('sha256').update(data).digest('hex') };
  }

  async makeDir(path: string): Promise<void> {
    const r = await this.exec(`mkdir -p -m 0755 -- ${shellQuote(path)}`);
    if (r.code !== 0) {
      throw this.fail(`creating ${path}`, `exit ${r.code}: ${(r.stderr || r.stdout).trim()}`);
    }
  }

  async stat(path: string): Promise<RemoteStat | undefined> {
    try {
      return await this.request<RemoteStat>((sftp, done) =>
        sftp.stat(path, (err, s) =>
          done(err, s && { mode: s.mode & 0o7777, uid: s.uid, gid: s.gid, size: s.size }),
        ),
      );
    } catch (error) {
      if (isNoSuchFile(error)) return undefined;
      throw this.fail(`stat ${path}`, error);
    }
  }

  async readdir(path: string): Promise<string[] | undefined> {
    try {
      return await this.request<string[]>((sftp, done) =>
        sftp.readdir(path, (err, list) =>
          done(
            err,
            list?.map((e) => e.filename),
          ),
        ),
      );
    } catch (error) {
      if (isNoSuchFile(error)) return undefined;
      throw this.fail(`listing ${path}`, error);
    }
  }

  async writeNewFile(path: string, data: Buffer, mode: number): Promise<void> {
    const what = `writing ${path}`;
    try {
      // 'wx': O_CREAT|O_EXCL, so a stale file of the same name (or a planted symlink) is an error.
      const handle = await this.request<Buffer>((sftp, done) =>
        sftp.open(path, 'wx', { mode }, (err, h) => done(err, h)),
      );
      // fchmod, the writes and the fsync go out together: the server answers them in order, so
      // one round trip instead of one per request. All are awaited before the close, and any
      // failure fails the write.
      const sent: Array<Promise<void>> = [
        this.request<void>((sftp, done) => sftp.fchmod(handle, mode, (err) => done(err))),
      ];
      for (let at = 0; at < data.length; at += CHUNK) {
        const length = Math.min(CHUNK, data.length - at);
        sent.push(
          this.request<void>((sftp, done) =>
            sftp.write(handle, data, at, length, at, (err) => done(err)),
          ).then(() => this.params.hooks?.afterChunk?.(path, at + length, () => this.cut())),
        );
      }
      // Durable before it can be renamed over a live file; not every server has fsync@openssh.com.
      sent.push(
        this.request<void>((sftp, done) => sftp.ext_openssh_fsync(handle, (err) => done(err))).catch(
          (err) => {
            if (!/not support/i.test(String(err))) throw err;
          },
        ),
      );
      const failed = (await Promise.allSettled(sent)).find((r) => r.status === 'rejected');
      if (failed) {
        await this.request<void>((sftp, done) => sftp.close(handle, () => done())).catch(() => undefined);
        throw failed.reason;
      }
      // A close that fails means the server may not have all the data: that is a failed write.
      await this.request<void>((sftp, done) => sftp.close(handle, (err) => done(err)));
    } catch (error) {
      throw this.fail(what, error);
    }
  }

  async link(existing: string, newPath: string): Promise<void> {
    try {
      await this.request<void>((sftp, done) =>
        sftp.ext_openssh_hardlink(existing, newPath, (err) => done(err)),
      );
    } catch (error) {
      if (!/not support/i.test(String(error))) throw this.fail(`linking ${existing} to ${newPath}`, error);
      const r = await this.exec(`ln -- ${shellQuote(existing)} ${shellQuote(newPath)}`);
      if (r.code !== 0)
        throw this.fail(`linking ${existing} to ${newPath}`, r.stderr.trim() || `exit ${r.code}`);
    }
  }

  async rename(from: string, to: string): Promise<void> {
    try {
      await this.request<void>((sftp, done) => sftp.ext_openssh_rename(from, to, (err) => done(err)));
    } catch (error) {
      const hint = /not support/i.test(String(error))
        ? ' (the SFTP server lacks posix-rename@openssh.com, which atomic replace needs)'
        : '';
      throw this.fail(`renaming ${from} to ${to}${hint}`, error);
    }
  }

  async chown(path: string, uid: number, gid: number): Promise<void> {
    try {
      await this.request<void>((sftp, done) => sftp.chown(path, uid, gid, (err) => done(err)));
    } catch (error) {
      throw this.fail(`chown ${uid}:${gid} ${path}`, error);
    }
  }

  async unlink(path: string): Promise<void> {
    try {
      await this.request<void>((sftp, done) => sftp.unlink(path, (err) => done(err)));
    } catch (error) {
      if (!isNoSuchFile(error)) throw this.fail(`removing ${path}`, error);
    }
  }

  lost(): boolean {
    return this.closedBecause !== undefined;
  }

  /** Drops the TCP connection without goodbye, as a network cut would. */
  private cut() {
    this.closedBecause = 'cut by test hook';
    this.ssh.connection?.destroy();
  }

  async close(): Promise<void> {
    this.ssh.dispose();
    this.onClose?.();
  }
}

function isNoSuchFile(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 2 || /no such file/i.test(String(error));
}
