/** Sealing every certificate renew issued, each on top of its guard history. */
import type { GuardLedger } from '../guard/ledger.js';
import type { IssueResult, StageError } from '../model.js';
import type { RunContext } from '../run.js';
import { recipientsFor } from '../store/recipients.js';
import { type SealedBundle, sealBundle } from '../store/seal.js';
import { errorMessage } from '../util/errors.js';

/**
 * Seals every issued certificate. A seal failure (key and certificate disagree) turns that result
 * into a failure: storing such a bundle would give something that can never be deployed.
 */
export async function sealAll(
  run: RunContext,
  results: IssueResult[],
  ledger: GuardLedger,
): Promise<SealedBundle[]> {
  const { settings, log } = run;
  const bundles: SealedBundle[] = [];
  for (const [i, result] of results.entries()) {
    if (!result.ok) continue;
    log.secret(result.certificate.privateKeyPem);
    try {
      const base = ledger.sealBase(result.name);
      const bundle = await sealBundle(result.certificate, recipientsFor(settings.config, result.name), base);
      bundles.push(ledger.withFirstFailures(bundle));
    } catch (error) {
      const stageError: StageError = { message: errorMessage(error), hint: 'the certificate was not stored' };
      results[i] = { name: result.name, ok: false, error: stageError, durationMs: result.durationMs };
      log.error(`${result.name}: ${stageError.message}`);
    }
  }
  return bundles;
}
