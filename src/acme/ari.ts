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
  const body = res.data as { suggestedWindow?: { start?: unknown; end?: unknown }; explanationURL?: unknown };
  const refused = saneWindow(body?.suggestedWindow, body?.explanationURL, now);
  if (typeof refused === 'string') throw new Error(`${url}: answer refused: ${refused}`);
  const { start, end, explanationUrl } = refused;
  const retryAfterMs = Math.min(
    86_400_000,
    Math.max(60_000, parseRetryAfter(res.headers['retry-after']) ?? 21_600_000),
  );
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    ...(explanationUrl ? { explanationUrl } : {}),
    checkedAt: now.toISOString(),
    retryAfter: new Date(now.getTime() + retryAfterMs).toISOString(),
  };
}

/** How far from now a suggested window may lie: no certificate lives longer than 398 days. */
export const ARI_HORIZON_MS = 400 * 86_400_000;

/**
 * The window and explanation URL of a renewalInfo answer, or why they are refused. The answer
 * comes from the network and ends up in certificate.json, the plan and the job summary: a window
 * that ends before it starts or lies years away (which would hold renewals back or force them),
 * and an explanation URL that is not a plain https URL (control characters, markup, other
 * schemes) are refused whole, so nothing of them is stored or shown.
 */
export function saneWindow(
  window: { start?: unknown; end?: unknown } | undefined,
  explanationUrl: unknown,
  now: Date,
): { start: number; end: number; explanationUrl?: string } | string {
  const when = (v: unknown) =>
    typeof v === 'string' && v.length <= 64 && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(v)
      ? Date.parse(v)
      : Number.NaN;
  const start = when(window?.start);
  const end = when(window?.end);
  if (Number.isNaN(start) || Number.isNaN(end)) return 'no valid suggestedWindow (RFC 3339 start and end)';
  if (end <= start) return 'the suggested window ends before it starts';
  const t = now.getTime();
  if (Math.abs(start - t) > ARI_HORIZON_MS || Math.abs(end - t) > ARI_HORIZON_MS) {
    return 'the suggested window lies more than 400 days from now';
  }
  if (explanationUrl === undefined || explanationUrl === null) return { start, end };
  if (
    typeof explanationUrl !== 'string' ||
    explanationUrl.length > 2048 ||
    /[^\x21-\x7e]/.test(explanationUrl)
  ) {
    return 'explanationURL holds control characters, spaces or non-ASCII text';
  }
  let parsed: URL;
  try {
    parsed = new URL(explanationUrl);
  } catch {
    return 'explanationURL is not a URL';
  }
  if (parsed.protocol !== 'https:') return 'explanationURL is not an https URL';
  if (/[<>"'`]/.test(explanationUrl)) return 'explanationURL holds markup characters';
  return { start, end, explanationUrl };
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
