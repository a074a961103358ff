/**
 * The dns-persist-01 validation record (draft-ietf-acme-dns-persist): its name, the value we ask
 * the DNS owner to publish, and a strict reading of values found in DNS.
 *
 * Draft -02 section 4.1: the TXT RDATA is an RFC 8659 section 4.2 issue-value,
 * `<issuer-domain-name>; accounturi=<uri>[; policy=wildcard][; persistUntil=<unix seconds>]`.
 * Draft -01 puts the account URL itself in accounturi; draft -02 puts a hashed URI there
 * (`<accountHashPrefix>sha-256/<base64url>`, section 4.1 item 3) when the CA advertises an
 * accountHashPrefix. Both forms are built here; the CA's directory decides which one it takes.
 *
 * Values read from DNS are written by whoever controls the zone (or spoofs an answer): they are
 * parsed against the grammar and refused whole when anything is off, never "mostly" trusted.
 */
import { createHash } from 'node:crypto';
import { jwkThumbprint } from '../acme/thumbprint.js';

/** Draft section 2: the label prepended to the name being validated. */
export const PERSIST_LABEL = '_validation-persist';

/** Longest value we read (a record is a few hundred bytes; section 9.1 asks to keep it small). */
export const MAX_VALUE_LENGTH = 1024;

/** What one record asserts, as built or as parsed. */
export interface PersistRecord {
  /** Issuer Domain Name, lower case, no trailing dot (section 3.1 normalization). */
  issuer: string;
  accountUri: string;
  /** policy=wildcard (section 4.1 item 4, compared case-insensitively). */
  wildcard: boolean;
  /** persistUntil in UNIX seconds (section 4.1 item 5). */
  persistUntil?: number;
}

export type ParsedRecord = { ok: true; record: PersistRecord } | { ok: false; reason: string };

/** The FQDN a certificate name is validated at: a wildcard is validated at its base (section 5). */
export function baseName(domain: string): string {
  return domain.toLowerCase().replace(/\.$/, '').replace(/^\*\./, '');
}

/** `_validation-persist.<base>` (section 4). */
export function recordName(domain: string): string {
  return `${PERSIST_LABEL}.${baseName(domain)}`;
}

/** The record value to publish, parameters in the draft's order. */
export function recordValue(r: PersistRecord): string {
  const parts = [r.issuer, `accounturi=${r.accountUri}`];
  if (r.wildcard) parts.push('policy=wildcard');
  if (r.persistUntil !== undefined) parts.push(`persistUntil=${r.persistUntil}`);
  return parts.join('; ');
}

/**
 * The value as a zone-file TXT line: split into character-strings of at most 255 bytes (RFC 1035
 * section 3.3.14), each quoted. Our values are printable ASCII without quotes or backslashes.
 */
export function zoneLine(name: string, value: string, ttl = 3600): string {
  const chunks: string[] = [];
  for (let i = 0; i < value.length; i += 255) chunks.push(`"${value.slice(i, i + 255)}"`);
  return `${name}. ${ttl} IN TXT ${chunks.join(' ')}`;
}

// RFC 8659 section 4.2: label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT) ).
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
// tag = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT) ); value = *(%x21-3A / %x3C-7E).
const TAG = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const VALUE = /^[\x21-\x3a\x3c-\x7e]*$/;
// An absolute URI in RFC 3986 characters: no quotes, angle brackets, braces or backslashes.
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,=%]+$/;

export function isIssuerDomainName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((l) => l.length <= 63 && LABEL.test(l));
}

/**
 * Reads one TXT value. Refused: anything outside the issue-value grammar (control characters,
 * quotes, spaces inside a value), more than MAX_VALUE_LENGTH characters, no accounturi, a tag
 * given twice (a CA might read the first and a person the last: `accounturi=a;accounturi=b`),
 * a persistUntil that is not a base-10 integer (section 4.1 item 5). Unknown tags are ignored
 * (section 4.1 item 1).
 */
export function parseRecord(value: string): ParsedRecord {
  if (value.length > MAX_VALUE_LENGTH)
    return { ok: false, reason: `longer than ${MAX_VALUE_LENGTH} characters` };
  // *WSP only (space and tab); anything else outside %x21-7E is refused below.
  const [head = '', ...rest] = value.split(';');
  const issuer = head.replace(/^[ \t]+|[ \t]+$/g, '');
  if (!isIssuerDomainName(issuer))
    return { ok: false, reason: 'no valid issuer domain name before the first ";"' };
  const params = new Map<string, string>();
  for (const raw of rest) {
    const part = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    const eq = part.indexOf('=');
    if (eq < 0) return { ok: false, reason: 'a parameter without "="' };
    const tag = part.slice(0, eq).replace(/[ \t]+$/, '');
    const val = part.slice(eq + 1).replace(/^[ \t]+/, '');
    if (!TAG.test(tag)) return { ok: false, reason: 'a parameter name outside the RFC 8659 grammar' };
    if (!VALUE.test(val))
      return { ok: false, reason: `parameter ${tag} has characters outside the RFC 8659 grammar` };
    const key = tag.toLowerCase();
    if (params.has(key)) return { ok: false, reason: `parameter ${tag} appears more than once` };
    params.set(key, val);
  }
  const accountUri = params.get('accounturi');
  if (!accountUri) return { ok: false, reason: 'no accounturi parameter' };
  if (!URI.test(accountUri))
    return { ok: false, reason: 'accounturi is not a URI (RFC 3986 characters only)' };
  const until = params.get('persistuntil');
  if (until !== undefined && !/^\d{1,15}$/.test(until)) {
    return { ok: false, reason: 'persistUntil is not a base-10 integer' };
  }
  return {
    ok: true,
    record: {
      issuer: issuer.toLowerCase(),
      accountUri,
      wildcard: params.get('policy')?.toLowerCase() === 'wildcard',
      persistUntil: until === undefined ? undefined : Number(until),
    },
  };
}

/**
 * A value from DNS, safe to show in a log, summary or workflow output: JSON-quoted (so control
 * characters, quotes and newlines are escaped and it can never start a `::` workflow command
 * line), anything outside printable ASCII as \u escapes, cut at 120 characters.
 */
export function showUntrusted(value: string): string {
  const cut = value.length > 120 ? `${value.slice(0, 120)}…` : value;
  return JSON.stringify(cut).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export { jwkThumbprint };

/**
 * Draft -02 section 4.1 item 3: `<prefix>sha-256/` + base64url(SHA-256(len || domain || thumbprint
 * || accountUrl)). `domain` is the FQDN the record sits above, or `*` for the form that any
 * domain may share (the opt-out of section 7.2.3).
 */
export function hashedAccountUri(
  prefix: string,
  domain: string,
  thumbprint: string,
  accountUrl: string,
): string {
  const name = Buffer.from(domain, 'ascii');
  if (name.length > 255) throw new Error(`domain ${domain} is longer than 255 octets`);
  const digest = createHash('sha256')
    .update(Buffer.from([name.length]))
    .update(name)
    .update(Buffer.from(thumbprint, 'ascii'))
    .update(Buffer.from(accountUrl, 'ascii'))
    .digest('base64url');
  return `${prefix}sha-256/${digest}`;
}
