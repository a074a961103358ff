/**
 * The two secrets `certflow init` creates: the ACME account key and the age identity that opens
 * stored private keys. Optionally an SSH deploy key pair. Nothing here touches the disk.
 */
import { generateKeyPairSync } from 'node:crypto';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import ssh2 from 'ssh2';

/** ECDSA P-256 private key, PKCS#8 PEM: what ACME CAs accept everywhere and acme-client reads. */
export function generateAccountKey(): string {
  const { privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}

export interface AgeKeyPair {
  /** AGE-SECRET-KEY-1...: secret. */
  identity: string;
  /** age1...: public, goes into the config's store.recipients. */
  recipient: string;
}

/**
 * An X25519 identity, deliberately not `generateIdentity()`: that may become the post-quantum
 * hybrid kind, which the stock age 1.1 CLI refuses, and users must be able to decrypt with it.
 */
export async function generateAgeKeyPair(): Promise<AgeKeyPair> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export interface SshKeyPair {
  /** OpenSSH private key (unencrypted): secret. */
  privateKey: string;
  /** One authorized_keys line. */
  publicKey: string;
}

/** An Ed25519 deploy key in OpenSSH formats, readable by ssh2 and OpenSSH alike. */
export function generateSshKeyPair(comment: string): SshKeyPair {
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
  return { privateKey: pair.private, publicKey: pair.public.trim() };
}
