/**
 * `certflow renew` / `command: renew`: read store -> plan -> guard -> issue -> seal -> publish ->
 * (deploy) -> report. Each stage returns data; one certificate's failure never stops the others, and
 * the run fails at the end if anything failed. A certificate that was issued is sealed and written
 * before anything else can fail, so a later failure (publishing, deploying) never throws it away.
 * The guard's bookkeeping (failure history, back-off, which of its files to publish, the state
 * branch in pull-request mode) is the ledger's (src/guard/ledger.ts).
 */
import { issueCertificates } from '../acme/issue.js';
import type { Settings } from '../config/settings.js';
import { GuardLedger } from '../guard/ledger.js';
import { loadStateBranch } from '../guard/state-branch.js';
import type { IssueResult } from '../model.js';
import { pendingEscalations } from '../plan/pending.js';
import { planRenewals } from '../plan/plan.js';
import type { RunContext } from '../run.js';
import { storeDir } from '../store/read.js';
import type { SealedBundle } from '../store/seal.js';
import type { Logger } from '../util/log.js';
import { storeMovedWindows } from './ari-writeback.js';
import { finishRun, newReport } from './finish.js';
import { guardOrders } from './guard.js';
import { planKeys, withNextKeys } from './keys.js';
import type { CommandOutcome } from './outcome.js';
import { publishRun } from './publish.js';
import { readStore } from './read-store.js';
import { resealOnRenew } from './reseal.js';
import { keepScheduleEnabled } from './schedule-watch.js';
import { sealOne, withoutKeys } from './seal.js';

export async function renewCommand(
  settings: Settings,
  log: Logger,
  now: Date = new Date(), // the run's one clock; tests fix it
): Promise<CommandOutcome> {
  const run: RunContext = { settings, log, now };
  const report = newReport('renew', settings);
  const dir = storeDir(settings);
  if (settings.dryRun)
    log.info('DRY RUN: ordering from the staging directory; nothing is committed, swapped or reloaded');

  // First, so a renewal that fails later still leaves the schedule running for the next try.
  report.schedule = await keepScheduleEnabled(settings, log, report.warnings);

  // Pull-request mode: the state branch's files (back-off, ARI windows) first, for the store read.
  await loadStateBranch(settings, log);
  const { stored, manifests, ariMoved } = await readStore(run, dir);
  const read = async (_dir: string, name: string) => stored.get(name) ?? { name, state: 'missing' as const };
  const plan = await log.group('Plan', () =>
    planRenewals(settings, log, { now: run.now, read, stateLoaded: true }),
  );
  report.plan = plan.decisions;
  report.warnings.push(...plan.warnings);
  for (const w of plan.warnings) log.warn(w);
  // A renewal waiting for review while the deployed certificate nears expiry fails the run.
  for (const e of pendingEscalations(plan.decisions)) {
    report.errors.push(e);
    log.error(e.message);
  }

  const ledger = await GuardLedger.load(run, dir, plan.decisions, manifests);
  const guard = guardOrders(run, ledger, plan.decisions, manifests);
  const results: IssueResult[] = [...guard.refused];
  const keys = await planKeys(settings, guard.allowed, manifests, log);
  results.push(...keys.failed);
  const allowed = guard.allowed.filter((d) => !keys.failed.some((f) => f.name === d.name));
  // Each certificate is sealed as soon as its order ends and, unless this run deploys it from
  // memory, its key is let go: N orders keep `concurrency` keys in memory, not N (issue 22).
  const bundles: SealedBundle[] = [];
  const sealNow = async (issued: IssueResult): Promise<IssueResult> => {
    const [withNext] = withNextKeys([issued], keys.plans) as [IssueResult];
    const sealed = await sealOne(run, withNext, ledger);
    if (sealed.bundle) bundles.push(sealed.bundle);
    return settings.deploy ? sealed.result : withoutKeys(sealed.result, log);
  };
  if (allowed.length === 0) log.info('nothing is due');
  else {
    const title = `Issue ${allowed.length} certificate(s)`;
    const chosen = new Map([...keys.plans].flatMap(([n, p]) => (p.key ? [[n, p.key] as const] : [])));
    const issued = await log.group(title, () =>
      issueCertificates(settings, allowed, manifests, log, { keys: chosen, onIssued: sealNow }),
    );
    results.push(...issued);
    report.warnings.push(...fallbackNotes(issued));
    // Sealed in the order orders ended; published in the plan's order, the same on every run.
    const order = new Map(allowed.map((d, i) => [d.name, i]));
    bundles.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  }

  // Recipients that changed in the config reach the bundles not renewed now, too (no order).
  const issuedNames = new Set(bundles.map((b) => b.name));
  const resealed = settings.dryRun
    ? []
    : await resealOnRenew(settings, issuedNames, log, report.warnings, run.now);
  bundles.push(...resealed);
  const resealedNames = new Set(resealed.map((b) => b.name));
  const decisions = plan.decisions.map((d) =>
    resealedNames.has(d.name)
      ? { ...d, reason: `re-sealed to the configured recipients, same certificate (${d.reason})` }
      : d,
  );
  report.issued = results;
  const dane = bundles.flatMap((b) => (b.manifest.dane ? [{ name: b.name, ...b.manifest.dane.tlsa }] : []));
  if (dane.length > 0) report.dane = dane;
  await ledger.recordFailures(results, plan.decisions, report.warnings);
  const ari = await storeMovedWindows(run, report, dir, ariMoved, bundles, plan.decisions);
  await publishRun(run, report, bundles, decisions, ledger, ari);

  if (settings.deploy) {
    // ssh2 and the deploy stages are loaded only by runs that deploy (issue 22, start-up).
    const { deployAfterRenew } = await import('./deploy-after-renew.js');
    const deployed = await log.group('Deploy', () => deployAfterRenew(settings, results, bundles, log));
    report.deploys.push(...deployed.deploys);
    report.errors.push(...deployed.errors);
    report.warnings.push(...deployed.warnings);
  }
  return finishRun(settings, report, log);
}

/** One warning per certificate that a later CA of acme.issuers issued: which CA, and why not the earlier. */
function fallbackNotes(results: IssueResult[]): string[] {
  return results.flatMap((r) => {
    const skipped = r.ok ? r.certificate.skippedIssuers : undefined;
    if (!r.ok || !skipped?.length) return [];
    const why = skipped.map((s) => `${s.where} (${s.directory}): ${s.reason}`).join('; ');
    return [
      `${r.name}: issued by ${r.certificate.acmeDirectory} after the CA before it failed on its side: ${why}`,
    ];
  });
}
