/**
 * `command: check`: CAs no longer send expiry e-mails, so this is the watchman. It asks every SSH
 * target host over TLS which certificate it serves for each of its certificates, and fails (and
 * alerts) when one is inside the emergency window, expired, unreachable, not the stored one, or
 * not chained to a trusted root, and when the stored bundle itself fails verification.
 * It changes nothing anywhere. The command (src/commands/check.ts) runs this and reports.
 */
import { X509Certificate } from 'node:crypto';
import { parseLifetimePoint } from '../config/policy.js';
import type { Settings } from '../config/settings.js';
import { targetHosts } from '../deploy/hosts.js';
import { endpoints } from '../deploy/services.js';
import { servedNow } from '../deploy/verify.js';
import type { CheckResult, RunReport } from '../model.js';
import { judgeServed, type StoredFacts } from '../report/check.js';
import { readStoredCertificate, storeDir } from '../store/read.js';
import { loadTrustAnchors, type TrustAnchors } from '../store/trust.js';
import { chainToRoot } from '../store/verify.js';
import { describeFindings, verifyStoredBundle } from '../store/verify-stored.js';
import { durationMs } from '../util/duration.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapLimit } from '../util/pool.js';
import type { StartTlsProtocol } from '../util/starttls.js';
import type { ServedCertificate } from '../util/tls.js';

/** One TLS probe to make: a certificate as served by one host of one target. */
interface Probe {
  certificate: string;
  target: string;
  host: string;
  address: string;
  port: number;
  servername?: string;
  starttls?: StartTlsProtocol;
  timeoutMs: number;
}

export interface CheckOptions {
  /** The clock (tests pin it). */
  now?: () => Date;
}

/** What to probe, from the config: every host of every SSH target of every (selected) certificate. */
export function plannedProbes(settings: Settings, warnings: string[]): Probe[] {
  const { config } = settings;
  const probes: Probe[] = [];
  const names = Object.keys(config.certificates).filter(
    (n) => !settings.only?.length || settings.only.includes(n),
  );
  for (const only of settings.only ?? []) {
    if (!(only in config.certificates))
      warnings.push(`certificate ${only} is not in the config; nothing to check for it`);
  }
  for (const name of names) {
    const cert = config.certificates[name];
    if (!cert) continue;
    for (const targetName of cert.targets) {
      const target = config.targets[targetName];
      if (!target) {
        warnings.push(`certificate ${name}: target ${targetName} is not defined under targets`);
        continue;
      }
      if (target.type !== 'ssh') {
        warnings.push(
          target.type === 'agent'
            ? `certificate ${name}: target ${targetName} is pulled by certflow agent and lists no hosts; check its hosts with an ssh target with verify, or the agent's own report`
            : `certificate ${name}: target ${targetName} is an exec hook; it has no TLS endpoint to check`,
        );
        continue;
      }
      if (endpoints(target, 'host', cert.domains).length === 0) {
        warnings.push(`certificate ${name}: target ${targetName} has verify.enabled false; not checked`);
        continue;
      }
      for (const th of targetHosts(target)) {
        // The target's TLS check and each service's (a mail host: 443, then 25 and 143 with STARTTLS).
        for (const endpoint of endpoints(th.config, th.address.host, cert.domains)) {
          probes.push({
            certificate: name,
            target: targetName,
            host: th.label,
            address: endpoint.address,
            port: endpoint.port,
            servername: endpoint.servername,
            starttls: endpoint.starttls,
            timeoutMs: durationMs(target['connect-timeout']),
          });
        }
      }
    }
  }
  return probes;
}

interface StoredCheck {
  facts?: StoredFacts;
  note?: string;
  /** The bundle is unreadable or fails verification: every check of it fails. */
  problem?: string;
}

