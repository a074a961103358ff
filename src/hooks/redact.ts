/**
 * Keeps a private key out of hook output. A hook may print the key whole, line by line, or as one
 * long base64 string; every form contains the PEM body lines, so masking those lines masks them all.
 */
export const REDACTED = '***';

/** The pieces of a PEM to mask: the whole text and each body line long enough to be unique. */
export function secretPieces(pem: string): string[] {
  const lines = pem
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length >= 16 && !l.startsWith('-----'));
  return [pem, pem.trim(), ...lines];
}

export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a whole PEM is replaced before its lines are.
  const pieces = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const piece of pieces) if (out.includes(piece)) out = out.split(piece).join(REDACTED);
    return out;
  };
}
