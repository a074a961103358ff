/**
 * Revoking a stored certificate: find it (the current bundle, or an earlier one from git history by
 * serial), check that it is one of ours, choose the signer, ask the CA, and record the answer in the
 * bundle's certificate.json. `rotate` revokes through `revokeBundle` once the new certificate is
 * served everywhere.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toStageError } from '../acme/errors.js';
import { issuerOf } from '../acme/issuers.js';
import {
  type RevocationOutcome,
  type RevocationReason,
  revokeWithAccount,
  revokeWithCertificateKey,
} from '../acme/revoke.js';
import { type AcmeSession, openSession } from '../acme/session.js';
import type { Settings } from '../config/settings.js';
import type { Manifest, RevocationRecord, StageError } from '../model.js';
import { storePathInRepo } from '../publish/files.js';
import { findBundleInHistory } from '../store/history.js';
import { serializeManifest } from '../store/manifest.js';
import { openBundle } from '../store/open.js';
import { BUNDLE_FILES, readStoredCertificate, storeDir } from '../store/read.js';
import type { SealedBundle } from '../store/seal.js';
import { writeBundle } from '../store/write.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { leafFacts } from '../util/x509.js';

/** A certificate to revoke, with what is needed to sign for it. */
export interface RevocationTarget {
  name: string;
  serial: string;
  fullchainPem: string;
  /** Where it was found: the bundle in the working tree, or the commit it was read from. */
  source: 'current' | { commit: string };
  /** The bundle's files, so the key can be opened (and checked) like any stored key. */
  files: SealedBundle['files'];
  /** The CA that issued it, as its manifest records (none: the first configured CA). */
  acmeDirectory?: string;
}

export interface RevokeResult {
  name: string;
  serial: string;
  reason: RevocationReason;
  ok: boolean;
  /** Set when the CA was asked and agreed. */
  outcome?: RevocationOutcome;
  at?: string;
  /** Where the certificate came from: `current`, or the commit of history it was read from. */
  source: string;
  /** Whether the record made it into certificate.json (a bundle no longer in the store cannot hold it). */
  recorded: boolean;
  error?: StageError;
  warnings: string[];
}

/**
 * The certificate `serial` of bundle `name` (default: the current one). Throws with the serials the
 * store and its history hold when the serial is not there.
 */
export async function findRevocationTarget(
  settings: Settings,
  name: string,
  serial: string | undefined,
): Promise<RevocationTarget> {
  const dir = storeDir(settings);
  const stored = await readStoredCertificate(dir, name);
  if (stored.state === 'unreadable' && serial === undefined) {
    throw new Error(
      `bundle ${name} cannot be read (${stored.error}); name the serial to revoke with --serial`,
    );
  }
  if (stored.state === 'present' && (serial === undefined || serial === stored.manifest.serial)) {
    const key = await readFile(join(stored.dir, BUNDLE_FILES.key), 'utf8').catch(() => '');
    return {
      name,
      serial: stored.manifest.serial,
      fullchainPem: stored.fullchainPem,
      source: 'current',
      acmeDirectory: stored.manifest.acmeDirectory,
      files: {
        'certificate.json': serializeManifest(stored.manifest),
        'fullchain.pem': stored.fullchainPem,
        'privkey.pem.age': key,
      },
    };
  }
  if (serial === undefined)
    throw new Error(`nothing is stored for ${name} under ${dir}/${name}: nothing to revoke`);
  const search = await findBundleInHistory(settings.workspace, storePathInRepo(settings), name, serial);
  if (!search.found) {
    const known = search.serials.length > 0 ? search.serials.join(', ') : 'none';
    throw new Error(
      `serial ${serial} is not in the git history of ${storePathInRepo(settings)}/${name}; serials found there (newest first): ${known}`,
    );
  }
  return {
    name,
    serial,
    fullchainPem: search.found.files['fullchain.pem'],
    source: { commit: search.found.commit },
    files: search.found.files,
    acmeDirectory: recordedDirectory(search.found.files['certificate.json']),
  };
}

