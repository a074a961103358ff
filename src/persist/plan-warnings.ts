/**
 * What `plan` says about dns-persist-01 records: one warning line per record that is missing or
 * wrong, so a reviewer sees it before renew fails on it. Cheap and bounded (one directory fetch,
 * at most one account lookup, a few TXT queries in parallel with short timeouts), and never fatal:
 * a lookup that fails is a warning too. plan holds no secret in a split setup; without the account
 * key the records are still checked for issuer, wildcard policy and persistUntil.
 */
import { generateKeyPairSync } from 'node:crypto';
import { primaryIssuer } from '../acme/issuers.js';
import { openSession } from '../acme/session.js';
import type { Settings } from '../config/settings.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapLimit } from '../util/pool.js';
import { checkRecord } from './check.js';
import { persistCertificates, persistResolvers } from './config.js';
import { accountOf, caFacts, existingAccountUrl, type PersistAccount } from './identity.js';
import { wantedRecords } from './want.js';

const isPem = (v: string) => v.includes('-----BEGIN');

export async function persistPlanWarnings(
  settings: Settings,
  log: Logger,
  now = new Date(),
): Promise<string[]> {
  const names = persistCertificates(settings.config, settings.only);
  if (names.length === 0) return [];
  // dns-persist-01 records name the account at the first CA (acme.issuers: its first entry).
  const first = primaryIssuer(settings);
  const key = first.accountKey;
  const haveKey = isPem(key);
  // Without the account key (plan's job may hold none), a throwaway key only reads the directory:
  // no request is signed with it.
  const sessionKey = haveKey
    ? key
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
  const signal = AbortSignal.timeout(20_000);
  try {
    const session = await openSession(
      settings,
      log,
      { maxRetryAfterMs: 5000, signal },
      { ...first, accountKey: sessionKey },
    );
    let account: PersistAccount | undefined;
    const warnings: string[] = [];
    let ca: ReturnType<typeof caFacts>;
    try {
      ca = caFacts(session);
      const url = haveKey ? await existingAccountUrl(session) : undefined;
      if (haveKey && !url) {
        warnings.push(
          `dns-persist-01: no ACME account exists for acme.account-key at ${session.directoryUrl}; renew would register a new one, which no _validation-persist record names yet: restore the old account key, or let renew register the account and publish new records (certflow persist-record)`,
        );
      }
      if (url) account = accountOf(url, key);
    } finally {
      session.close();
    }
    // Without the account, the records are built with a placeholder and judged for any account.
    const records = wantedRecords(
      settings.config,
      names,
      ca,
      account ?? { url: 'about:unknown', thumbprint: '' },
    );
    const verdicts = await mapLimit(records, 8, (rec) =>
      checkRecord(
        { ...rec, accepted: account ? rec.accepted : undefined },
        {
          resolvers: persistResolvers(settings.config, rec.certificates[0] as string),
          timeoutMs: 2000,
          signal,
        },
        now,
      ),
    );
    records.forEach((rec, i) => {
      const v = verdicts[i];
      if (v && v.status !== 'ok')
        warnings.push(
          `dns-persist-01 ${rec.name} (${rec.certificates.join(', ')}): ${v.status}: ${v.message}`,
        );
    });
    if (!haveKey)
      log.debug('dns-persist-01: no account key in this job; records checked without the account');
    return warnings;
  } catch (error) {
    return [`dns-persist-01 records not checked: ${errorMessage(error)}`];
  }
}
