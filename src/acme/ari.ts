/**
 * ACME Renewal Information (RFC 9773): the certificate identifier, the renewalInfo request and
 * a refresh of stored windows for the plan. acme-client has none of this.
 */
import { X509Certificate } from 'node:crypto';
import type { AriWindow, Manifest } from '../model.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { certificateFacts } from '../util/x509.js';
import { type AcmeTransport, parseRetryAfter } from './http.js';

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/**
 * The DER content octets of a serial number given as hex: a leading 00 is added when the top bit
 * is set (DER INTEGERs are signed), extra leading zero bytes are dropped.
 */
export function serialDerBytes(serialHex: string): Buffer {
  let hex = serialHex.replace(/[^0-9a-f]/gi, '').toLowerCase();
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  while (bytes.length > 1 && bytes[0] === 0 && ((bytes[1] as number) & 0x80) === 0) bytes = bytes.subarray(1);
  if (((bytes[0] as number) & 0x80) !== 0) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return bytes;
}

/** RFC 9773 section 4.1 from the two parts: AKI keyIdentifier and serial (hex). */
export function ariCertificateIdFromParts(authorityKeyIdHex: string, serialHex: string): string {
  return `${b64url(Buffer.from(authorityKeyIdHex, 'hex'))}.${b64url(serialDerBytes(serialHex))}`;
}

/**
 * RFC 9773 section 4.1: base64url(AKI keyIdentifier) "." base64url(serial DER content octets).
 * Throws when the certificate has no authority key identifier (the CA cannot be asked then).
 */
export function ariCertificateId(certPemOrDer: string | Buffer): string {
  const pem = typeof certPemOrDer === 'string' ? certPemOrDer : new X509Certificate(certPemOrDer).toString();
  const facts = certificateFacts(pem);
  if (!facts.authorityKeyId) {
    throw new Error('the certificate has no authority key identifier: no ARI certificate ID can be made');
  }
  return ariCertificateIdFromParts(facts.authorityKeyId, facts.serial);
}

export interface RenewalInfoOptions {
  transport: AcmeTransport;
  /** The directory's `renewalInfo` URL. */
  renewalInfoUrl: string;
  now?: Date;
}

/**
 * GETs `<renewalInfo>/<certID>` and returns the suggested window, with the time the CA asked us
 * to ask again (Retry-After, clamped to 1 minute .. 1 day as the RFC suggests). Undefined when
 * the CA has no information for this certificate (404).
 */
export async function fetchRenewalInfo(
  certId: string,
  opts: RenewalInfoOptions,
): Promise<AriWindow | undefined> {
  const now = opts.now ?? new Date();
  const url = `${opts.renewalInfoUrl.replace(/\/+$/, '')}/${certId}`;
  let res: Awaited<ReturnType<AcmeTransport['raw']>>;
  try {
    res = await opts.transport.request(url, 'get');
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
  const body = res.data as { suggestedWindow?: { start?: string; end?: string }; explanationURL?: string };
  const start = Date.parse(body?.suggestedWindow?.start ?? '');
  const end = Date.parse(body?.suggestedWindow?.end ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    throw new Error(`${url} sent no valid suggestedWindow`);
  }
  const retryAfterMs = Math.min(
    86_400_000,
    Math.max(60_000, parseRetryAfter(res.headers['retry-after']) ?? 21_600_000),
  );
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    explanationUrl: body.explanationURL,
    checkedAt: now.toISOString(),
    retryAfter: new Date(now.getTime() + retryAfterMs).toISOString(),
  };
}

/** Whether a stored window should be fetched again (none yet, or past its Retry-After). */
export function ariRefreshDue(window: AriWindow | undefined, now: Date): boolean {
  if (!window?.retryAfter) return true;
  return Date.parse(window.retryAfter) <= now.getTime();
}

/**
 * Refreshes the ARI windows of stored certificates for the plan. Keeps a stored window while its
 * Retry-After has not passed; a CA error keeps the old window and is logged (the plan then
 * falls back to its lifetime rule). Returns name -> window (undefined: nothing known).
 */
export async function refreshAriWindows(
  stored: Map<string, Manifest | undefined>,
  opts: RenewalInfoOptions & { log: Logger },
): Promise<Map<string, AriWindow | undefined>> {
  const now = opts.now ?? new Date();
  const out = new Map<string, AriWindow | undefined>();
  await Promise.all(
    [...stored.entries()].map(async ([name, manifest]) => {
      if (!manifest?.ariCertId) return out.set(name, manifest?.ari);
      if (!ariRefreshDue(manifest.ari, now)) return out.set(name, manifest.ari);
      try {
        out.set(name, (await fetchRenewalInfo(manifest.ariCertId, { ...opts, now })) ?? manifest.ari);
      } catch (error) {
        opts.log.warn(`ARI for ${name}: ${errorMessage(error)}; keeping the stored window`);
        out.set(name, manifest.ari);
      }
    }),
  );
  return out;
}
