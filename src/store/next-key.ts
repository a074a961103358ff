/**
 * The DANE next key of a bundle (nextkey.pem.age): opened only to become the certificate's key at
 * the next rotation. Like the key itself it is bound by the manifest (SHA-256 of the file, public-key
 * SHA-256). The manifest is writable by anyone with write access, so a next key swapped on a branch
 * shows as a changed `dane.nextPublicKeySha256` (and TLSA next record) in the diff a reviewer sees;
 * a file that does not match its manifest is refused here before it is used.
 */
import { armor, Decrypter } from 'age-encryption';
import type { Manifest } from '../model.js';
import { errorMessage } from '../util/errors.js';
import { sha256Hex } from '../util/x509.js';
import { bundlePaths, readBundleFile } from './read.js';
import { publicKeySha256OfPrivateKey } from './seal.js';

export interface OpenedNextKey {
  /** PKCS#8 PEM, in memory only; callers register it as a secret. */
  privateKeyPem: string;
  /** The file as stored, to carry it unchanged when it is not used yet. */
  encrypted: string;
  publicKeySha256: string;
}

/** Opens `<store>/<name>/nextkey.pem.age`; throws naming the bundle and what differs. */
export async function openNextKey(
  storeDir: string,
  name: string,
  manifest: Manifest,
  identity: string,
): Promise<OpenedNextKey> {
  const dane = manifest.dane;
  const path = bundlePaths(storeDir, name).nextKey;
  if (!dane) throw new Error(`bundle ${name}: the manifest holds no dane next key`);
  const file = await readBundleFile(path);
  if (!file) throw new Error(`bundle ${name}: ${path} is missing; restore it from git history`);
  if (sha256Hex(file) !== dane.nextKeySha256) {
    throw new Error(
      `bundle ${name}: ${path} is not the file that was sealed (its SHA-256 is ${sha256Hex(file)}, the manifest says ${dane.nextKeySha256}); restore it from git history`,
    );
  }
  const text = file.toString('utf8');
  const decrypter = new Decrypter();
  let privateKeyPem: string;
  try {
    decrypter.addIdentity(identity.trim());
    privateKeyPem = await decrypter.decrypt(armor.decode(text), 'text');
  } catch (error) {
    throw new Error(
      `bundle ${name}: ${path} cannot be opened with the age identity (${errorMessage(error)})`,
    );
  }
  const publicKeySha256 = publicKeySha256OfPrivateKey(privateKeyPem, `bundle ${name} next key`);
  if (publicKeySha256 !== dane.nextPublicKeySha256) {
    throw new Error(
      `bundle ${name}: the next key's public-key SHA-256 is ${publicKeySha256}, but the TLSA record published ahead names ${dane.nextPublicKeySha256}; refusing to use it`,
    );
  }
  return { privateKeyPem, encrypted: text, publicKeySha256 };
}
