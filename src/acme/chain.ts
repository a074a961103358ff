/**
 * Chain choice (RFC 8555 section 7.4.2): the certificate URL answers with the default chain and may
 * name others in `Link: <url>;rel="alternate"`. With `acme.preferred-chain`, the chain whose top
 * certificate was issued by that common name is kept; when none matches, the default. Alternates
 * are fetched only from the CA's own origin (a signed request goes nowhere else), and a few at most;
 * an alternate must carry the very certificate the default does.
 */
import { X509Certificate } from 'node:crypto';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { splitPemChain } from '../util/x509.js';
import { sameLeaf } from './issued.js';
import type { AcmeSession } from './session.js';

const MAX_ALTERNATES = 8;

/** URLs of `rel="alternate"` links in a Link header (several values are joined with ", "). */
export function alternateLinks(link: string | undefined): string[] {
  if (!link) return [];
  const out: string[] = [];
  for (const m of link.matchAll(/<([^>]+)>\s*;[^,<]*\brel\s*=\s*"?alternate"?/gi)) out.push(m[1] as string);
  return out;
}

/** The issuer common name of the last certificate of a chain, or undefined when it has none. */
export function topIssuerCn(fullchainPem: string): string | undefined {
  const certs = splitPemChain(fullchainPem);
  const top = certs[certs.length - 1];
  if (!top) return undefined;
  try {
    return /^CN=(.*)$/m.exec(new X509Certificate(top).issuer)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

/**
 * The chain to keep: `defaultPem` unless `preferred` names the top issuer of an alternate. The default
 * is kept too when it already matches, without fetching anything.
 */
export async function chooseChain(
  session: AcmeSession,
  defaultPem: string,
  link: string | undefined,
  preferred: string | undefined,
  log: Logger,
  name: string,
): Promise<string> {
  if (!preferred || topIssuerCn(defaultPem) === preferred) return defaultPem;
  const origin = new URL(session.directoryUrl).origin;
  const seen: string[] = [topIssuerCn(defaultPem) ?? '(unknown)'];
  for (const url of alternateLinks(link).slice(0, MAX_ALTERNATES)) {
    let sameOrigin = false;
    try {
      sameOrigin = new URL(url, session.directoryUrl).origin === origin;
    } catch {}
    if (!sameOrigin) {
      log.warn(`${name}: ignoring an alternate chain outside the CA (${url.slice(0, 100)})`);
      continue;
    }
    let pem: string;
    try {
      const res = await session.http.signedRequest(new URL(url, session.directoryUrl).href, null, {
        kid: session.client.getAccountUrl(),
      });
      pem = String(res.data);
    } catch (error) {
      // The certificate is issued and in hand: a missing alternate costs the preference, not it.
      log.warn(`${name}: could not fetch an alternate chain (${url.slice(0, 100)}): ${errorMessage(error)}`);
      continue;
    }
    // An alternate is the same certificate under other intermediates (RFC 8555 section 7.4.2);
    // one with another leaf is not a chain for this order, whatever its top says.
    if (!sameLeaf(pem, defaultPem)) {
      log.warn(
        `${name}: ignoring an alternate chain whose certificate is not the one issued (${url.slice(0, 100)})`,
      );
      seen.push('(another certificate)');
      continue;
    }
    const cn = topIssuerCn(pem);
    if (cn === preferred) {
      log.info(`${name}: using the alternate chain to "${preferred}"`);
      return pem;
    }
    seen.push(cn ?? '(unknown)');
  }
  log.warn(
    `${name}: no chain to "${preferred}" (acme.preferred-chain); the CA offers ${seen.join(', ')}: keeping the default`,
  );
  return defaultPem;
}
