/**
 * The output formats besides PEM files, for servers that want something else: `combined` (key and
 * chain in one PEM file, HAProxy's way), `pfx` (PKCS#12 with a password, Windows and Java), `der`
 * (the leaf alone, DER) and `key-der` (the key as PKCS#8 DER). Anything holding the key gets
 * key-mode and is a secret; the others get cert-mode.
 */
import { createPrivateKey } from 'node:crypto';
import type { SshTargetConfig } from '../config/schema.js';
import { splitPemChain } from '../util/x509.js';
import type { PlannedFile } from './files.js';
import { buildPkcs12 } from './pkcs12.js';
import type { DeployBundle } from './types.js';

const pemToDer = (pem: string): Buffer =>
  Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');

function withNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}

export function extraFormats(
  files: SshTargetConfig['files'],
  bundle: DeployBundle,
  at: (name: string) => string,
): PlannedFile[] {
  const keyMode = Number.parseInt(files['key-mode'], 8);
  const certMode = Number.parseInt(files['cert-mode'], 8);
  const chainDer = () => splitPemChain(bundle.fullchainPem).map(pemToDer);
  const out: PlannedFile[] = [];
  if (files.combined) {
    out.push({
      role: 'combined',
      path: at(files.combined),
      // Chain first, then the key: HAProxy reads either order, and this is the order its docs show.
      content: Buffer.from(withNewline(bundle.fullchainPem) + withNewline(bundle.privateKeyPem)),
      mode: keyMode,
      secret: true,
    });
  }
  if (files.pfx) {
    const password = files['pfx-password'];
    // The schema refuses pfx without a password; this guards a caller that built the config itself.
    if (!password) throw new Error(`files.pfx of ${bundle.name} needs files.pfx-password`);
    out.push({
      role: 'pfx',
      path: at(files.pfx),
      content: buildPkcs12({
        privateKeyPem: bundle.privateKeyPem,
        certificatesDer: chainDer(),
        password,
        friendlyName: bundle.name,
      }),
      mode: keyMode,
      secret: true,
    });
  }
  if (files.der) {
    const leaf = chainDer()[0];
    if (!leaf) throw new Error(`the chain of ${bundle.name} holds no certificate`);
    out.push({ role: 'der', path: at(files.der), content: leaf, mode: certMode, secret: false });
  }
  if (files['key-der']) {
    out.push({
      role: 'key-der',
      path: at(files['key-der']),
      content: createPrivateKey(bundle.privateKeyPem).export({ type: 'pkcs8', format: 'der' }),
      mode: keyMode,
      secret: true,
    });
  }
  return out;
}
