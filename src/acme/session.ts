import acme from 'acme-client';
import type { Settings } from '../config/settings.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import type { CaaCache } from './caa.js';
import { type Directory, readTrust } from './directory.js';
import { AcmeProblemError, IssueError } from './errors.js';
import { type AcmeHttpClient, AcmeTransport } from './http.js';
import { type Issuer, primaryIssuer } from './issuers.js';
import { jwsSigner } from './jws.js';

export { type Directory, readTrust, resolveDirectoryUrl } from './directory.js';

export interface AcmeSession {
  client: acme.Client;
  http: AcmeHttpClient;
  transport: AcmeTransport;
  directoryUrl: string;
  directory: Directory;
  /** The CA of this session, as configured. */
  issuer: Issuer;
  /** CAA sets of parent names looked up in this run (caa.ts). */
  caa?: CaaCache;
  /** Registers or finds the account (once; later calls share the first). */
  account(): Promise<void>;
  close(): void;
}

export interface SessionOptions {
  signal?: AbortSignal;
  maxRetryAfterMs: number;
}

export async function openSession(
  settings: Settings,
  log: Logger,
  opts: SessionOptions,
  issuer: Issuer = primaryIssuer(settings),
): Promise<AcmeSession> {
  const cfg = settings.config.acme;
  const url = issuer.directory;
  const { accountKey, eab, where } = issuer;
  log.secret(accountKey);
  if (eab) log.secret(eab.hmacKey);
  if (!accountKey) {
    throw new IssueError(
      `${where}.account-key is not set`,
      `give the account key of ${url} (an environment reference like \${ACME_ACCOUNT_KEY})`,
    );
  }
  const transport = new AcmeTransport({
    trust: await readTrust(settings),
    maxRetryAfterMs: opts.maxRetryAfterMs,
    signal: opts.signal,
    log,
  });
  let client: acme.Client;
  try {
    client = new acme.Client({
      directoryUrl: url,
      accountKey,
      externalAccountBinding: eab ? { kid: eab.keyId, hmacKey: eab.hmacKey } : undefined,
    });
  } catch (error) {
    transport.close();
    throw new IssueError(
      `${where}.account-key: ${errorMessage(error)}`,
      'the account key must be a PEM private key (RSA or ECDSA)',
    );
  }
  const http = (client as unknown as { http: AcmeHttpClient }).http;
  try {
    // The account key is parsed once here, not on every signed request (see jws.ts).
    const signer = jwsSigner(accountKey);
    http.createSignedBody = (target, payload, o) =>
      signer.sign(target, payload, { nonce: o.nonce, kid: o.kid, jwk: () => http.getJwk() });
  } catch (error) {
    transport.close();
    throw new IssueError(
      `${where}.account-key: ${errorMessage(error)}`,
      'the account key must be a PEM private key (RSA or ECDSA P-256/P-384/P-521)',
    );
  }
  transport.install(http);
  let directory: Directory;
  try {
    directory = (await http.getDirectory()) as Directory;
  } catch (error) {
    transport.close();
    throw error;
  }
  if (!directory?.newOrder || !directory.newAccount) {
    transport.close();
    throw new IssueError(
      `${url} is not an ACME directory (no newOrder/newAccount)`,
      `check ${where}.directory`,
    );
  }
  let registered: Promise<void> | undefined;
  const account = () => {
    registered ??= (async () => {
      if (directory.meta?.externalAccountRequired && !eab) {
        throw new IssueError(
          `${url} (${where}) requires an external account binding, and none is configured`,
          `set ${where}.external-account-binding (key-id, hmac-key) from your account at this CA`,
        );
      }
      try {
        if (cfg.email) {
          await client.createAccount({ termsOfServiceAgreed: true, contact: [`mailto:${cfg.email}`] });
        } else {
          // acme-client follows a 200 (account exists) with an update carrying only
          // termsOfServiceAgreed, which Pebble refuses as an empty update; with nothing to update,
          // newAccount alone finds the account (RFC 8555 section 7.3.1). An existing account is the
          // rule with dns-persist-01, whose records name it.
          const api = (client as unknown as { api: { createAccount(d: object): Promise<unknown> } }).api;
          await api.createAccount({ termsOfServiceAgreed: true });
        }
      } catch (error) {
        throw accountRefused(error, issuer);
      }
      log.debug(`ACME account ${client.getAccountUrl()} at ${url}`);
    })();
    return registered;
  };
  return {
    client,
    http,
    transport,
    directoryUrl: url,
    directory,
    issuer,
    caa: new Map(),
    account,
    close: () => transport.close(),
  };
}

/**
 * A refused newAccount with a binding is nearly always a wrong key id or MAC: say which CA and
 * which secret, keep the CA's words and its problem (so the failure stays the user's, not the
 * CA's, and no other CA is tried). The MAC key itself is never part of the message.
 */
function accountRefused(error: unknown, issuer: Issuer): unknown {
  // Only a refusal (4xx): silence and 5xx are the CA's trouble and keep their own words.
  if (!(error instanceof AcmeProblemError) || error.status < 400 || error.status >= 500) return error;
  const type = error.problem.type;
  if (type.endsWith(':rateLimited') || type.endsWith(':badNonce')) return error;
  const binding = issuer.eab
    ? `check the EAB secret of ${issuer.where}.external-account-binding: key-id "${issuer.eab.keyId}" and the hmac-key must be the pair this CA gave for the account`
    : `check ${issuer.where}.account-key`;
  return new IssueError(
    `${issuer.directory} (${issuer.where}) refused the ACME account: ${error.message}`,
    binding,
    error.problem,
  );
}
