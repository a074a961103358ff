/**
 * Masking of secrets in text: the one Redactor each Logger holds, which every output of a run
 * passes through (log lines, summary, report, alerts, PR bodies, error text kept in the store).
 *
 * A secret leaks in more than one form. A multi-line secret (a PEM key) may be printed whole, one
 * line at a time, or joined into one base64 string; every such form contains its body lines, so
 * masking those lines too masks them all. Any secret may also be printed base64-encoded (a hook
 * that logs an Authorization header, `base64 -w0 key.pem`): its encodings are masked as well.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';

export const REDACTED = '***';

/** Shorter pieces are not masked on their own: they would match ordinary text. */
const MIN_PIECE = 16;

/**
 * The base64 text that encodes `value` wherever it sits in a longer encoded stream: for each of
 * the three alignments, the encoding of the value from its first aligned byte, cut before the
 * last group (which depends on what follows).
 */
export function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: string[] = [];
  for (let skip = 0; skip < 3 && skip < bytes.length; skip++) {
    const rest = bytes.subarray(skip);
    const whole = rest.subarray(0, rest.length - (rest.length % 3));
    const encoded = whole.toString('base64');
    if (encoded.length >= MIN_PIECE) out.push(encoded);
  }
  // The value alone, padded, as `base64 <<< value` prints it.
  out.push(bytes.toString('base64'));
  return out;
}

/**
 * The public key (SPKI DER) of a private key PEM, else undefined. A private key's encoding ends with
 * its public key (EC keys carry the point, PKCS#8 may too); a body line made only of those bytes
 * is public, and the certificate holds the same bytes, so masking it would garble certificates in
 * reports while hiding nothing.
 */
function publicPartOf(pem: string): Buffer | undefined {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) return undefined;
  const noted = publicParts.get(pem);
  if (noted) {
    publicParts.delete(pem);
    return noted;
  }
  try {
    return createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
  } catch {
    return undefined; // encrypted or not a key after all: mask every line
  }
}

/**
 * Public keys of private keys certflow has just made, noted by whoever made them (acme/keys.ts)
 * so that registering the key as a secret need not parse the PEM again: OpenSSL takes ~0.35 ms
 * per parse, a millisecond per certificate with the public-key export (issue 22). Each note is
 * used once; a few hundred at most are kept, so notes nobody uses cannot pile up.
 */
const publicParts = new Map<string, Buffer>();
const MAX_NOTED = 256;

/** Notes `spkiDer` as the public key of the private key `pem` (for its next `secretPieces`). */
export function notePublicPart(pem: string, spkiDer: Buffer): void {
  if (publicParts.size >= MAX_NOTED) publicParts.delete(publicParts.keys().next().value as string);
  publicParts.set(pem.trim(), spkiDer);
}

/** Whether a base64 body line decodes to bytes found as they are in `publicDer`. */
function onlyPublic(line: string, publicDer: Buffer | undefined): boolean {
  if (!publicDer || line.length % 4 !== 0) return false;
  return publicDer.includes(Buffer.from(line, 'base64'));
}

/** The pieces of a secret to mask: the value, each body line of a multi-line value, base64 forms. */
export function secretPieces(value: string): string[] {
  const trimmed = value.trim();
  const publicDer = publicPartOf(trimmed);
  const lines = trimmed
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= MIN_PIECE && !l.startsWith('-----') && !onlyPublic(l, publicDer));
  const encoded = trimmed.length >= 8 ? [...base64Forms(trimmed), ...base64Forms(`${trimmed}\n`)] : [];
  return [...new Set([value, trimmed, ...lines, ...encoded])].filter((p) => p.length > 0);
}

/**
 * The secrets of a run, and their removal from text. A renew of N certificates registers N keys,
 * each as a dozen pieces, and every log line passes through here: the pieces are indexed by their
 * first MIN_PIECE characters, so a line costs one lookup per character, not one search per piece
 * (issue 22: with 1,000 keys, a search per piece made every log line scan 12,000 strings).
 */
