/**
 * Re-sealing: the same certificate and key, encrypted to another set of recipients. Nothing is
 * ordered. Only someone who can open the bundle can do it (the key must be decrypted to be
 * encrypted again), so a recipient can only be added by a holder of an identity that opens the
 * key today; anyone can still write a config that asks for it, which is why verify flags both the
 * config change and the manifest's new recipients.
 */
import type { Manifest } from '../model.js';
import { sha256Hex } from '../util/x509.js';
import { serializeManifest } from './manifest.js';
import type { OpenedBundle } from './open.js';
import { BUNDLE_FILES } from './read.js';
import { encryptKey, normalizePem, type SealedBundle } from './seal.js';

export async function resealBundle(
  name: string,
  opened: OpenedBundle,
  recipients: string[],
): Promise<SealedBundle> {
  const encryptedKey = await encryptKey(name, opened.privateKeyPem, recipients);
  const manifest: Manifest = {
    ...opened.manifest,
    recipients: [...recipients],
    privateKeySha256: sha256Hex(encryptedKey),
  };
  return {
    name,
    manifest,
    files: {
      [BUNDLE_FILES.manifest]: serializeManifest(manifest),
      [BUNDLE_FILES.fullchain]: normalizePem(opened.fullchainPem),
      [BUNDLE_FILES.key]: encryptedKey,
    } as SealedBundle['files'],
  };
}
