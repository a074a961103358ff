/**
 * The proof of a deploy: the host serves the expected certificate over TLS. `nginx -s reload`
 * returns before new workers take over, and nginx can report success yet keep the old certificate
 * when the new config fails to load, so the served certificate is polled briefly and compared by
 * SHA-256; exit codes are never taken as proof.
 */
import type { SshTargetConfig } from '../config/schema.js';
import { errorMessage } from '../util/errors.js';
import type { StartTlsProtocol } from '../util/starttls.js';
import { fetchServedCertificate, fetchServedSha256, type ServedCertificate } from '../util/tls.js';
import { verifyServername } from './files.js';

export interface TlsEndpoint {
  address: string;
  port: number;
  servername?: string;
  starttls?: StartTlsProtocol;
}

export function tlsEndpoint(
  verify: SshTargetConfig['verify'],
  sshHost: string,
  domains: string[],
): TlsEndpoint {
  return {
    address: verify.address ?? sshHost,
    port: verify.port,
    servername: verifyServername(verify.servername, domains),
    starttls: verify.starttls,
  };
}

export function describeEndpoint(e: TlsEndpoint): string {
  return `${e.address}:${e.port}${e.starttls ? ` (STARTTLS ${e.starttls})` : ''}${e.servername ? ` (SNI ${e.servername})` : ''}`;
}

/** What is served now, or the reason nothing could be read (refused, no handshake). */
export async function servedNow(
  e: TlsEndpoint,
  timeoutMs: number,
): Promise<{ served?: ServedCertificate; error?: string }> {
  try {
    return { served: await fetchServedCertificate(probeOf(e, timeoutMs)) };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

/** Like servedNow, but only the SHA-256 of the served leaf: all a deploy compares. */
export async function servedSha256(
  e: TlsEndpoint,
  timeoutMs: number,
): Promise<{ sha256?: string; error?: string }> {
  try {
    return { sha256: await fetchServedSha256(probeOf(e, timeoutMs)) };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

function probeOf(e: TlsEndpoint, timeoutMs: number) {
  return { host: e.address, port: e.port, servername: e.servername, starttls: e.starttls, timeoutMs };
}

export interface WaitResult {
  ok: boolean;
  /** SHA-256 of the last certificate seen, when one was seen. */
  lastSha256?: string;
  lastError?: string;
  attempts: number;
}

/**
 * Right after a reload, old and new nginx workers both accept for a moment (the master starts the
 * new ones, waits 100 ms, then tells the old ones to quit and close their listening sockets), so
 * one good answer can be followed by an old one. Success is this many good answers in a row,
 * spanning at least STABLE_MS, asked at most STREAK_GAP_MS apart.
 */
const IN_A_ROW = 3;
const STABLE_MS = 150;
const STREAK_GAP_MS = 50;

/**
 * Gap between probes while the old certificate (or nothing) is still served: a quarter of the
 * time waited so far, between 10 and 50 ms. On a quiet host the switch shows within a few tens of
 * ms and is seen soon after; on a busy one (many hosts reloading at once) it takes longer, and
 * the probes thin out instead of adding handshakes to the load. The proof itself (the streak)
 * is unchanged.
 */
function seekGap(waitedMs: number): number {
  return Math.min(STREAK_GAP_MS, Math.max(10, Math.round(waitedMs / 4)));
}

/** Polls until the endpoint steadily serves the certificate with `sha256`, or `windowMs` has passed. */
export async function waitForCertificate(
  e: TlsEndpoint,
  sha256: string,
  windowMs: number,
): Promise<WaitResult> {
  const start = Date.now();
  const deadline = start + windowMs;
  let attempts = 0;
  let streak = 0;
  let streakStart = 0;
  for (;;) {
    attempts++;
    const now = await servedSha256(e, Math.max(500, Math.min(3000, deadline - Date.now())));
    const seen = now.sha256;
    if (seen === sha256) {
      if (streak++ === 0) streakStart = Date.now();
    } else {
      streak = 0;
    }
    const steady = streak >= IN_A_ROW && Date.now() - streakStart >= STABLE_MS;
    // In a streak: 50 ms apart, but no later than the moment the streak spans STABLE_MS, so the
    // probe that can complete the proof is not pushed past it by the probes' own durations.
    const gap =
      streak > 0
        ? Math.min(STREAK_GAP_MS, Math.max(0, streakStart + STABLE_MS - Date.now()))
        : seekGap(Date.now() - start);
    if (steady || Date.now() + gap > deadline) {
      // Out of time while the right certificate was showing but not yet steadily: call it served.
      return { ok: steady || streak > 0, lastSha256: seen, lastError: now.error, attempts };
    }
    await new Promise((resolve) => setTimeout(resolve, gap));
  }
}

export function describeWait(e: TlsEndpoint, want: string, r: WaitResult, windowMs: number): string {
  const seen = r.lastSha256
    ? `it serves sha256 ${r.lastSha256}`
    : `no certificate read (${r.lastError ?? 'unknown'})`;
  return `${describeEndpoint(e)} did not serve sha256 ${want} within ${windowMs} ms (${r.attempts} checks): ${seen}`;
}