export class Redactor {
  private readonly known = new Set<string>();
  /** Secrets added whole -> their pieces, so that `forget` need not work them out again. */
  private readonly added = new Map<string, string[]>();
  /** First MIN_PIECE characters -> pieces starting with them, longest first. */
  private readonly byPrefix = new Map<string, string[]>();
  /** Pieces shorter than MIN_PIECE (short secrets given whole), longest first. */
  private short: string[] = [];

  /** Registers a secret; returns false when it was already known (or empty). */
  add(value: string): boolean {
    if (this.added.has(value)) return false;
    const pieces = secretPieces(value);
    this.added.set(value, pieces);
    const fresh = pieces.filter((p) => !this.known.has(p));
    if (fresh.length === 0) return false;
    for (const piece of fresh) {
      this.known.add(piece);
      if (piece.length < MIN_PIECE) {
        this.short = [...this.short, piece].sort((a, b) => b.length - a.length);
        continue;
      }
      const key = piece.slice(0, MIN_PIECE);
      const list = this.byPrefix.get(key) ?? [];
      list.push(piece);
      list.sort((a, b) => b.length - a.length);
      this.byPrefix.set(key, list);
    }
    return true;
  }

  /**
   * Drops a secret registered with `add`, once nothing in the run holds it any more (a key sealed
   * and let go): N keys need not stay in memory for the sake of masking them. Pieces another
   * registered secret shares are dropped too; such sharing does not happen between keys.
   */
  forget(value: string): void {
    const pieces = this.added.get(value) ?? secretPieces(value);
    this.added.delete(value);
    for (const piece of pieces) {
      if (!this.known.delete(piece)) continue;
      if (piece.length < MIN_PIECE) {
        this.short = this.short.filter((p) => p !== piece);
        continue;
      }
      const key = piece.slice(0, MIN_PIECE);
      const list = (this.byPrefix.get(key) ?? []).filter((p) => p !== piece);
      if (list.length > 0) this.byPrefix.set(key, list);
      else this.byPrefix.delete(key);
    }
  }

  apply(text: string): string {
    let out = text;
    if (this.byPrefix.size > 0 && out.length >= MIN_PIECE) out = this.maskIndexed(out);
    for (const piece of this.short) if (out.includes(piece)) out = out.split(piece).join(REDACTED);
    return out;
  }

  /**
   * Every place where some piece starts is covered for that piece's length; each run of covered
   * text becomes one REDACTED. Overlapping secrets are masked whole, whichever is longer.
   */
  private maskIndexed(text: string): string {
    let out = '';
    let copied = 0;
    let coverEnd = -1;
    let runStart = -1;
    for (let i = 0; i + MIN_PIECE <= text.length; i++) {
      const list = this.byPrefix.get(text.slice(i, i + MIN_PIECE));
      const hit = list?.find((piece) => text.startsWith(piece, i));
      if (hit) {
        if (i > coverEnd) {
          if (runStart >= 0) {
            out += `${text.slice(copied, runStart)}${REDACTED}`;
            copied = coverEnd;
          }
          runStart = i;
        }
        coverEnd = Math.max(coverEnd, i + hit.length);
      }
    }
    if (runStart < 0) return text;
    return `${out}${text.slice(copied, runStart)}${REDACTED}${text.slice(coverEnd)}`;
  }
}

/** A redactor for a fixed set of secrets. */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const redactor = new Redactor();
  for (const s of secrets) redactor.add(s);
  return (text) => redactor.apply(text);
}

/** A copy of `value` (JSON-like data: a report) with `redact` applied to every string in it. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

/**
 * Text whose lines cannot be read as workflow commands. The runner takes any output line that
 * starts with `::` (after leading spaces) as a command, so a certificate name, a CA or DNS error
 * or a hook's output holding "\n::stop-commands::x" would switch off certflow's own `::error`.
 * Such lines get a backslash in front; `##[` (the older command syntax) likewise.
 */
export function escapeCommands(text: string): string {
  return text.replace(/^([ \t]*)(::|##\[)/gm, '$1\\$2');
}
