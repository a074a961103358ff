/**
 * `certflow decrypt <name>`: break-glass access to a stored private key. The bundle is verified
 * as a deploy would (chain to a trusted root, names, manifest against certificate, hash of the
 * encrypted file, identity, key against certificate; only expiry is allowed), then
 * the key goes to stdout, or to a file created with mode 0600 (`--out`). The key is never put in
 * the command's outputs, which the Action would publish.
 */
import { chmod } from 'node:fs/promises';
import { openBundle } from '../store/open.js';
import { storeDir } from '../store/read.js';
import { loadTrustAnchors } from '../store/trust.js';
import { describeFindings, verifyStoredBundle } from '../store/verify-stored.js';
import { writeFileAtomic } from '../store/write.js';
import { UsageError } from '../util/errors.js';
import type { CommandHandler } from './types.js';

export const decryptHandler: CommandHandler = async (settings, log) => {
  const names = settings.only ?? [];
  if (names.length !== 1) {
    throw new UsageError(
      `decrypt takes exactly one certificate name (got ${names.length === 0 ? 'none' : names.join(', ')}): certflow decrypt <name> [--out <file>]`,
      [{ path: 'certificate names', message: 'exactly one name is needed' }],
    );
  }
  const name = names[0] as string;
  if (!settings.ageIdentity) {
    throw new UsageError(
      'decrypt needs the age identity: --identity <file>, or CERTFLOW_AGE_IDENTITY (the age-identity input in the Action)',
      [{ path: '--identity', message: 'no age identity given' }],
    );
  }
  // Verified as a deploy would (chain, names, manifest), except expiry: break-glass access may be
  // to an old certificate's key.
  const verdict = await verifyStoredBundle(
    settings,
    storeDir(settings),
    name,
    await loadTrustAnchors(settings),
    'decrypt',
  );
  if (!verdict.ok) throw new Error(`refused, the bundle is not valid: ${describeFindings(verdict)}`);
  const opened = await openBundle(storeDir(settings), name, settings.ageIdentity);
  log.secret(opened.privateKeyPem);
  const facts = { name, serial: opened.manifest.serial, notAfter: opened.manifest.notAfter };
  log.info(`bundle ${name} verified: serial ${facts.serial}, expires ${facts.notAfter}`);

  if (settings.out) {
    // Temp file (0600 from creation) renamed into place: the key is never readable by others, even briefly.
    await writeFileAtomic(settings.out, opened.privateKeyPem, 0o600);
    await chmod(settings.out, 0o600); // in case an identical file was already there with a wider mode
    return {
      ok: true,
      outputs: { certificate: name, serial: facts.serial },
      text: `wrote the private key of ${name} (serial ${facts.serial}) to ${settings.out} (mode 0600); delete it when done`,
      json: { ...facts, out: settings.out },
    };
  }
  return {
    ok: true,
    outputs: { certificate: name, serial: facts.serial },
    text: opened.privateKeyPem,
    json: { ...facts, privateKeyPem: opened.privateKeyPem },
  };
};
