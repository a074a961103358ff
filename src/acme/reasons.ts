/** Revocation reasons, apart from the revocation itself so the config reads them without acme-client. */

/** RFC 5280 section 5.3.1 CRLReason codes, those a subscriber may give (RFC 8555 defers to it). */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
} as const;

export type RevocationReason = keyof typeof REVOCATION_REASONS;

export function isRevocationReason(value: string): value is RevocationReason {
  return Object.hasOwn(REVOCATION_REASONS, value);
}
