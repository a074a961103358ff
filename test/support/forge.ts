/**
 * Bundles forged as someone with only public material would: a certificate they can get or make,
 * a key of their own sealed to the store's public age recipient, and a manifest written to match
 * whatever they want a reviewer (or the plan) to believe.
 */
import type { IssuedCertificate, Manifest } from '../../src/model.js';
import { serializeManifest } from '../../src/store/manifest.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { leafFacts } from '../../src/util/x509.js';

export interface Forgery {
  /** Ship this chain instead of the one the key belongs to (key A's certificate, key B sealed). */
  fullchainPem?: string;
  /** Whether the manifest then states the shipped certificate's public key (default yes). */
  claimShippedKey?: boolean;
  /** Last touch on the manifest (an edited notAfter). */
  edit?: (manifest: Manifest) => void;
}

/** Writes `<storeDir>/<issued.name>` as forged; returns the manifest written. */
export async function writeForged(
  storeDir: string,
  issued: IssuedCertificate,
  recipients: string[],
  forgery: Forgery = {},
): Promise<Manifest> {
  const sealed = await sealBundle(issued, recipients);
  const manifest = { ...sealed.manifest };
  let fullchain = sealed.files['fullchain.pem'];
  if (forgery.fullchainPem) {
    fullchain = forgery.fullchainPem;
    const facts = leafFacts(fullchain);
    Object.assign(manifest, {
      serial: facts.serial,
      notBefore: facts.notBefore.toISOString(),
      notAfter: facts.notAfter.toISOString(),
      issuer: facts.issuer,
      domains: facts.names,
      certificateSha256: facts.sha256,
      ...(forgery.claimShippedKey === false ? {} : { publicKeySha256: facts.publicKeySha256 }),
    });
  }
  forgery.edit?.(manifest);
  await writeBundle(storeDir, {
    name: issued.name,
    manifest,
    files: {
      'certificate.json': serializeManifest(manifest),
      'fullchain.pem': fullchain,
      'privkey.pem.age': sealed.files['privkey.pem.age'],
    },
  });
  return manifest;
}
