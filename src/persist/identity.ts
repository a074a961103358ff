/**
 * What a `_validation-persist` record names, read from the CA and the account without changing
 * either: the Issuer Domain Name from the directory, and the account URI of an account that
 * already exists (looked up with onlyReturnExisting, RFC 8555 section 7.3.1; never created here).
 */
import { lookupAccount } from '../acme/account.js';
import { IssueError } from '../acme/errors.js';
import type { AcmeSession } from '../acme/session.js';
import { hashedAccountUri, isIssuerDomainName, jwkThumbprint } from './record.js';

/** The CA's side of the record. */
export interface PersistCa {
  directoryUrl: string;
  /** Issuer Domain Names the CA offers, in its order. */
  issuers: string[];
  /** Which directory field they came from. */
  issuerSource: 'meta.issuerDomainNames' | 'meta.caaIdentities';
  /** Draft -02 section 4.1 item 3: set when accounturi must be a hashed URI. */
  hashPrefix?: string;
}

function normalized(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.toLowerCase().replace(/\.$/, ''))
    .filter(isIssuerDomainName);
}

/**
 * Issuer Domain Names from the directory: `meta.issuerDomainNames` (draft -02 section 3.2, the
 * names meant for records published ahead of any order), else `meta.caaIdentities` (draft -01,
 * where the challenge's names come from the CA's CAA identities). At most 10 are taken (section 3.1).
 */
export function caFacts(session: Pick<AcmeSession, 'directory' | 'directoryUrl'>): PersistCa {
  const meta = (session.directory.meta ?? {}) as Record<string, unknown>;
  const own = normalized(meta.issuerDomainNames).slice(0, 10);
  const caa = normalized(meta.caaIdentities).slice(0, 10);
  const prefix =
    typeof meta.accountHashPrefix === 'string' && /^https:\/\/\S+$/.test(meta.accountHashPrefix)
      ? meta.accountHashPrefix
      : undefined;
  if (own.length === 0 && caa.length === 0) {
    throw new IssueError(
      `${session.directoryUrl} names no issuer domain (its directory has neither meta.issuerDomainNames nor meta.caaIdentities)`,
      'this CA does not offer dns-persist-01; use challenge: dns-01 for these certificates',
    );
  }
  return own.length > 0
    ? {
        directoryUrl: session.directoryUrl,
        issuers: own,
        issuerSource: 'meta.issuerDomainNames',
        hashPrefix: prefix,
      }
    : {
        directoryUrl: session.directoryUrl,
        issuers: caa,
        issuerSource: 'meta.caaIdentities',
        hashPrefix: prefix,
      };
}

/** The issuer to publish: the configured one (which must be offered), else the CA's first. */
export function pickIssuer(ca: PersistCa, configured: string | undefined): { issuer: string; why: string } {
  if (configured) {
    if (!ca.issuers.includes(configured)) {
      throw new IssueError(
        `issuer-domain ${configured} is not one the CA offers (${ca.issuerSource}: ${ca.issuers.join(', ')})`,
        'set issuer-domain to one of those names, or remove it to use the first',
      );
    }
    return { issuer: configured, why: 'configured issuer-domain' };
  }
  const first = ca.issuers[0] as string;
  return {
    issuer: first,
    why:
      ca.issuers.length > 1
        ? `first of ${ca.issuerSource} (${ca.issuers.join(', ')}); set issuer-domain to choose another`
        : `${ca.issuerSource}`,
  };
}

/**
 * The URL of the account of the configured key, or undefined when the CA has none for it. Never
 * registers one: a record must name an account that exists, and creating one here would hide a
 * changed key.
 */
export async function existingAccountUrl(session: AcmeSession): Promise<string | undefined> {
  return (await lookupAccount(session))?.url;
}

/** The account's side of the record. */
export interface PersistAccount {
  url: string;
  /** RFC 7638 thumbprint of the current account key (for hashed URIs). */
  thumbprint: string;
}

export function accountOf(url: string, accountKeyPem: string): PersistAccount {
  return { url, thumbprint: jwkThumbprint(accountKeyPem) };
}

/** The accounturi to publish above `base`: the hashed URI for this domain (draft -02), else the URL (-01). */
export function publishedUri(ca: PersistCa, account: PersistAccount, base: string): string {
  return ca.hashPrefix ? hashedAccountUri(ca.hashPrefix, base, account.thumbprint, account.url) : account.url;
}

/**
 * accounturi values the CA takes as this account above `base` (section 4.2): the URL (-01), or the
 * hashed URI for this domain or for `*` with the current key (-02). A record made with an older
 * key also validates at the CA, but cannot be recognised here.
 */
export function acceptedUris(ca: PersistCa, account: PersistAccount, base: string): string[] {
  if (!ca.hashPrefix) return [account.url];
  return [
    hashedAccountUri(ca.hashPrefix, base, account.thumbprint, account.url),
    hashedAccountUri(ca.hashPrefix, '*', account.thumbprint, account.url),
  ];
}
