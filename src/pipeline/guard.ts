/**
 * The rate-limit guard between plan and issue: refuses orders that would burn the CA's limits (see
 * src/guard/). The back-off after failures is the plan's to judge, not the guard's. Pure decisions
 * live in src/guard/; this file only hands them the ledger's history and turns refusals into data.
 */
import { resolveDirectoryUrl } from '../acme/session.js';
import type { GuardLedger } from '../guard/ledger.js';
import { checkOrder, policyFor } from '../guard/rate-limit.js';
import type { IssueResult, Manifest, RenewalDecision } from '../model.js';
import type { RunContext } from '../run.js';

export interface GuardOutcome {
  allowed: RenewalDecision[];
  /** Refused by a CA limit: failures of this run, with how to override. */
  refused: IssueResult[];
}

export function guardOrders(
  run: RunContext,
  ledger: GuardLedger,
  decisions: RenewalDecision[],
  manifests: Map<string, Manifest | undefined>,
): GuardOutcome {
  const { settings, log, now } = run;
  const policy = policyFor(resolveDirectoryUrl(settings));
  const outcome: GuardOutcome = { allowed: [], refused: [] };
  for (const decision of decisions) {
    if (decision.action === 'skip') continue;
    const manifest = manifests.get(decision.name);
    const ari =
      settings.config.renewal.ari && !!manifest?.ari && Date.parse(manifest.ari.start) <= now.getTime();
    const verdict = checkOrder({
      manifest: ledger.state(decision.name),
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
      refused: true,
      durationMs: 0,
      error: { message: `not ordered: ${verdict.reason ?? 'rate-limit guard'}`, hint: verdict.hint },
    });
  }
  return outcome;
}
