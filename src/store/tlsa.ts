/**
 * The TLSA record data of a key (RFC 6698: usage 3 DANE-EE, selector 1 SPKI, matching 1 SHA-256).
 * Its own module so that verify, which only reads manifests, never loads the age library.
 */
export function tlsa311(publicKeySha256: string): string {
  return `3 1 1 ${publicKeySha256}`;
}
