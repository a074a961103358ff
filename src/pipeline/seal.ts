/** Sealing each certificate renew issued, on top of its guard history, as its order ends. */
import type { GuardLedger } from '../guard/ledger.js';
import type { IssueResult, StageError } from '../model.js';
import type { RunContext } from '../run.js';
import { recipientsFor } from '../store/recipients.js';
import { type SealedBundle, sealBundle } from '../store/seal.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';

/**
 * Seals one issued certificate: the bundle, or the result turned into a failure when sealing
 * fails (key and certificate disagree): storing such a bundle would give something that can
 * never be deployed.
 */
export async function sealOne(
  run: RunContext,
  result: IssueResult,
  ledger: GuardLedger,
): Promise<{ result: IssueResult; bundle?: SealedBundle }> {
  if (!result.ok) return { result };
  const { settings, log } = run;
  log.secret(result.certificate.privateKeyPem);
  try {
    const base = ledger.sealBase(result.name);
    const bundle = await sealBundle(result.certificate, recipientsFor(settings.config, result.name), base);
    return { result, bundle: ledger.withFirstFailures(bundle) };
  } catch (error) {
    const stageError: StageError = { message: errorMessage(error), hint: 'the certificate was not stored' };
    log.error(`${result.name}: ${stageError.message}`);
    return { result: { name: result.name, ok: false, error: stageError, durationMs: result.durationMs } };
  }
}

/**
 * The sealed result without its private keys, which are let go (and no longer masked: nothing
 * holds them any more). What renew keeps of each certificate when it does not deploy it.
 */
export function withoutKeys(result: IssueResult, log: Pick<Logger, 'forget'>): IssueResult {
  if (!result.ok) return result;
  const { next, ...certificate } = result.certificate;
  log.forget?.(certificate.privateKeyPem);
  if (next && 'privateKeyPem' in next) log.forget?.(next.privateKeyPem);
  // A next key already sealed (its armored file) holds no secret and stays.
  const sealedNext = next && !('privateKeyPem' in next) ? { next } : {};
  return { ...result, certificate: { ...certificate, privateKeyPem: '', ...sealedNext } };
}
