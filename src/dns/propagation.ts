/**
 * Waits until every server answers a TXT name with the value we wrote. A short, fixed poll
 * interval and a deadline; never a fixed sleep. The CA is told as soon as all servers agree.
 */

import { errorMessage } from '../util/errors.js';
import { query } from './query.js';
import { formatServer, type Server } from './transport.js';
import { TYPE, txtValues } from './wire.js';

export interface PropagationOptions {
  timeoutMs: number;
  /** Between rounds; each round asks every server still missing the value in parallel. */
  intervalMs?: number;
  signal?: AbortSignal;
  /** Recursion desired on the queries (true for resolvers, false for authoritative servers). */
  rd?: boolean;
}

export interface PropagationResult {
  /** When the last server first answered with the value (ms since the epoch). */
  seenAt: number;
  rounds: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export async function waitForTxt(
  name: string,
  value: string,
  servers: Server[],
  opts: PropagationOptions,
): Promise<PropagationResult> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 50;
  const missing = new Map<string, { server: Server; last: string }>(
    servers.map((s) => [formatServer(s), { server: s, last: 'no answer yet' }]),
  );
  let rounds = 0;
  for (;;) {
    rounds++;
    const perQuery = Math.max(200, Math.min(1000, deadline - Date.now()));
    await Promise.all(
      [...missing.entries()].map(async ([key, entry]) => {
        try {
          const msg = await query(entry.server, name, TYPE.TXT, {
            rd: opts.rd ?? false,
            timeoutMs: perQuery,
            tries: 1,
            signal: opts.signal,
          });
          const values = txtValues(msg, name);
          if (values.includes(value)) missing.delete(key);
          else entry.last = values.length ? `other values (${values.length})` : 'no such record yet';
        } catch (error) {
          if (opts.signal?.aborted) throw error;
          entry.last = errorMessage(error);
        }
      }),
    );
    if (missing.size === 0) return { seenAt: Date.now(), rounds };
    if (Date.now() + interval > deadline) {
      const detail = [...missing.entries()].map(([k, e]) => `${k}: ${e.last}`).join('; ');
      throw new Error(
        `TXT ${name} not visible on every server after ${Math.round(opts.timeoutMs / 1000)} s (${detail})`,
      );
    }
    await sleep(interval, opts.signal);
  }
}

export { sleep };