/** Each stored bundle, verified as a deploy would (store/verify.ts); its facts come from the certificate. */
async function storedFacts(
  settings: Settings,
  storeDir: string,
  names: string[],
  trust: TrustAnchors,
  now: Date,
): Promise<Map<string, StoredCheck>> {
  const out = new Map<string, StoredCheck>();
  for (const name of names) {
    const verdict = await verifyStoredBundle(settings, storeDir, name, trust, 'check', now);
    const leaf = verdict.leaf;
    if (verdict.ok && leaf) {
      out.set(name, {
        facts: { serial: leaf.serial, notAfter: leaf.notAfter.toISOString(), sha256: leaf.sha256 },
      });
    } else if (!verdict.manifest && (await readStoredCertificate(storeDir, name)).state === 'missing') {
      out.set(name, { note: `no bundle in ${storeDir}/${name}` });
    } else {
      out.set(name, { problem: describeFindings(verdict) });
    }
  }
  return out;
}

/** Why the served leaf and the chain the host presented do not reach a trusted root, if they do not. */
function servedChainProblem(served: ServedCertificate, trust: TrustAnchors, now: Date): string | undefined {
  try {
    const chain = [served.pem, ...served.chainPems].map((pem) => new X509Certificate(pem));
    const result = chainToRoot(chain, trust, now);
    return 'error' in result ? result.error : undefined;
  } catch (error) {
    return `the presented chain does not parse (${errorMessage(error)})`;
  }
}

/** Probes and judges; returns the run report (never throws for a host's failure). */
export async function runCheck(
  settings: Settings,
  log: Logger,
  options: CheckOptions = {},
): Promise<RunReport> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const warnings: string[] = [];
  const probes = plannedProbes(settings, warnings);
  const trust = await loadTrustAnchors(settings);
  const stored = await storedFacts(
    settings,
    storeDir(settings),
    [...new Set(probes.map((p) => p.certificate))],
    trust,
    now(),
  );
  for (const [name, s] of stored) {
    if (s.problem) warnings.push(`certificate ${name}: ${s.problem}; every check of it fails`);
  }
  const emergency = parseLifetimePoint(settings.config.renewal.emergency);
  let done = 0;
  log.progress('checked', 0, probes.length);
  const checks = await mapLimit(probes, settings.concurrency, async (p): Promise<CheckResult> => {
    const started = Date.now();
    const { served, error } = await servedNow(
      { address: p.address, port: p.port, servername: p.servername, starttls: p.starttls },
      p.timeoutMs,
    );
    const s = stored.get(p.certificate);
    const verdict = judgeServed({
      served: served?.facts,
      probeError: error,
      stored: s?.facts,
      storeNote: s?.note,
      storeProblem: s?.problem,
      chainProblem: served && servedChainProblem(served, trust, now()),
      emergency,
      now: now(),
    });
    log.progress('checked', ++done, probes.length);
    const line = `${p.certificate} on ${p.host}: ${verdict.status}: ${verdict.message}`;
    if (verdict.ok) log.info(line);
    else log.error(line);
    return {
      certificate: p.certificate,
      target: p.target,
      host: p.host,
      address: p.address,
      port: p.port,
      servername: p.servername ?? '',
      ok: verdict.ok,
      status: verdict.status,
      message: verdict.message,
      served: served && {
        serial: served.facts.serial,
        notBefore: served.facts.notBefore.toISOString(),
        notAfter: served.facts.notAfter.toISOString(),
        sha256: served.facts.sha256,
        issuer: served.facts.issuer,
        names: served.facts.names,
      },
      stored: s?.facts,
      remaining: verdict.remaining,
      durationMs: Date.now() - started,
    };
  });
  if (probes.length === 0)
    warnings.push('no certificate has an SSH target with TLS verify enabled: nothing was checked');
  for (const w of warnings) log.warn(w);
  return {
    command: 'check',
    dryRun: settings.dryRun,
    startedAt,
    finishedAt: now().toISOString(),
    plan: [],
    issued: [],
    deploys: [],
    errors: [],
    warnings,
    checks,
  };
}
