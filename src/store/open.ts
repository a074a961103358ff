/**
 * Opening a bundle: the only place a stored private key is decrypted. Each way a bundle can be
 * wrong has its own error naming the bundle and what differs, because "decryption failed" tells an
 * operator nothing about whether to restore a file, fix a secret or re-issue.
 */
import { armor, Decrypter } from 'age-encryption';
import type { Manifest } from '../model.js';
import { errorMessage } from '../util/errors.js';
import { leafFacts, sha256Hex } from '../util/x509.js';
import { BUNDLE_FILES, bundlePaths, readBundleFile, readStoredCertificate } from './read.js';
import { publicKeySha256OfPrivateKey } from './seal.js';

export type BundleProblem =
  | 'missing'
  | 'unreadable'
  | 'truncated'
  | 'tampered'
  | 'wrong-identity'
  | 'mismatched-key'
  | 'bad-identity';

/** A bundle that cannot be opened; `problem` says which check failed, for callers that branch on it. */
export class BundleError extends Error {
  readonly bundle: string;
  readonly problem: BundleProblem;
  constructor(bundle: string, problem: BundleProblem, message: string) {
    super(message);
    this.name = 'BundleError';
    this.bundle = bundle;
    this.problem = problem;
  }
}

export interface OpenedBundle {
  manifest: Manifest;
  fullchainPem: string;
  /** PKCS#8 PEM, in memory only. Callers must `log.secret()` it before logging anything near it. */
  privateKeyPem: string;
}

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
const BINARY_MAGIC = 'age-encryption.org/v1\n';

/**
 * Reads `<storeDir>/<name>`, checks privkey.pem.age against the manifest's SHA-256, decrypts it
 * with `identity` (AGE-SECRET-KEY-1...), and checks that the key belongs to the certificate.
 * Accepts armored and binary age files, so a key re-encrypted by hand with the `age` CLI opens too
 * (once the manifest's privateKeySha256 is updated to match).
 */
export async function openBundle(storeDir: string, name: string, identity: string): Promise<OpenedBundle> {
  const stored = await readStoredCertificate(storeDir, name);
  if (stored.state === 'missing') {
    throw new BundleError(
      name,
      'missing',
      `bundle ${name}: nothing stored under ${bundlePaths(storeDir, name).dir}`,
    );
  }
  if (stored.state === 'unreadable') {
    throw new BundleError(name, 'unreadable', `bundle ${name}: ${stored.error}`);
  }
  const { manifest, fullchainPem } = stored;
  const keyPath = bundlePaths(storeDir, name).key;
  let encrypted: Buffer | undefined;
  try {
    encrypted = await readBundleFile(keyPath);
  } catch (error) {
    throw new BundleError(name, 'unreadable', `bundle ${name}: ${errorMessage(error)}`);
  }
  if (!encrypted) throw new BundleError(name, 'missing', `bundle ${name}: ${keyPath} is missing`);

  const actualSha = sha256Hex(encrypted);
  if (actualSha !== manifest.privateKeySha256) {
    const truncation = truncationOf(encrypted);
    if (truncation) {
      throw new BundleError(
        name,
        'truncated',
        `bundle ${name}: ${keyPath} is truncated (${truncation}, ${encrypted.length} bytes); restore it from git history`,
      );
    }
    throw new BundleError(
      name,
      'tampered',
      `bundle ${name}: ${keyPath} is not the file that was sealed: its SHA-256 is ${actualSha}, ${BUNDLE_FILES.manifest} says ${manifest.privateKeySha256}. Restore it from git history, or if you re-encrypted it on purpose, put the new SHA-256 in the manifest`,
    );
  }

  const decrypter = new Decrypter();
  try {
    decrypter.addIdentity(identity.trim());
  } catch {
    // The library's message could echo the identity; say what is wrong without it.
    throw new BundleError(
      name,
      'bad-identity',
      `bundle ${name}: the age identity is not valid (expected one line starting with AGE-SECRET-KEY-1)`,
    );
  }
  let privateKeyPem: string;
  try {
    privateKeyPem = await decrypter.decrypt(ciphertextOf(encrypted), 'text');
  } catch (error) {
    const message = errorMessage(error);
    if (/no identity matched/i.test(message)) {
      throw new BundleError(
        name,
        'wrong-identity',
        `bundle ${name}: the age identity does not open ${keyPath}; it was encrypted to ${manifest.recipients.join(', ')}. Use the identity of one of those recipients`,
      );
    }
    const truncation = truncationOf(encrypted);
    throw new BundleError(
      name,
      truncation ? 'truncated' : 'tampered',
      `bundle ${name}: ${keyPath} cannot be decrypted (${truncation ?? message}); restore it from git history`,
    );
  }

  let keySha: string;
  try {
    keySha = publicKeySha256OfPrivateKey(privateKeyPem, `bundle ${name}`);
  } catch (error) {
    throw new BundleError(name, 'mismatched-key', errorMessage(error));
  }
  // Compared with the certificate itself, never the manifest: anyone can write a manifest that
  // names the key they sealed.
  let leafKeySha: string;
  try {
    leafKeySha = leafFacts(fullchainPem).publicKeySha256;
  } catch (error) {
    throw new BundleError(name, 'unreadable', `bundle ${name}: fullchain.pem: ${errorMessage(error)}`);
  }
  if (keySha !== leafKeySha) {
    throw new BundleError(
      name,
      'mismatched-key',
      `bundle ${name}: key: the decrypted private key does not belong to the certificate: the key's public-key SHA-256 is ${keySha}, the certificate's is ${leafKeySha}`,
    );
  }
  return { manifest, fullchainPem, privateKeyPem };
}

/** The raw age file, from armored or binary form. Armor errors surface as decryption errors. */
function ciphertextOf(file: Buffer): Uint8Array {
  const text = file.toString('latin1');
  if (text.trimStart().startsWith(ARMOR_BEGIN)) return armor.decode(text);
  return new Uint8Array(file);
}

/** Why a file looks cut short, or undefined when its framing is complete. */
function truncationOf(file: Buffer): string | undefined {
  if (file.length === 0) return 'the file is empty';
  const text = file.toString('latin1');
  if (text.trimStart().startsWith(ARMOR_BEGIN)) {
    if (!text.includes(ARMOR_END)) return `no "${ARMOR_END}" line`;
    try {
      armor.decode(text);
    } catch (error) {
      return `the armor does not decode: ${errorMessage(error)}`;
    }
    return undefined;
  }
  if (BINARY_MAGIC.startsWith(text.slice(0, BINARY_MAGIC.length)) && file.length <= BINARY_MAGIC.length) {
    return 'it ends inside the age header';
  }
  if (text.startsWith(BINARY_MAGIC) && !text.includes('\n---')) return 'it ends inside the age header';
  return undefined;
}
