/**
 * DANE in a review: a bundle sealed with `dane: true` carries a next key whose TLSA 3 1 1 record
 * must be in DNS one TTL before the rotation that puts it in service. When a change moves the next
 * key, the record published for it goes stale: the reviewer has to publish the new one before the
 * next rotation, or DANE clients will refuse the host then. Pure: compares two manifests and the
 * leaf keys their certificates state.
 */
import type { Manifest } from '../model.js';
import { tlsa311 } from '../store/tlsa.js';
import type { ReviewFlag } from './compare.js';

/** What the comparison needs of one side: the leaf's key (from the certificate) and the manifest's DANE part. */
export interface DaneSide {
  /** SHA-256 of the leaf's SubjectPublicKeyInfo, as the certificate states it. */
  publicKeySha256?: string;
  dane?: Pick<NonNullable<Manifest['dane']>, 'nextPublicKeySha256'>;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * One side from a leaf view and a manifest that may be loosely parsed (the base's is read as plain
 * JSON): a next key that is not a SHA-256 in hex counts as none, so a garbled field is never echoed.
 */
export function daneSide(publicKeySha256: string | undefined, manifest: unknown): DaneSide {
  const dane = (manifest as { dane?: { nextPublicKeySha256?: unknown } } | undefined)?.dane;
  const next = dane?.nextPublicKeySha256;
  return {
    publicKeySha256,
    ...(typeof next === 'string' && HEX64.test(next) ? { dane: { nextPublicKeySha256: next } } : {}),
  };
}

/**
 * A flag when the next key (the TLSA record published ahead) differs between base and head, or
 * when the current key changed to one that was not the pre-published next key. Undefined when
 * nothing about DANE changed.
 */
export function daneFlag(
  file: string,
  name: string,
  before: DaneSide,
  after: DaneSide,
): ReviewFlag | undefined {
  const oldNext = before.dane?.nextPublicKeySha256;
  const newNext = after.dane?.nextPublicKeySha256;
  const keyChanged = Boolean(
    before.publicKeySha256 && after.publicKeySha256 && before.publicKeySha256 !== after.publicKeySha256,
  );
  // The rotation DANE plans for: the key published ahead as "next" is now the certificate's key.
  const asPlanned = Boolean(oldNext && keyChanged && after.publicKeySha256 === oldNext);
  const parts: string[] = [];
  if (oldNext && keyChanged && !asPlanned) {
    parts.push(
      `the current key changed to one that is not the pre-published next key (${tlsa311(oldNext)}): publish ${tlsa311(after.publicKeySha256 as string)} now, DANE clients refuse the host until it is in DNS`,
    );
  }
  if (oldNext !== newNext) {
    if (!newNext) {
      parts.push(
        `TLSA next key dropped: the bundle no longer keeps a next key; the record ${tlsa311(oldNext as string)} published ahead will never match and can be removed`,
      );
    } else {
      const why = !oldNext
        ? 'DANE turned on'
        : asPlanned
          ? 'the current key is the one published ahead, as planned'
          : 'without the planned rotation to the key published ahead';
      parts.push(
        `TLSA next key changed (${why}): publish the new ${tlsa311(newNext)} record at _<port>._tcp for every name before the next rotation${oldNext && !asPlanned ? `; the record ${tlsa311(oldNext)} published ahead is no longer the next key` : ''}`,
      );
    }
  }
  if (parts.length === 0) return undefined;
  return { kind: 'file', file, message: `bundle ${name}: ${parts.join('; ')}` };
}
