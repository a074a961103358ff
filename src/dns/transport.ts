/**
 * Sends one DNS message to one server and returns the answer: UDP first, TCP when the answer
 * comes back truncated (or when asked). No system resolver is ever involved: callers name the
 * server by address.
 */
import { createSocket } from 'node:dgram';
import { isIP, Socket } from 'node:net';

export interface Server {
  host: string;
  port: number;
}

/** "host", "host:port", "[v6]:port" -> Server (port 53 by default). */
export function parseServer(text: string, defaultPort = 53): Server {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text.trim());
  if (v6) return { host: v6[1] as string, port: v6[2] ? Number(v6[2]) : defaultPort };
  const [host, port, extra] = text.trim().split(':');
  if (extra !== undefined) return { host: text.trim(), port: defaultPort }; // bare IPv6
  return { host: host as string, port: port ? Number(port) : defaultPort };
}

export function formatServer(s: Server): string {
  return isIP(s.host) === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

export interface ExchangeOptions {
  /** Per attempt. */
  timeoutMs?: number;
  /** UDP attempts before giving up (each waits timeoutMs). */
  tries?: number;
  tcp?: boolean;
  signal?: AbortSignal;
}

export class DnsTimeoutError extends Error {
  constructor(server: Server, how: string) {
    super(`no answer from ${formatServer(server)} over ${how}`);
    this.name = 'DnsTimeoutError';
  }
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

function udpOnce(server: Server, wire: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIP(server.host) === 6 ? 'udp6' : 'udp4');
    const id = wire.readUInt16BE(0);
    const done = (error?: Error, data?: Buffer) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (error) reject(error);
      else resolve(data as Buffer);
    };
    const onAbort = () => done(abortError(signal as AbortSignal));
    const timer = setTimeout(() => done(new DnsTimeoutError(server, 'UDP')), timeoutMs);
    socket.on('error', (e) => done(e));
    // Anything that is not the answer to our ID is ignored (a late answer to an earlier try).
    socket.on('message', (msg) => {
      if (msg.length >= 12 && msg.readUInt16BE(0) === id) done(undefined, msg);
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.connect(server.port, server.host, () => {
      socket.send(wire, (e) => {
        if (e) done(e);
      });
    });
  });
}

function tcpOnce(server: Server, wire: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let buf = Buffer.alloc(0);
    const done = (error?: Error, data?: Buffer) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(data as Buffer);
    };
    const onAbort = () => done(abortError(signal as AbortSignal));
    const timer = setTimeout(() => done(new DnsTimeoutError(server, 'TCP')), timeoutMs);
    socket.on('error', (e) => done(e));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        done(undefined, buf.subarray(2, 2 + buf.readUInt16BE(0)));
      }
    });
    socket.on('close', () => done(new Error(`${formatServer(server)} closed the TCP connection`)));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.connect(server.port, server.host, () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(wire.length, 0);
      socket.write(Buffer.concat([len, wire]));
    });
  });
}

/** Sends `wire` and returns the raw answer. Falls back to TCP when the UDP answer has TC set. */
export async function exchange(server: Server, wire: Buffer, opts: ExchangeOptions = {}): Promise<Buffer> {
  const timeoutMs = opts.timeoutMs ?? 2000;
  if (opts.tcp || wire.length > 512) return tcpOnce(server, wire, timeoutMs * 2, opts.signal);
  const tries = opts.tries ?? 2;
  let last: Error | undefined;
  for (let i = 0; i < tries; i++) {
    try {
      const answer = await udpOnce(server, wire, timeoutMs, opts.signal);
      const truncated = (answer.readUInt16BE(2) & 0x0200) !== 0;
      return truncated ? await tcpOnce(server, wire, timeoutMs * 2, opts.signal) : answer;
    } catch (error) {
      last = error as Error;
      if (!(error instanceof DnsTimeoutError)) throw error;
    }
  }
  throw last ?? new DnsTimeoutError(server, 'UDP');
}
