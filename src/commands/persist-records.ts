/**
 * `certflow persist-record [names]` / `command: persist-records`: the `_validation-persist` TXT
 * records the dns-persist-01 certificates need (issue 23), and with `--check` whether the zone
 * publishes them. Read-only towards the CA (no account is created) and towards DNS (nothing is
 * written): these records authorize issuance, so they belong to the DNS owner's change process.
 */

import { primaryIssuer } from '../acme/issuers.js';
import { openSession } from '../acme/session.js';
import type { Settings } from '../config/settings.js';
import { checkRecord } from '../persist/check.js';
import { persistCertificates, persistResolvers, usesPersist } from '../persist/config.js';
import { accountOf, caFacts, existingAccountUrl } from '../persist/identity.js';
import { type PersistReport, persistJson, persistMarkdown, persistText } from '../persist/render.js';
import { wantedRecords } from '../persist/want.js';
import { UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapLimit } from '../util/pool.js';
import type { CommandHandler, CommandOutcome } from './types.js';

export interface PersistOptions {
  now?: Date;
  /** Per lookup; a name that does not answer in time is reported, not waited for. */
  timeoutMs?: number;
}

export async function persistRecordsCommand(
  settings: Settings,
  log: Logger,
  options: PersistOptions = {},
): Promise<CommandOutcome> {
  const { config } = settings;
  for (const n of settings.only ?? []) {
    if (!config.certificates[n]) throw new UsageError(`no certificate named ${n} in the config`);
    if (!usesPersist(config, n)) {
      throw new UsageError(`certificate ${n} does not use challenge: dns-persist-01, so it needs no record`);
    }
  }
  const names = persistCertificates(config, settings.only);
  if (names.length === 0) {
    const text = 'no certificate uses challenge: dns-persist-01; nothing to publish';
    return {
      ok: true,
      outputs: { 'persist-records': JSON.stringify({ records: [] }) },
      text,
      json: { records: [] },
    };
  }
  const session = await openSession(settings, log, { maxRetryAfterMs: 10_000 });
  let report: PersistReport;
  try {
    const ca = caFacts(session);
    const url = await existingAccountUrl(session);
    if (!url) {
      throw new Error(
        `no ACME account exists at ${session.directoryUrl} for acme.account-key, so there is no account URI to publish (persist-record never creates one). If the account key changed, restore the old key: records made for its account stay valid. Otherwise run \`certflow renew\` once to register the account (its dns-persist-01 orders fail until the records exist), then run \`certflow persist-record\` again`,
      );
    }
    const account = accountOf(url, primaryIssuer(settings).accountKey);
    report = { ca, accountUrl: url, records: wantedRecords(config, names, ca, account) };
  } finally {
    session.close();
  }
  if (settings.persistCheck) {
    const now = options.now ?? new Date();
    const timeoutMs = options.timeoutMs ?? 3000;
    const verdicts = await mapLimit(report.records, 8, (rec) =>
      checkRecord(
        rec,
        {
          resolvers: persistResolvers(config, rec.certificates[0] as string),
          timeoutMs,
          // A name whose servers do not answer is reported, not waited for.
          signal: AbortSignal.timeout(4 * timeoutMs),
        },
        now,
      ),
    );
    report = { ...report, records: report.records.map((rec, i) => ({ ...rec, check: verdicts[i] })) };
  }
  const bad = report.records.filter((r) => r.check && r.check.status !== 'ok');
  for (const r of bad) log.warn(`${r.name}: ${r.check?.status}: ${r.check?.message}`);
  const json = persistJson(report);
  return {
    ok: bad.length === 0,
    outputs: { 'persist-records': JSON.stringify(json) },
    summary: persistMarkdown(report),
    text: persistText(report),
    json,
  };
}

export const persistRecordsHandler: CommandHandler = (settings, log) => persistRecordsCommand(settings, log);
