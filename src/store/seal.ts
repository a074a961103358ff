/**
 * Sealing: turns a certificate fresh from the CA into the three files of a bundle. The private key
 * is encrypted with age to every recipient before anything leaves memory; the manifest binds that
 * ciphertext (by its SHA-256) and the key (by its public-key SHA-256) to the certificate.
 */

import { createPrivateKey, createPublicKey } from 'node:crypto';
import { armor, Encrypter } from 'age-encryption';
import { ariCertificateIdFromParts } from '../acme/ari.js';
import { HISTORY_MAX } from '../guard/history.js';
import type { IssuanceRecord, IssuedCertificate, Manifest } from '../model.js';
import { errorMessage } from '../util/errors.js';
import { leafFacts, sha256Hex } from '../util/x509.js';
import { serializeManifest } from './manifest.js';
import { BUNDLE_FILES } from './read.js';
import { tlsa311 } from './tlsa.js';

/** What `writeBundle` puts on disk and `publishBundles` commits: file name -> exact content. */
export interface SealedBundle {
  name: string;
  manifest: Manifest;
  files: {
    'certificate.json': string;
    'fullchain.pem': string;
    'privkey.pem.age': string;
    /** `dane: true` only. */
    'nextkey.pem.age'?: string;
  };
}

/**
 * Encrypts the key to `recipients` (armored, so the diff and the stock `age -d` both work) and
 * builds the manifest. `previous` is the manifest being replaced: its history is carried forward
 * (with this issuance appended) and its back-off is cleared, because this attempt succeeded.
 */
export async function sealBundle(
  issued: IssuedCertificate,
  recipients: string[],
  previous?: Manifest,
): Promise<SealedBundle> {
  if (recipients.length === 0) {
    throw new Error(`cannot seal ${issued.name}: store.recipients is empty, nobody could decrypt the key`);
  }
  const fullchainPem = normalizePem(issued.fullchainPem);
  const facts = leafFacts(fullchainPem);
  const keyPublicSha = publicKeySha256OfPrivateKey(issued.privateKeyPem, issued.name);
  if (keyPublicSha !== facts.publicKeySha256) {
    // Storing this would give a bundle that can never be deployed; better to fail the issuance now.
    throw new Error(
      `cannot seal ${issued.name}: the private key does not belong to the certificate (key's public-key SHA-256 ${keyPublicSha}, certificate's ${facts.publicKeySha256})`,
    );
  }

  const encryptedKey = await encryptKey(issued.name, issued.privateKeyPem, recipients);
  const next = await sealNextKey(issued, recipients);

  const record: IssuanceRecord = {
    at: issued.issuedAt,
    result: 'issued',
    serial: facts.serial,
    domains: [...issued.domains],
    ...(issued.ariReplacement !== undefined ? { ariReplacement: issued.ariReplacement } : {}),
  };
  const history = [...(previous?.history ?? []), record].slice(-HISTORY_MAX);
  const replaces = issued.replaces ?? previous?.serial;

  const manifest: Manifest = {
    version: 1,
    name: issued.name,
    domains: [...issued.domains],
    keyType: issued.keyType,
    ...(issued.profile ? { profile: issued.profile } : {}),
    serial: facts.serial,
    notBefore: facts.notBefore.toISOString(),
    notAfter: facts.notAfter.toISOString(),
    issuer: facts.issuer,
    ...(issued.acmeDirectory ? { acmeDirectory: issued.acmeDirectory } : {}),
    certificateSha256: facts.sha256,
    publicKeySha256: facts.publicKeySha256,
    ...(facts.authorityKeyId
      ? { ariCertId: ariCertificateIdFromParts(facts.authorityKeyId, facts.serial) }
      : {}),
    ...(issued.ari ? { ari: issued.ari } : {}),
    issuedAt: issued.issuedAt,
    // A serial never "replaces" itself (re-sealing the same certificate, e.g. new recipients).
    ...(replaces && replaces !== facts.serial ? { replaces } : {}),
    recipients: [...recipients],
    privateKeySha256: sha256Hex(encryptedKey),
    history,
    ...(next
      ? {
          dane: {
            nextPublicKeySha256: next.publicKeySha256,
            nextKeySha256: sha256Hex(next.encrypted),
            tlsa: { current: tlsa311(facts.publicKeySha256), next: tlsa311(next.publicKeySha256) },
          },
        }
      : {}),
    // Revocations stay on record across renewals: they are about serials, not the current one.
    ...(previous?.revocations?.length ? { revocations: [...previous.revocations] } : {}),
  };

  return {
    name: issued.name,
    manifest,
    files: {
      [BUNDLE_FILES.manifest]: serializeManifest(manifest),
      [BUNDLE_FILES.fullchain]: fullchainPem,
      [BUNDLE_FILES.key]: encryptedKey,
      ...(next ? { [BUNDLE_FILES.nextKey]: next.encrypted } : {}),
    } as SealedBundle['files'],
  };
}

/** A DANE TLSA record's data for a key: usage 3 (DANE-EE), selector 1 (SPKI), matching type 1 (SHA-256). */
export { tlsa311 };

/** The key encrypted to every recipient, armored (so the diff and the stock `age -d` both work). */
export async function encryptKey(name: string, privateKeyPem: string, recipients: string[]): Promise<string> {
  if (recipients.length === 0) {
    throw new Error(`cannot seal ${name}: no recipients, nobody could decrypt the key`);
  }
  const encrypter = new Encrypter();
  for (const recipient of recipients) {
    try {
      encrypter.addRecipient(recipient);
    } catch (error) {
      throw new Error(
        `cannot seal ${name}: recipient "${recipient}" is not a valid age recipient (${errorMessage(error)})`,
      );
    }
  }
  return armor.encode(await encrypter.encrypt(privateKeyPem));
}

/** The next key's sealed file and public-key SHA-256: a fresh key is encrypted, a sealed one kept as it is. */
async function sealNextKey(
  issued: IssuedCertificate,
  recipients: string[],
): Promise<{ encrypted: string; publicKeySha256: string } | undefined> {
  const next = issued.next;
  if (!next) return undefined;
  if ('encrypted' in next) return next;
  return {
    encrypted: await encryptKey(issued.name, next.privateKeyPem, recipients),
    publicKeySha256: publicKeySha256OfPrivateKey(next.privateKeyPem, `${issued.name} next key`),
  };
}

/** SHA-256 of the SubjectPublicKeyInfo derived from a private key PEM; the error never quotes the key. */
export function publicKeySha256OfPrivateKey(privateKeyPem: string, name: string): string {
  let spki: Buffer;
  try {
    spki = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'der' });
  } catch (error) {
    throw new Error(`${name}: the private key is not a readable PEM key (${errorMessage(error)})`);
  }
  return sha256Hex(spki);
}

/** LF line endings, one final newline: the same chain always gives the same bytes. */
export function normalizePem(pem: string): string {
  return `${pem.replace(/\r\n?/g, '\n').trim()}\n`;
}
