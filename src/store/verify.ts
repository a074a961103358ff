/**
 * The one bundle verifier. The manifest is a view for reviewers and anyone can seal a key to the
 * public recipient, so a bundle is believed only when the certificate itself proves it: its chain
 * reaches a trusted root, its names are the configured ones, and every manifest field that the
 * certificate also states says the same. plan, deploy, check, decrypt and verify all call this.
 */
import type { X509Certificate } from 'node:crypto';
import type { Manifest } from '../model.js';
import { errorMessage } from '../util/errors.js';
import {
  type CertificateFacts,
  certificateFacts,
  issuedBy,
  oneLine,
  parseCertificate,
  splitPemChain,
} from '../util/x509.js';
import type { TrustAnchors } from './trust.js';

/** One failed check: which bundle, which field, what was expected and what was found. */
export interface BundleFinding {
  bundle: string;
  /** chain, names, notAfter, serial, ... (manifest fields keep their manifest names). */
  field: string;
  expected: string;
  actual: string;
  /** One line naming the bundle, the field and both values. */
  message: string;
}

export interface VerifyOptions {
  /** The configured domains of this certificate; omitted: the names are not checked (plan). */
  domains?: string[];
  /** Roots the chain must reach; omitted: the chain is not checked (plan, see docs). */
  trust?: TrustAnchors;
  /** The time of use: the chain's certificates must be valid then. */
  now: Date;
  /** Also fail an expired (or not yet valid) leaf: deploy, check and verify do. */
  requireUnexpired: boolean;
}

export interface BundleVerdict {
  name: string;
  ok: boolean;
  findings: BundleFinding[];
  /** The leaf as the certificate states it, when fullchain.pem parses. */
  leaf?: CertificateFacts;
  /** Subjects from the leaf to the trusted root, when the chain verified. */
  path?: string[];
}

const list = (names: string[]) => (names.length ? [...names].sort().join(', ') : '(none)');
const sameSet = (a: string[], b: string[]) =>
  list(a.map((n) => n.toLowerCase())) === list(b.map((n) => n.toLowerCase()));

/** Checks a bundle's clear parts (manifest + fullchain). Never throws: problems are findings. */
export function verifyBundle(
  name: string,
  manifest: Manifest,
  fullchainPem: string,
  options: VerifyOptions,
): BundleVerdict {
  const findings: BundleFinding[] = [];
  const add = (field: string, expected: string, actual: string, what?: string) => {
    findings.push({
      bundle: name,
      field,
      expected,
      actual,
      message: `bundle ${name}: ${field}: ${what ?? `the certificate says ${expected}, the manifest says ${actual}`}`,
    });
  };

  const blocks = splitPemChain(fullchainPem);
  let leaf: CertificateFacts;
  let chain: X509Certificate[] | undefined;
  try {
    if (blocks.length === 0) throw new Error('no PEM certificate found');
    // The leaf's facts come from a DER walk when it is plain (src/util/x509-der.ts), so the plan,
    // which checks no chain, parses only the intermediates, which a whole store shares (cached).
    // A key node:crypto cannot load throws here and is a finding, not a crash of the whole run.
    leaf = certificateFacts(blocks[0] as string);
    const upper = blocks.slice(1).map((b) => parseCertificate(b));
    if (options.trust) chain = [parseCertificate(blocks[0] as string), ...upper];
  } catch (error) {
    add(
      'fullchain.pem',
      'a PEM certificate chain',
      errorMessage(error),
      `fullchain.pem does not parse (${errorMessage(error)})`,
    );
    return { name, ok: false, findings };
  }

  // Every manifest field the certificate also states.
  const fields: Array<[string, string, string]> = [
    ['serial', leaf.serial, manifest.serial],
    ['issuer', leaf.issuer, manifest.issuer],
    ['certificateSha256', leaf.sha256, manifest.certificateSha256],
    ['publicKeySha256', leaf.publicKeySha256, manifest.publicKeySha256],
    ['keyType', leaf.keyType, manifest.keyType],
  ];
  for (const [field, cert, said] of fields) {
    if (cert !== said) add(field, cert, said);
  }
  for (const field of ['notBefore', 'notAfter'] as const) {
    const cert = leaf[field];
    const said = Date.parse(manifest[field]);
    if (cert.getTime() !== said) add(field, cert.toISOString(), manifest[field]);
  }
  if (!sameSet(leaf.names, manifest.domains)) add('domains', list(leaf.names), list(manifest.domains));

  if (options.domains && !sameSet(leaf.names, options.domains)) {
    add(
      'names',
      list(options.domains),
      list(leaf.names),
      `the certificate is for ${list(leaf.names)}, the config wants ${list(options.domains)}`,
    );
  }

  const now = options.now.getTime();
  if (options.requireUnexpired) {
    if (leaf.notAfter.getTime() <= now) {
      add(
        'expiry',
        `valid at ${options.now.toISOString()}`,
        `expired ${leaf.notAfter.toISOString()}`,
        `the certificate expired at ${leaf.notAfter.toISOString()} (now ${options.now.toISOString()})`,
      );
    } else if (leaf.notBefore.getTime() > now) {
      add(
        'expiry',
        `valid at ${options.now.toISOString()}`,
        `valid from ${leaf.notBefore.toISOString()}`,
        `the certificate is not valid before ${leaf.notBefore.toISOString()} (now ${options.now.toISOString()})`,
      );
    }
  }

  let path: string[] | undefined;
  if (options.trust && chain) {
    const result = chainToRoot(chain, options.trust, options.now);
    if ('error' in result) add('chain', 'a chain to a trusted root', result.error, result.error);
    else path = result.path;
  }
  return { name, ok: findings.length === 0, findings, leaf, path };
}

