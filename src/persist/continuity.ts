/**
 * Account continuity for dns-persist-01 (issue 23). A `_validation-persist` record names one ACME
 * account; rolling the account's key over keeps its URL (and, per draft -02 section 4.2, the CA
 * keeps accepting records hashed with older keys), but a new account never matches. When renew is
 * about to order dns-persist-01 certificates and the CA has no account for the configured key (the
 * key secret was replaced, or the CA lost it), it says so before the first order, with the
 * account the published records name, so the failure that follows is not a mystery.
 */
import type { AcmeSession } from '../acme/session.js';
import type { Settings } from '../config/settings.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapLimit } from '../util/pool.js';
import { lookupTxt } from './check.js';
import { persistResolvers, usesPersist } from './config.js';
import { caFacts, existingAccountUrl } from './identity.js';
import { baseName, parseRecord, recordName, showUntrusted } from './record.js';

/** Accounts the current records above `names` name for this CA's issuers (bounded, best effort). */
async function namedAccounts(session: AcmeSession, settings: Settings, certs: string[]): Promise<string[]> {
  let issuers: string[];
  try {
    issuers = caFacts(session).issuers;
  } catch {
    return [];
  }
  const targets = new Map<string, string>();
  for (const cert of certs) {
    for (const d of settings.config.certificates[cert]?.domains ?? [])
      targets.set(recordName(baseName(d)), cert);
  }
  const found = await mapLimit([...targets].slice(0, 20), 8, async ([name, cert]) => {
    const values = await lookupTxt(name, {
      resolvers: persistResolvers(settings.config, cert),
      timeoutMs: 2000,
      signal: AbortSignal.timeout(5000),
    }).catch(() => []);
    return values.flatMap((v) => {
      const p = parseRecord(v);
      return p.ok && issuers.includes(p.record.issuer) ? [p.record.accountUri] : [];
    });
  });
  return [...new Set(found.flat())];
}

/**
 * Before ordering: when any of `names` uses dns-persist-01 and no account exists for the key,
 * registers it (as renew would next) and warns that the records name another account. Returns
 * the warning, or undefined when the account existed (or nothing uses dns-persist-01).
 */
export async function warnIfNewAccount(
  session: AcmeSession,
  settings: Settings,
  names: string[],
  log: Logger,
): Promise<string | undefined> {
  const certs = names.filter((n) => usesPersist(settings.config, n));
  if (certs.length === 0) return undefined;
  let existing: string | undefined;
  try {
    existing = await existingAccountUrl(session);
  } catch (error) {
    log.debug(`dns-persist-01: cannot tell whether the ACME account exists (${errorMessage(error)})`);
    return undefined;
  }
  if (existing) return undefined;
  await session.account();
  const url = session.client.getAccountUrl();
  const old = await namedAccounts(session, settings, certs);
  const naming = old.length > 0 ? old.map(showUntrusted).join(', ') : 'the account they were made for';
  const message =
    `dns-persist-01 (${certs.join(', ')}): no ACME account existed for acme.account-key at ${session.directoryUrl}, ` +
    `so a NEW account ${url} was registered. It will not match the _validation-persist records naming ${naming}: ` +
    'publish new records with `certflow persist-record`, or restore the old account key (a key rollover keeps the account; a new key does not)';
  log.warn(message);
  return message;
}
