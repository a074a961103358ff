/**
 * Revocation (RFC 8555 section 7.6). A request is signed either by the account (kid), which the CA
 * accepts when the account ordered the certificate or holds authorizations for all its names, or by
 * the certificate's own key (jwk), which proves possession of that key: with reason keyCompromise
 * the CA can then block the key for future orders, which it cannot do on the account's word.
 */
import { X509Certificate } from 'node:crypto';
import acme from 'acme-client';
import { splitPemChain } from '../util/x509.js';
import { AcmeProblemError, IssueError } from './errors.js';
import type { AcmeHttpClient } from './http.js';
import { REVOCATION_REASONS, type RevocationReason } from './reasons.js';
import type { AcmeSession } from './session.js';

export { isRevocationReason, REVOCATION_REASONS, type RevocationReason } from './reasons.js';

/** Which key signed the revocation request. */
export type RevocationSigner = 'certificate-key' | 'account-key';

export interface RevocationOutcome {
  /** `already-revoked`: the CA said so (alreadyRevoked); the certificate is revoked either way. */
  result: 'revoked' | 'already-revoked';
  signedWith: RevocationSigner;
}

const ALREADY_REVOKED = 'urn:ietf:params:acme:error:alreadyRevoked';

/** base64url of the leaf's DER, as the revokeCert payload wants it. */
function leafDerB64u(fullchainPem: string): string {
  const [leaf] = splitPemChain(fullchainPem);
  if (!leaf)
    throw new IssueError('revoke: the chain holds no certificate', 'check fullchain.pem of the bundle');
  return new X509Certificate(leaf).raw.toString('base64url');
}

function payloadOf(fullchainPem: string, reason: RevocationReason) {
  // RFC 5280 says the reason extension is left out rather than set to unspecified (0).
  const code = REVOCATION_REASONS[reason];
  return { certificate: leafDerB64u(fullchainPem), ...(code === 0 ? {} : { reason: code }) };
}

async function send(
  http: AcmeHttpClient,
  payload: object,
  kid: string | null,
  signedWith: RevocationSigner,
): Promise<RevocationOutcome> {
  const url = await http.getResourceUrl('revokeCert');
  try {
    const res = await http.signedRequest(url, payload, { kid });
    if (res.status !== 200) {
      throw new AcmeProblemError(
        { type: 'certflow:protocol', detail: `revokeCert answered HTTP ${res.status}, expected 200` },
        res.status,
        url,
      );
    }
    return { result: 'revoked', signedWith };
  } catch (error) {
    if (error instanceof AcmeProblemError && error.problem.type === ALREADY_REVOKED) {
      return { result: 'already-revoked', signedWith };
    }
    throw error;
  }
}

/**
 * Revokes the leaf of `fullchainPem` at the session's CA, signed by the account. The account must
 * already exist: a revocation never registers a new one.
 */
export async function revokeWithAccount(
  session: AcmeSession,
  fullchainPem: string,
  reason: RevocationReason,
): Promise<RevocationOutcome> {
  await session.client.createAccount({ onlyReturnExisting: true });
  return send(session.http, payloadOf(fullchainPem, reason), session.client.getAccountUrl(), 'account-key');
}

/**
 * Revokes the leaf of `fullchainPem` with a request signed by `privateKeyPem` (the certificate's
 * own key, as a JWK in the protected header), through the session's transport and trust.
 */
export async function revokeWithCertificateKey(
  session: AcmeSession,
  fullchainPem: string,
  reason: RevocationReason,
  privateKeyPem: string,
): Promise<RevocationOutcome> {
  let client: acme.Client;
  try {
    client = new acme.Client({ directoryUrl: session.directoryUrl, accountKey: privateKeyPem });
  } catch (error) {
    throw new IssueError(
      `revoke: the certificate's key cannot sign an ACME request (${(error as Error).message})`,
      'revoke with the account key instead (leave out the age identity)',
    );
  }
  const http = (client as unknown as { http: AcmeHttpClient }).http;
  session.transport.install(http);
  return send(http, payloadOf(fullchainPem, reason), null, 'certificate-key');
}
