/**
 * What the CA sends back at the certificate URL is input like any other answer: a CA that is
 * compromised, buggy or impersonated (a wrong `acme.trust` file, a hostile proxy) could return a
 * certificate for other names, an expired one, one for another key, or a chain whose links do not
 * sign each other. Each of those would be sealed, committed and deployed as if it were the
 * renewal, and be found only when a host serves it. So before anything keeps it, the certificate
 * must prove what was ordered: exactly the ordered names, valid now, for the order's key, an
 * end-entity certificate, each certificate of the file signed by the next.
 * Whether the top reaches a trusted root is the store verifier's question (deploy and check ask
 * it against acme.trust / store.trust); this file checks only what the order itself determines.
 */
import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { errorMessage } from '../util/errors.js';
import {
  factsOf,
  issuedBy,
  leafDerSha256,
  oneLine,
  parseCertificate,
  sha256Hex,
  splitPemChain,
} from '../util/x509.js';
import { IssueError } from './errors.js';

/** Real chains have 2-4 certificates; a longer file is not a chain anyone should serve. */
export const MAX_CHAIN = 8;
/** Clock skew allowed for a certificate that starts "now" (CAs backdate by minutes, not forward). */
const SKEW_MS = 5 * 60_000;

export interface Ordered {
  name: string;
  domains: string[];
  /** The order's key (its CSR's): a PEM, or the key already parsed. */
  privateKey: string | KeyObject;
  now: Date;
}

const HINT =
  'the CA answered the order with a certificate that does not match it: nothing was stored; check acme.directory and acme.trust point at the CA you mean, and report it to the CA';

function refuse(ordered: Ordered, what: string): never {
  throw new IssueError(`the CA's certificate for ${ordered.name} ${what}`, HINT);
}

/** The chain's certificates, leaf first, once they prove the order; throws IssueError otherwise. */
export function checkIssuedChain(fullchainPem: string, ordered: Ordered): X509Certificate[] {
  const blocks = splitPemChain(fullchainPem);
  if (blocks.length === 0) refuse(ordered, 'holds no PEM certificate');
  if (blocks.length > MAX_CHAIN)
    refuse(ordered, `is a chain of ${blocks.length} certificates (at most ${MAX_CHAIN})`);
  let chain: X509Certificate[];
  try {
    // Parsed through the shared cache: sealing reads the same certificates next.
    chain = blocks.map((b) => parseCertificate(b));
  } catch (error) {
    refuse(ordered, `does not parse (${errorMessage(error)})`);
  }
  const leaf = chain[0] as X509Certificate;
  if (leaf.ca) refuse(ordered, 'is a CA certificate, not one for a server');
  const facts = factsOf(leaf);

  const lower = (names: string[]) => [...new Set(names.map((d) => d.toLowerCase()))].sort();
  const want = lower(ordered.domains);
  const got = lower(facts.names);
  if (want.join(',') !== got.join(',')) {
    refuse(ordered, `is for ${got.join(', ') || '(no DNS names)'}, the order was for ${want.join(', ')}`);
  }

  const now = ordered.now.getTime();
  if (!(facts.notAfter.getTime() > now)) refuse(ordered, `expired at ${facts.notAfter.toISOString()}`);
  if (!(facts.notBefore.getTime() <= now + SKEW_MS)) {
    refuse(ordered, `is not valid before ${facts.notBefore.toISOString()}`);
  }

  const orderKey = sha256Hex(createPublicKey(ordered.privateKey).export({ type: 'spki', format: 'der' }));
  if (facts.publicKeySha256 !== orderKey) refuse(ordered, "is for another key than the order's CSR");

  for (let i = 0; i + 1 < chain.length; i++) {
    const child = chain[i] as X509Certificate;
    const parent = chain[i + 1] as X509Certificate;
    if (!(parent.ca && issuedBy(child, parent))) {
      const name = (c: X509Certificate) => oneLine(c.subject).slice(0, 200);
      refuse(
        ordered,
        `has a broken chain: certificate ${i + 1} (${name(child)}) is not signed by certificate ${i + 2} (${name(parent)})`,
      );
    }
  }
  return chain;
}

/** Whether two PEM chains start with the same leaf (the same DER bytes; nothing is parsed). */
export function sameLeaf(a: string, b: string): boolean {
  try {
    return leafDerSha256(a) === leafDerSha256(b);
  } catch {
    return false;
  }
}
