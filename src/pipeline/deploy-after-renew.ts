/**
 * `renew` with `deploy: true`: SSH targets get every certificate (renewed ones straight from
 * memory, the rest from the store when the age identity is given; hosts already serving the right
 * certificate are skipped), and exec hook targets run for the certificates renewed in this run
 * (a forced certificate is renewed, so it is among them): a hook never runs for a certificate that
 * did not change.
 */

import type { Settings } from '../config/settings.js';
import type { DeployBundle } from '../deploy/index.js';
import type { IssueResult } from '../model.js';
import type { SealedBundle } from '../store/seal.js';
import type { Logger } from '../util/log.js';
import { leafFacts } from '../util/x509.js';
import { type DeployRun, deployFromStore } from './deploy.js';

export type { DeployRun };

export async function deployAfterRenew(
  settings: Settings,
  results: IssueResult[],
  bundles: SealedBundle[],
  log: Logger,
): Promise<DeployRun> {
  const sealed = new Set(bundles.map((b) => b.name));
  const fresh = new Map<string, DeployBundle>();
  for (const r of results) {
    if (!r.ok || !sealed.has(r.name)) continue;
    fresh.set(r.name, {
      name: r.name,
      domains: r.certificate.domains,
      fullchainPem: r.certificate.fullchainPem,
      privateKeyPem: r.certificate.privateKeyPem,
      certificateSha256: leafFacts(r.certificate.fullchainPem).sha256,
    });
  }
  return deployFromStore(settings, log, { fresh, hookDue: (name) => fresh.has(name) });
}