const MAX_DEPTH = 8;

/**
 * Walks from the leaf up through the certificates of the file, each signed by the next, until one
 * is signed by (or is) a trusted root. Intermediates must be CAs and valid at the time of use; the
 * leaf's own dates are the expiry check's business, so an expired leaf still shows its chain.
 */
export function chainToRoot(
  chain: X509Certificate[],
  trust: TrustAnchors,
  now: Date,
): { path: string[] } | { error: string } {
  const leaf = chain[0] as X509Certificate;
  const path = [oneLine(leaf.subject)];
  const used = new Set<X509Certificate>([leaf]);
  let current = leaf;
  const validNow = (c: X509Certificate) =>
    Date.parse(c.validFrom) <= now.getTime() && now.getTime() <= Date.parse(c.validTo);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    // A certificate listed as a root is trusted as itself (a pinned self-signed one, too).
    if (trust.roots.some((r) => r.fingerprint256 === current.fingerprint256)) {
      return { path };
    }
    const root = trust.roots.find((r) => issuedBy(current, r) && r.ca);
    if (root) {
      if (!validNow(root)) {
        return { error: `the trusted root ${oneLine(root.subject)} is not valid at ${now.toISOString()}` };
      }
      path.push(oneLine(root.subject));
      return { path };
    }
    const next = chain.find((c) => !used.has(c) && issuedBy(current, c));
    if (!next) {
      const selfSigned = issuedBy(current, current);
      const who = oneLine(current.subject);
      return {
        error: selfSigned
          ? `${who} is self-signed and not a trusted root (trusted: Node's roots, acme.trust, store.trust)`
          : `${who} is issued by ${oneLine(current.issuer)}, which neither fullchain.pem nor the trusted roots (Node's, acme.trust, store.trust) hold`,
      };
    }
    if (!next.ca)
      return { error: `${oneLine(next.subject)} signs ${oneLine(current.subject)} but is not a CA` };
    if (!validNow(next)) {
      return {
        error: `${oneLine(next.subject)} is not valid at ${now.toISOString()} (${next.validFrom} to ${next.validTo})`,
      };
    }
    used.add(next);
    path.push(oneLine(next.subject));
    current = next;
  }
  return { error: `the chain is longer than ${MAX_DEPTH} certificates` };
}
