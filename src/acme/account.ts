/**
 * The ACME account itself (RFC 8555 section 7.3): find it without registering, change its key
 * (7.3.5) and deactivate it (7.3.6). Every request goes through the session's transport, so the
 * trust anchors and retries are those of issuance. No function here registers an account: a key
 * the CA does not know is an error, never a new account.
 */
import acme from 'acme-client';
import { AcmeProblemError, IssueError } from './errors.js';
import type { AcmeHttpClient } from './http.js';
import type { AcmeSession } from './session.js';
import { jwkThumbprint } from './thumbprint.js';

/** What the CA says of the account, and the key it is bound to. */
export interface AccountInfo {
  url: string;
  /** valid | deactivated | revoked (RFC 8555 section 7.1.2). */
  status: string;
  contact: string[];
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the account's public key. */
  thumbprint: string;
  createdAt?: string;
}

export { jwkThumbprint };

const NO_ACCOUNT = 'urn:ietf:params:acme:error:accountDoesNotExist';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * The account of the session's key: newAccount with onlyReturnExisting (RFC 8555 section 7.3.1),
 * which answers with the account URL and object and never creates one.
 */
/**
 * The account of the session's key, or undefined when the CA has none for it (newAccount with
 * onlyReturnExisting, RFC 8555 section 7.3.1). Never registers one.
 */
export async function lookupAccount(
  session: AcmeSession,
  accountKeyPem: string = session.issuer.accountKey,
): Promise<AccountInfo | undefined> {
  const url = session.directory.newAccount as string;
  let res: Awaited<ReturnType<AcmeHttpClient['signedRequest']>>;
  try {
    res = await session.http.signedRequest(url, { onlyReturnExisting: true }, { kid: null });
  } catch (error) {
    if (error instanceof AcmeProblemError && error.problem.type === NO_ACCOUNT) return undefined;
    throw error;
  }
  const location = res.headers.location;
  if (!location) {
    throw new IssueError(
      `${url} answered without the account URL (no Location header)`,
      'the CA does not follow RFC 8555 section 7.3.1',
    );
  }
  const body = (res.data ?? {}) as Record<string, unknown>;
  const contact = Array.isArray(body.contact) ? body.contact.filter((c) => typeof c === 'string') : [];
  return {
    url: location,
    status: str(body.status) ?? 'unknown',
    contact,
    thumbprint: jwkThumbprint(accountKeyPem),
    ...(str(body.createdAt) ? { createdAt: str(body.createdAt) } : {}),
  };
}

/** The account of the key, as lookupAccount, but a key the CA does not know is an error. */
export async function findAccount(session: AcmeSession, accountKeyPem: string): Promise<AccountInfo> {
  const info = await lookupAccount(session, accountKeyPem);
  if (!info) {
    throw new IssueError(
      `no account at ${session.directoryUrl} for this account key (thumbprint ${jwkThumbprint(accountKeyPem)})`,
      'a renew registers the account; check that acme.account-key is the key you meant',
      { type: NO_ACCOUNT },
    );
  }
  return info;
}

/**
 * RFC 8555 section 7.3.5: the inner JWS, signed by the new key (jwk in its header), names the
 * account and the old key; the outer JWS is signed by the old key (kid). The CA then binds the
 * account to the new key, and the old key no longer finds it.
 */
export async function changeAccountKey(
  session: AcmeSession,
  accountUrl: string,
  newKeyPem: string,
): Promise<void> {
  const target = await session.http.getResourceUrl('keyChange').catch(() => undefined);
  if (!target) {
    throw new IssueError(
      `${session.directoryUrl} offers no keyChange resource`,
      'this CA cannot change account keys: create a new account with a new key instead',
    );
  }
  // A client of the new key only to sign the inner JWS; it sends nothing itself.
  const signer = new acme.Client({ directoryUrl: session.directoryUrl, accountKey: newKeyPem });
  const inner = (signer as unknown as { http: AcmeHttpClient }).http.createSignedBody(
    target,
    { account: accountUrl, oldKey: session.http.getJwk() },
    // The inner JWS carries no nonce (RFC 8555 section 7.3.5); acme-client leaves it out when null.
    { nonce: null as unknown as string, kid: null },
  );
  const res = await session.http.signedRequest(target, inner, { kid: accountUrl });
  if (res.status !== 200) {
    throw new AcmeProblemError(
      { type: 'certflow:protocol', detail: `keyChange answered HTTP ${res.status}, expected 200` },
      res.status,
      target,
    );
  }
}

/**
 * Where a key change stands after its request failed, from what each key finds now: `changed` (the
 * CA applied it and the answer was lost), `unchanged` (the old key still holds the account: safe to
 * drop the new key), or `unknown` (neither finds it: keep both keys).
 */
export function keyChangeState(
  accountUrl: string,
  foundByOld: string | undefined,
  foundByNew: string | undefined,
): 'changed' | 'unchanged' | 'unknown' {
  if (foundByNew === accountUrl) return 'changed';
  if (foundByOld === accountUrl) return 'unchanged';
  return 'unknown';
}

/** RFC 8555 section 7.3.6: the account is deactivated for good; the CA refuses its later requests. */
export async function deactivateAccount(session: AcmeSession, accountUrl: string): Promise<string> {
  const res = await session.http.signedRequest(accountUrl, { status: 'deactivated' }, { kid: accountUrl });
  const status = str((res.data as Record<string, unknown> | undefined)?.status);
  if (status !== 'deactivated') {
    throw new IssueError(
      `the CA answered the deactivation with status ${status ?? '(none)'}, not deactivated`,
      'run certflow account show to see the account as the CA has it',
    );
  }
  return status;
}
