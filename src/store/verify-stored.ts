/**
 * Reads a stored bundle and verifies it in one step, for the commands that use stored bundles
 * (deploy, check, decrypt, verify). A missing or unreadable bundle is a failed verdict too, so a
 * caller can never mistake "could not look" for "fine".
 */
import type { Settings } from '../config/settings.js';
import type { Manifest } from '../model.js';
import { readStoredCertificate } from './read.js';
import type { TrustAnchors } from './trust.js';
import { type BundleVerdict, verifyBundle } from './verify.js';

export interface StoredVerdict extends BundleVerdict {
  /** Present when the bundle could be read (valid or not). */
  manifest?: Manifest;
  fullchainPem?: string;
}

/** Where a stored bundle is used, and so which checks apply (see docs/store-and-publish.md). */
export type VerifyUse = 'deploy' | 'check' | 'verify' | 'decrypt';

/**
 * Verifies `<storeDir>/<name>` against the config (its domains) and the trust anchors. Every use
 * checks the chain, names and manifest; all but decrypt (break-glass access to an old key) also
 * refuse an expired leaf.
 */
export async function verifyStoredBundle(
  settings: Pick<Settings, 'config'>,
  dir: string,
  name: string,
  trust: TrustAnchors,
  use: VerifyUse,
  now: Date = new Date(),
): Promise<StoredVerdict> {
  const stored = await readStoredCertificate(dir, name);
  if (stored.state !== 'present') {
    const actual = stored.state === 'missing' ? `nothing stored under ${dir}/${name}` : stored.error;
    return {
      name,
      ok: false,
      findings: [
        {
          bundle: name,
          field: 'bundle',
          expected: 'a readable bundle',
          actual,
          message: `bundle ${name}: ${actual}`,
        },
      ],
    };
  }
  const verdict = verifyBundle(name, stored.manifest, stored.fullchainPem, {
    domains: settings.config.certificates[name]?.domains,
    trust,
    now,
    requireUnexpired: use !== 'decrypt',
  });
  if (!settings.config.certificates[name]) {
    verdict.findings.push({
      bundle: name,
      field: 'names',
      expected: `a certificate named ${name} under certificates: in the config`,
      actual: 'none',
      message: `bundle ${name}: no certificate ${name} is configured, so its names cannot be checked`,
    });
    verdict.ok = false;
  }
  return { ...verdict, manifest: stored.manifest, fullchainPem: stored.fullchainPem };
}

/** The findings as one line, for errors and log lines. */
export function describeFindings(verdict: BundleVerdict): string {
  return verdict.findings.map((f) => f.message).join('; ');
}