/** The CA an old manifest names, read leniently (an old bundle need not parse as today's manifest). */
function recordedDirectory(text: string | undefined): string | undefined {
  try {
    const value = (JSON.parse(text ?? '') as { acmeDirectory?: unknown }).acmeDirectory;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a certificate that is not what the store says or not ours to revoke: the serial comes from
 * the certificate (never the manifest), and every name in it must be one the config manages for
 * this certificate, so a bundle planted in history cannot make us revoke someone else's names.
 */
export function checkTarget(settings: Settings, target: RevocationTarget): void {
  let facts: ReturnType<typeof leafFacts>;
  try {
    facts = leafFacts(target.fullchainPem);
  } catch (error) {
    throw new Error(
      `bundle ${target.name}: fullchain.pem is not a certificate chain (${errorMessage(error)})`,
    );
  }
  if (facts.serial !== target.serial) {
    throw new Error(
      `bundle ${target.name}: the manifest says serial ${target.serial} but the certificate's serial is ${facts.serial}; refusing to revoke a certificate other than the one named`,
    );
  }
  const configured = settings.config.certificates[target.name]?.domains ?? [];
  const foreign = facts.names.filter((n) => !configured.includes(n));
  if (foreign.length > 0) {
    throw new Error(
      `bundle ${target.name}: the certificate (serial ${facts.serial}) names ${foreign.join(', ')}, which the config does not list for ${target.name} (${configured.join(', ') || 'no names'}); refusing to revoke it. Revoke it by hand if it is yours`,
    );
  }
}

/** The certificate's own key, opened and checked like any stored key; undefined (with why) if not. */
async function certificateKey(
  target: RevocationTarget,
  identity: string,
  log: Logger,
): Promise<{ key?: string; why?: string }> {
  // openBundle checks the encrypted file's hash, decrypts and matches the key to the leaf. History
  // is opened from a private temp copy (public files and ciphertext only).
  const temp = await mkdtemp(join(tmpdir(), 'certflow-revoke-'));
  try {
    await writeBundle(temp, { name: target.name, manifest: {} as Manifest, files: target.files });
    const opened = await openBundle(temp, target.name, identity);
    log.secret(opened.privateKeyPem);
    return { key: opened.privateKeyPem };
  } catch (error) {
    return { why: errorMessage(error) };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Revokes `target` at the CA. With keyCompromise and an identity, the request is signed with the
 * certificate's own key (the CA may then block the key); otherwise, or when that key cannot be
 * opened, with the account key. Never throws: the result says what happened.
 */
export async function revokeBundle(
  settings: Settings,
  log: Logger,
  target: RevocationTarget,
  reason: RevocationReason,
  session: AcmeSession,
  now: () => Date = () => new Date(),
): Promise<RevokeResult> {
  const source = target.source === 'current' ? 'current' : `commit ${target.source.commit}`;
  const base = { name: target.name, serial: target.serial, reason, source, recorded: false };
  const warnings: string[] = [];
  try {
    checkTarget(settings, target);
    let key: string | undefined;
    if (reason === 'keyCompromise') {
      if (settings.ageIdentity) {
        const opened = await certificateKey(target, settings.ageIdentity, log);
        key = opened.key;
        if (!key)
          warnings.push(
            `${target.name}: cannot use the certificate's own key (${opened.why}); signing with the account key, so the CA cannot block the key itself`,
          );
      } else {
        warnings.push(
          `${target.name}: no age identity given: signing with the account key, so the CA revokes the certificate but cannot block the key; give the identity to sign with the certificate's key`,
        );
      }
    }
    const outcome = key
      ? await revokeWithCertificateKey(session, target.fullchainPem, reason, key)
      : await revokeWithAccount(session, target.fullchainPem, reason);
    return { ...base, ok: true, outcome, at: now().toISOString(), warnings };
  } catch (error) {
    return { ...base, ok: false, error: toStageError(error), warnings };
  }
}

/**
 * Appends the revocation to the current certificate.json of the bundle, in the working tree.
 * Returns the new manifest text, or undefined when there is no readable bundle to hold it.
 */
export async function recordRevocation(
  settings: Settings,
  result: RevokeResult,
): Promise<string | undefined> {
  if (!result.ok || !result.outcome || !result.at) return undefined;
  const stored = await readStoredCertificate(storeDir(settings), result.name);
  if (stored.state !== 'present') return undefined;
  const record: RevocationRecord = {
    serial: result.serial,
    reason: result.reason,
    at: result.at,
    result: result.outcome.result,
    signedWith: result.outcome.signedWith,
  };
  const revocations = [...(stored.manifest.revocations ?? []), record].slice(-100);
  return serializeManifest({ ...stored.manifest, revocations });
}

/**
 * Opens one ACME session for revocations (no account is created), at the CA that issued `target`
 * (acme.issuers); without a target, or for a bundle that records no CA, the first configured CA.
 */
export function revocationSession(
  settings: Settings,
  log: Logger,
  target?: Pick<RevocationTarget, 'name' | 'serial' | 'acmeDirectory'>,
): Promise<AcmeSession> {
  const issuer = issuerOf(
    settings,
    target,
    target ? `${target.name} serial ${target.serial}` : 'the certificate',
  );
  if (target?.acmeDirectory)
    log.info(`${target.name}: revoking at ${issuer.directory}, the CA that issued it`);
  return openSession(settings, log, { maxRetryAfterMs: 60_000 }, issuer);
}
