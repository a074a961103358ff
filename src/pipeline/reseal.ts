/**
 * Bringing stored bundles to the recipients the config wants now, without ordering: used by
 * `certflow reseal [names]` and by renew (for the certificates it did not just issue, when it was
 * given an identity). Each bundle is verified as a deploy would before its key is opened, so a
 * planted bundle is never re-sealed into legitimacy.
 */
import type { Settings } from '../config/settings.js';
import { BundleError, openBundle } from '../store/open.js';
import { readStoredCertificate, storeDir } from '../store/read.js';
import { describeRecipientsChange, recipientsChange, recipientsFor } from '../store/recipients.js';
import { resealBundle } from '../store/reseal.js';
import type { SealedBundle } from '../store/seal.js';
import { loadTrustAnchors } from '../store/trust.js';
import { describeFindings, verifyStoredBundle } from '../store/verify-stored.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';

export interface ResealResult {
  name: string;
  action: 'resealed' | 'unchanged' | 'missing' | 'failed';
  message: string;
}

export interface ResealRun {
  results: ResealResult[];
  bundles: SealedBundle[];
}

/** Bundles of `names` whose recipients differ from the config's, re-sealed (not written). */
export async function resealChanged(
  settings: Pick<Settings, 'config' | 'workspace'>,
  names: string[],
  identity: string | undefined,
  log: Logger,
  now: Date = new Date(),
): Promise<ResealRun> {
  const dir = storeDir(settings);
  const trust = await loadTrustAnchors(settings);
  const run: ResealRun = { results: [], bundles: [] };
  for (const name of names) {
    const stored = await readStoredCertificate(dir, name);
    if (stored.state === 'missing') {
      run.results.push({ name, action: 'missing', message: 'nothing stored yet' });
      continue;
    }
    const wanted = recipientsFor(settings.config, name);
    const change =
      stored.state === 'present' ? recipientsChange(stored.manifest.recipients, wanted) : undefined;
    if (stored.state === 'present' && !change) {
      run.results.push({ name, action: 'unchanged', message: 'already sealed to the configured recipients' });
      continue;
    }
    const what = change ? describeRecipientsChange(change) : '';
    if (!identity) {
      const message = `recipients changed (${what}); re-sealing needs an identity that opens it: run certflow reseal ${name} --identity <file>, or it is sealed to the new recipients at its next renewal`;
      log.warn(`${name}: ${message}`);
      run.results.push({ name, action: 'failed', message });
      continue;
    }
    try {
      const verdict = await verifyStoredBundle(settings, dir, name, trust, 'verify', now);
      if (!verdict.ok)
        throw new Error(`the bundle is not valid, not re-sealed: ${describeFindings(verdict)}`);
      const opened = await openBundle(dir, name, identity);
      log.secret(opened.privateKeyPem);
      run.bundles.push(await resealBundle(name, opened, wanted));
      const message = `re-sealed to ${wanted.length} recipients (${what}); same certificate, serial ${opened.manifest.serial}`;
      log.info(`${name}: ${message}`);
      run.results.push({ name, action: 'resealed', message });
    } catch (error) {
      const message =
        error instanceof BundleError && error.problem === 'wrong-identity'
          ? `${errorMessage(error)}: only a holder of an identity the key is sealed to now can re-seal it`
          : errorMessage(error);
      log.error(`${name}: ${message}`);
      run.results.push({ name, action: 'failed', message });
    }
  }
  return run;
}

/**
 * Renew's part: the certificates it did not just issue whose recipients changed are re-sealed when
 * the run holds an identity that opens them; otherwise each is a warning saying what to run.
 */
export async function resealOnRenew(
  settings: Settings,
  issued: ReadonlySet<string>,
  log: Logger,
  warnings: string[],
  now: Date,
): Promise<SealedBundle[]> {
  const names = Object.keys(settings.config.certificates).filter(
    (n) => !issued.has(n) && (!settings.only?.length || settings.only.includes(n)),
  );
  const run = await resealChanged(settings, names, settings.ageIdentity, log, now);
  for (const r of run.results) if (r.action === 'failed') warnings.push(`${r.name}: ${r.message}`);
  return run.bundles;
}
