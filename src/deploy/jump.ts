/**
 * Jump hosts (`jump:` on a target): the connection to the target goes through one or more SSH
 * hosts, each asked for a direct-tcpip channel to the next (what `ssh -J` does). Every hop's host
 * key is pinned from the target's known-hosts, like the target's own, and the target's key is still
 * checked at the end of the tunnel: a jump host sees only encrypted traffic and cannot stand in for
 * the target.
 */
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type ServerHostKeyAlgorithm } from 'ssh2';
import { errorMessage } from '../util/errors.js';
import { checkHostKey, type KnownHosts, preferredHostKeyAlgorithms } from './known-hosts.js';

export interface JumpHop {
  host: string;
  port: number;
  username: string;
  privateKey: string;
  passphrase?: string;
}

export interface Tunnel {
  /** A byte stream to the destination, ready for the target's SSH handshake. */
  stream: Duplex;
  /** Ends every hop's connection, last first. */
  close(): void;
}

/** Raised when a jump host's key is not the pinned one. */
export class JumpHostKeyError extends Error {}

function label(h: { host: string; port: number }): string {
  return h.port === 22 ? h.host : `${h.host}:${h.port}`;
}

/** Opens the chain hop by hop; rejects naming the hop that failed and why. */
export async function openTunnel(
  hops: JumpHop[],
  destination: { host: string; port: number },
  knownHosts: KnownHosts,
  connectTimeoutMs: number,
): Promise<Tunnel> {
  const clients: Client[] = [];
  const close = () => {
    for (const c of [...clients].reverse()) c.end();
  };
  const first = hops[0] as JumpHop;
  let stream: Duplex = netConnect({ host: first.host, port: first.port }).setNoDelay(true);
  try {
    for (const [i, hop] of hops.entries()) {
      const client = await connectHop(hop, stream, knownHosts, connectTimeoutMs);
      clients.push(client);
      const next = hops[i + 1] ?? destination;
      stream = await forward(client, hop, next, connectTimeoutMs);
    }
  } catch (error) {
    close();
    stream.destroy();
    throw error;
  }
  return { stream, close };
}

function connectHop(hop: JumpHop, sock: Duplex, knownHosts: KnownHosts, timeoutMs: number): Promise<Client> {
  const client = new Client();
  let refusedKey: string | undefined;
  return new Promise<Client>((resolve, reject) => {
    client.once('ready', () => {
      // An error after connect (a reset) must not crash the process: the tunnel's reader sees it.
      client.on('error', () => undefined);
      resolve(client);
    });
    client.once('error', (error) => {
      client.end();
      if (refusedKey) reject(new JumpHostKeyError(`jump host ${label(hop)}: ${refusedKey}`));
      else reject(new Error(`jump host ${hop.username}@${label(hop)}: ${describe(error, timeoutMs)}`));
    });
    client.connect({
      sock,
      username: hop.username,
      privateKey: hop.privateKey,
      passphrase: hop.passphrase,
      readyTimeout: timeoutMs,
      keepaliveInterval: 5000,
      keepaliveCountMax: 3,
      algorithms: {
        serverHostKey: preferredHostKeyAlgorithms(knownHosts, hop.host, hop.port) as ServerHostKeyAlgorithm[],
      },
      hostVerifier: (key: Buffer) => {
        const verdict = checkHostKey(knownHosts, hop.host, hop.port, key);
        if (!verdict.ok) refusedKey = verdict.message;
        return verdict.ok;
      },
    });
  });
}

function forward(
  client: Client,
  hop: JumpHop,
  next: { host: string; port: number },
  timeoutMs: number,
): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`jump host ${label(hop)}: no channel to ${label(next)} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    client.forwardOut('127.0.0.1', 0, next.host, next.port, (error, channel) => {
      clearTimeout(timer);
      if (error) {
        reject(
          new Error(
            `jump host ${label(hop)} could not open a connection to ${label(next)} (${errorMessage(error)}): is the address right as seen from the jump host, and does its sshd allow forwarding there (AllowTcpForwarding, PermitOpen)?`,
          ),
        );
      } else {
        resolve(channel);
      }
    });
  });
}

function describe(error: unknown, timeoutMs: number): string {
  const message = errorMessage(error);
  if (/All configured authentication methods failed/i.test(message)) {
    return "authentication failed: the jump host refused the key (check the hop's user and private-key)";
  }
  if (/Timed out while waiting for handshake/i.test(message)) {
    return `no SSH handshake within ${timeoutMs} ms (connect-timeout)`;
  }
  return message;
}
