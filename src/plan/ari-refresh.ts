/**
 * Fresh ARI windows for `plan` (issue 22). The matrix plan decides which shards run, so it must
 * see a CA's early-renewal window (after a mass revocation) without waiting for a renew run.
 * renewalInfo is a plain GET (RFC 9773): no account and no secret, so the plan job still holds none.
 * - the stored window is the cache: it is asked again only after its Retry-After (1 min .. 1 day);
 * - at most ARI_PARALLEL requests at once; 429/503 with Retry-After are waited out up to 10 s;
 * - a CA that cannot be reached costs one warning and the stored windows, not one per certificate.
 * The refreshed windows are used in memory; renew stores the window of what it issues.
 */
import { ariRefreshDue, fetchRenewalInfo } from '../acme/ari.js';
import { readTrust } from '../acme/directory.js';
import { AcmeProblemError } from '../acme/errors.js';
import { AcmeTransport } from '../acme/http.js';
import { byIssuer } from '../acme/issuers.js';
import type { Settings } from '../config/settings.js';
import type { AriWindow, Manifest } from '../model.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapLimit } from '../util/pool.js';

export const ARI_PARALLEL = 8;

export interface AriRefresh {
  /** Certificates whose suggested window differs from the stored one. */
  changed: string[];
  /** How many renewalInfo requests were made. */
  asked: number;
  warnings: string[];
}

/**
 * Sets `manifest.ari` of every stored certificate that is due for a refresh to the CA's current
 * window, in place. Never throws: problems are warnings and leave the stored window.
 */
export async function refreshPlanAri(
  settings: Pick<Settings, 'config' | 'workspace' | 'dryRun'>,
  manifests: Map<string, Manifest | undefined>,
  log: Logger,
  now: Date,
): Promise<AriRefresh> {
  const result: AriRefresh = { changed: [], asked: 0, warnings: [] };
  const due = [...manifests].filter(
    (e): e is [string, Manifest] => !!e[1]?.ariCertId && ariRefreshDue(e[1].ari, now),
  );
  if (!settings.config.renewal.ari || due.length === 0) return result;
  // Each certificate is asked about at the CA that issued it (acme.issuers; the manifest's CA).
  const groups = byIssuer(settings, new Map(due), { warn: (m) => result.warnings.push(m) });
  for (const [issuer, group] of groups) {
    await refreshAtCa(settings, issuer.directory, [...group] as [string, Manifest][], log, now, result);
  }
  return result;
}

async function refreshAtCa(
  settings: Pick<Settings, 'config' | 'workspace'>,
  directoryUrl: string,
  due: [string, Manifest][],
  log: Logger,
  now: Date,
  result: AriRefresh,
): Promise<void> {
  let transport: AcmeTransport | undefined;
  try {
    transport = new AcmeTransport({
      trust: await readTrust(settings),
      maxRetryAfterMs: 10_000,
      log,
      timeoutMs: 15_000,
    });
    const directory = (await transport.request(directoryUrl, 'get')).data as { renewalInfo?: unknown };
    const renewalInfoUrl = typeof directory?.renewalInfo === 'string' ? directory.renewalInfo : undefined;
    if (!renewalInfoUrl) {
      log.debug(`${directoryUrl} offers no renewalInfo (ARI); the plan uses the lifetime rule`);
      return;
    }
    let outage: string | undefined;
    let failed = 0;
    await mapLimit(due, ARI_PARALLEL, async ([name, manifest]) => {
      if (outage || !transport) return;
      try {
        result.asked++;
        const window = await fetchRenewalInfo(manifest.ariCertId ?? '', {
          transport,
          renewalInfoUrl,
          now,
        });
        if (!window) return;
        if (windowMoved(manifest.ari, window)) result.changed.push(name);
        manifest.ari = window;
      } catch (error) {
        // No HTTP status: the CA is not answering at all; asking for the rest would only wait.
        if (error instanceof AcmeProblemError && error.status === 0) outage = errorMessage(error);
        else {
          failed++;
          log.debug(`ARI for ${name}: ${errorMessage(error)}`);
        }
      }
    });
    if (outage) {
      result.warnings.push(
        `ARI windows not refreshed (${outage}); the plan used the stored windows and the lifetime rule`,
      );
    }
    if (failed > 0) {
      result.warnings.push(
        `ARI: the CA refused the renewalInfo of ${failed} certificate(s); their stored windows were used (details with --verbose)`,
      );
    }
  } catch (error) {
    result.warnings.push(
      `ARI windows not refreshed (${errorMessage(error)}); the plan used the stored windows and the lifetime rule`,
    );
  } finally {
    transport?.close();
  }
}

function windowMoved(before: AriWindow | undefined, after: AriWindow): boolean {
  return before?.start !== after.start || before?.end !== after.end;
}
