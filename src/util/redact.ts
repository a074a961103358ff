/**
 * Masking of secrets in text, shared by every Logger and by hook output. A multi-line secret (a
 * PEM key) may be printed whole, one line at a time, or joined into one base64 string; every form
 * contains its body lines, so masking those lines too masks them all.
 */
export const REDACTED = '***';

/** The pieces of a secret to mask: the value, and each body line of a multi-line value. */
export function secretPieces(value: string): string[] {
  const trimmed = value.trim();
  const lines = trimmed
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 16 && !l.startsWith('-----'));
  return [...new Set([value, trimmed, ...lines])].filter((p) => p.length > 0);
}

export class Redactor {
  // Longest first, so a whole key is replaced before any of its lines.
  private pieces: string[] = [];

  /** Registers a secret; returns false when it was already known (or empty). */
  add(value: string): boolean {
    const fresh = secretPieces(value).filter((p) => !this.pieces.includes(p));
    if (fresh.length === 0) return false;
    this.pieces = [...this.pieces, ...fresh].sort((a, b) => b.length - a.length);
    return true;
  }

  apply(text: string): string {
    let out = text;
    for (const piece of this.pieces) if (out.includes(piece)) out = out.split(piece).join(REDACTED);
    return out;
  }
}

/** A redactor for a fixed set of secrets. */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const redactor = new Redactor();
  for (const s of secrets) redactor.add(s);
  return (text) => redactor.apply(text);
}
