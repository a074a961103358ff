/**
 * `certflow reseal [names]`: re-encrypts stored keys to the recipients the config names now
 * (store, certificate and targets), without ordering a certificate. It writes the working tree;
 * commit it (or let review see it in a pull request): verify flags every recipient change.
 */
import { resealChanged } from '../pipeline/reseal.js';
import { storeDir } from '../store/read.js';
import { writeBundle } from '../store/write.js';
import { UsageError } from '../util/errors.js';
import type { CommandHandler } from './types.js';

export const resealHandler: CommandHandler = async (settings, log) => {
  if (!settings.ageIdentity) {
    throw new UsageError(
      'reseal needs an age identity that opens the bundles today: --identity <file>, or CERTFLOW_AGE_IDENTITY',
      [{ path: '--identity', message: 'no age identity given' }],
    );
  }
  const names = settings.only ?? Object.keys(settings.config.certificates);
  const run = await resealChanged(settings, names, settings.ageIdentity, log);
  for (const bundle of run.bundles) await writeBundle(storeDir(settings), bundle);
  const failed = run.results.filter((r) => r.action === 'failed');
  const resealed = run.results.filter((r) => r.action === 'resealed').map((r) => r.name);
  return {
    ok: failed.length === 0,
    outputs: { resealed: resealed.join(','), failed: failed.map((r) => r.name).join(',') },
    text: run.results.map((r) => `${r.name}: ${r.action}: ${r.message}`).join('\n') || 'no certificates',
    json: run.results,
  };
};
