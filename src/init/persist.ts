/**
 * `certflow init --challenge dns-persist-01`: the records to publish. A record names the ACME
 * account, which exists only once registered, so init registers the account of the key it just
 * generated (init is where that key is born; no other command creates an account silently) and
 * prints the records. Offline or refused: the files are still written, and the text says to run
 * `certflow persist-record` later.
 */
import { openSession } from '../acme/session.js';
import { directoryByName } from '../config/schema.js';
import type { Settings } from '../config/settings.js';
import { accountOf, caFacts } from '../persist/identity.js';
import { wantedRecords } from '../persist/want.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { certificateName, type InitOptions } from './options.js';

export interface InitPersist {
  /** The account the records name, when it could be registered. */
  account?: string;
  /** Zone-file lines to publish. */
  records: string[];
  /** Why there are none, when there are none. */
  problem?: string;
}

export async function initPersistRecords(
  options: InitOptions,
  accountKey: string,
  workspace: string,
  log: Logger,
): Promise<InitPersist> {
  const name = certificateName(options);
  const domains = options.domains.length > 0 ? options.domains : ['example.com', 'www.example.com'];
  // Only what openSession and wantedRecords read: the acme section and the one certificate.
  const config = {
    acme: {
      directory: directoryByName(options.directory) ?? options.directory,
      email: options.email,
      'account-key': accountKey,
      trust: options.trust,
    },
    dns: {},
    certificates: { [name]: { domains, challenge: 'dns-persist-01' } },
  } as unknown as Settings['config'];
  try {
    const session = await openSession({ config, workspace, dryRun: false } as Settings, log, {
      maxRetryAfterMs: 10_000,
      signal: AbortSignal.timeout(60_000),
    });
    try {
      const ca = caFacts(session);
      await session.account();
      const url = session.client.getAccountUrl();
      const records = wantedRecords(config, [name], ca, accountOf(url, accountKey));
      return { account: url, records: records.map((r) => r.zoneLine) };
    } finally {
      session.close();
    }
  } catch (error) {
    return { records: [], problem: errorMessage(error) };
  }
}
