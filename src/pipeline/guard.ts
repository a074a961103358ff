/**
 * The rate-limit guard between plan and issue: refuses orders that would burn the CA's limits (see
 * src/guard/). The back-off after failures is the plan's to judge, not the guard's. Pure decisions
 * live in src/guard/; this file only reads the stored history and turns refusals into the run's data.
 */
import { resolveDirectoryUrl } from '../acme/session.js';
import type { Settings } from '../config/settings.js';
import { checkOrder, type GuardHistory, policyFor } from '../guard/rate-limit.js';
import { readGuardState } from '../guard/state.js';
import type { IssueResult, Manifest, RenewalDecision } from '../model.js';
import type { Logger } from '../util/log.js';

export interface GuardOutcome {
  allowed: RenewalDecision[];
  /** Refused by a CA limit: failures of this run, with how to override. */
  refused: IssueResult[];
  /** Guard history per certificate, carried into sealing and failure records. */
  history: Map<string, GuardHistory>;
}

export async function guardOrders(
  settings: Settings,
  storeDir: string,
  decisions: RenewalDecision[],
  manifests: Map<string, Manifest | undefined>,
  log: Logger,
  now: Date,
): Promise<GuardOutcome> {
  const policy = policyFor(resolveDirectoryUrl(settings));
  const outcome: GuardOutcome = { allowed: [], refused: [], history: new Map() };
  for (const decision of decisions) {
    if (decision.action === 'skip') continue;
    const manifest = manifests.get(decision.name);
    let state: GuardHistory;
    try {
      state = await readGuardState(storeDir, decision.name, manifest);
    } catch (error) {
      log.warn(`${decision.name}: guard state unreadable, ordering without it: ${(error as Error).message}`);
      state = { history: manifest?.history ?? [] };
    }
    outcome.history.set(decision.name, state);
    const ari =
      settings.config.renewal.ari && !!manifest?.ari && Date.parse(manifest.ari.start) <= now.getTime();
    const verdict = checkOrder({
      manifest: state,
      domains: decision.domains,
      forceUnsafe: settings.forceUnsafe,
      ariReplacement: ari,
      now,
      policy,
    });
    if (verdict.allowed) {
      if (verdict.code === 'overridden' && verdict.reason) log.warn(`${decision.name}: ${verdict.reason}`);
      outcome.allowed.push(decision);
      continue;
    }
    decision.code = 'rate-limited';
    outcome.refused.push({
      name: decision.name,
      ok: false,
      durationMs: 0,
      error: { message: `not ordered: ${verdict.reason ?? 'rate-limit guard'}`, hint: verdict.hint },
    });
  }
  return outcome;
}
