/**
 * The issue stage: every certificate the plan marks due, concurrently (bounded by
 * `settings.concurrency`), with one ACME account. One certificate's failure never stops the
 * others; each result says what happened in the CA's or the provider's own words.
 */
import { setMaxListeners } from 'node:events';
import type { Settings } from '../config/settings.js';
import type { PlannedRecord } from '../dns/challenge.js';
import { createProviders } from '../dns/providers/index.js';
import type { AriWindow, IssueResult, Manifest, RenewalDecision, SkippedIssuer } from '../model.js';
import { warnIfNewAccount } from '../persist/continuity.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapLimit } from '../util/pool.js';
import { ariCertificateId, fetchRenewalInfo, refreshAriWindows } from './ari.js';
import { IssueError, toStageError } from './errors.js';
import { failureSide } from './fallback.js';
import { byIssuer, configuredIssuers, type Issuer } from './issuers.js';
import { orderCertificate } from './order.js';
import { type AcmeSession, openSession } from './session.js';

export interface IssueEvent {
  name: string;
  type: 'record-presented' | 'record-visible' | 'challenge-answered';
  fqdn: string;
  at: number;
}

export interface IssueOptions {
  signal?: AbortSignal;
  /** Upper bound for any single Retry-After sleep (default 60 s). */
  maxRetryAfterMs?: number;
  /**
   * Catch SIGINT/SIGTERM while issuing: stop, remove the challenge records, then re-raise the
   * signal. Default true; the CLI and the Action both want it.
   */
  handleSignals?: boolean;
  /** Timing hooks (benchmark, progress). */
  onEvent?: (event: IssueEvent) => void;
  /** Keys chosen by the key policy (src/pipeline/keys.ts), by certificate name; others get a fresh key. */
  keys?: ReadonlyMap<string, string>;
  /**
   * Called with each result as soon as its order ends; what it returns replaces the result. renew
   * seals the key here and lets it go, so N orders keep only `concurrency` keys in memory.
   * It must not throw.
   */
  onIssued?: (result: IssueResult) => Promise<IssueResult>;
  /** Test only: skip DNS propagation checks (HTTP-API providers against fake APIs). */
  skipPropagation?: boolean;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** Links the caller's signal and SIGINT/SIGTERM into one signal for the run. */
function runSignal(options: IssueOptions, log: Logger) {
  const controller = new AbortController();
  // Every in-flight request and DNS query listens on this one signal.
  setMaxListeners(0, controller.signal);
  let caught: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (caught) return;
    caught = sig;
    log.warn(`${sig} received: stopping issuance and removing challenge records`);
    controller.abort(new Error(`interrupted by ${sig}`));
  };
  const onExternal = () => controller.abort(options.signal?.reason ?? new Error('aborted'));
  if (options.signal?.aborted) onExternal();
  options.signal?.addEventListener('abort', onExternal, { once: true });
  const handle = options.handleSignals !== false;
  if (handle) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return {
    signal: controller.signal,
    release() {
      options.signal?.removeEventListener('abort', onExternal);
      if (handle) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      // Cleanup is done: let the signal do what it would have done (exit 130/143).
      if (caught) process.kill(process.pid, caught);
    },
  };
}

function failAll(due: RenewalDecision[], error: unknown, started: number): IssueResult[] {
  const stageError = toStageError(error);
  return due.map((d) => ({
    name: d.name,
    ok: false as const,
    error: stageError,
    durationMs: Date.now() - started,
  }));
}

/**
 * One session per CA, opened (with its account) the first time a certificate needs it and shared
 * after; a CA that could not be opened stays failed for the run, so the next certificate passes
 * over it at once instead of waiting on it again.
 */
class Sessions {
  private readonly opened = new Map<number, Promise<AcmeSession>>();
  constructor(
    private readonly settings: Settings,
    private readonly log: Logger,
    private readonly opts: { signal: AbortSignal; maxRetryAfterMs: number },
    /** The run's certificates: dns-persist-01 ones are checked for account continuity. */
    private readonly names: string[],
  ) {}
  get(issuer: Issuer): Promise<AcmeSession> {
    let session = this.opened.get(issuer.index);
    if (!session) {
      session = (async () => {
        const s = await openSession(this.settings, this.log, this.opts, issuer);
        try {
          // issue 23: a new account breaks the _validation-persist records; say so before ordering.
          await warnIfNewAccount(s, this.settings, this.names, this.log);
          await s.account();
        } catch (error) {
          s.close();
          throw error;
        }
        return s;
      })();
      session.catch(() => undefined);
      this.opened.set(issuer.index, session);
    }
    return session;
  }
  async close(): Promise<void> {
    for (const s of this.opened.values()) (await s.catch(() => undefined))?.close();
  }
}

/** Whether `now` is inside (or past the start of) the CA's suggested window. */
function insideWindow(window: AriWindow | undefined, now: number): boolean {
  return !!window && Date.parse(window.start) <= now;
}

export async function issueCertificates(
  settings: Settings,
  due: RenewalDecision[],
  stored: Map<string, Manifest | undefined>,
  log: Logger,
  options: IssueOptions = {},
): Promise<IssueResult[]> {
  const todo = due.filter((d) => d.action !== 'skip');
  if (todo.length === 0) return [];
  const started = Date.now();
  const run = runSignal(options, log);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const issuers = configuredIssuers(settings);
  const sessions = new Sessions(
    settings,
    log,
    { signal: run.signal, maxRetryAfterMs },
    todo.map((d) => d.name),
  );
  try {
    let providers: ReturnType<typeof createProviders>;
    try {
      providers = createProviders(settings.config.dns, {
        log,
        workspace: settings.workspace,
        env: settings.hooks?.env,
      });
      // The first CA is opened up front: a broken setup fails every certificate the same way
      // (unless there is another CA to fall back on, which issueOne then tries).
      if (issuers.length === 1) await sessions.get(issuers[0] as Issuer);
    } catch (error) {
      return failAll(todo, error, started);
    }
    const names = issuers.map((i) => i.directory).join(', then ');
    log.info(`issuing ${todo.length} certificate(s) from ${names}`);
    const order: OrderRun = {
      settings,
      providers,
      log,
      options: { ...options, maxRetryAfterMs, signal: run.signal },
    };
    let done = 0;
    return await mapLimit(todo, Math.max(1, settings.concurrency), async (decision) => {
      const result = await issueWithFallback(order, sessions, issuers, decision, stored.get(decision.name));
      log.progress('issue', ++done, todo.length);
      return options.onIssued ? options.onIssued(result) : result;
    });
  } finally {
    await sessions.close();
    run.release();
  }
}

/**
 * One certificate, at the first CA that issues it: a failure of the CA's (see fallback.ts) moves
 * on to the next CA, any other failure ends the certificate there. The result names the CA and
 * the ones passed over.
 */
async function issueWithFallback(
  order: OrderRun,
  sessions: Sessions,
  issuers: Issuer[],
  decision: RenewalDecision,
  manifest: Manifest | undefined,
): Promise<IssueResult> {
  const { log, options } = order;
  const started = Date.now();
  const skipped: SkippedIssuer[] = [];
  for (const [i, issuer] of issuers.entries()) {
    const last = i === issuers.length - 1;
    let failure: unknown;
    try {
      const session = await sessions.get(issuer);
      const result = await issueOne(order, session, decision, manifest);
      if (result.ok) {
        result.certificate.acmeDirectory = issuer.configured;
        if (skipped.length) result.certificate.skippedIssuers = skipped;
        result.durationMs = Date.now() - started;
        return result;
      }
      failure = result.failure;
    } catch (error) {
      failure = error;
    }
    const stageError = toStageError(failure);
    const mayMoveOn = !last && !options.signal.aborted && failureSide(failure) === 'ca';
    if (!mayMoveOn) {
      log.error(`${decision.name}: ${stageError.message}${stageError.hint ? ` (${stageError.hint})` : ''}`);
      return {
        name: decision.name,
        ok: false,
        error: {
          ...stageError,
          acmeDirectory: issuer.directory,
          ...(skipped.length ? { skippedIssuers: skipped } : {}),
        },
        durationMs: Date.now() - started,
      };
    }
    skipped.push({ directory: issuer.directory, where: issuer.where, reason: stageError.message });
    const next = issuers[i + 1] as Issuer;
    log.warn(
      `${decision.name}: ${issuer.directory} (${issuer.where}) failed on its side (${stageError.message}); trying ${next.directory} (${next.where})`,
    );
  }
  // Not reached: the last CA always returns above.
  throw new Error('no CA configured');
}

/** What every order of one run shares: the settings, DNS providers, logger and run options. */
interface OrderRun {
  settings: Settings;
  providers: ReturnType<typeof createProviders>;
  log: Logger;
  options: IssueOptions & { maxRetryAfterMs: number; signal: AbortSignal };
}

type OneResult = Extract<IssueResult, { ok: true }> | { ok: false; failure: unknown };

async function issueOne(
  order: OrderRun,
  session: AcmeSession,
  decision: RenewalDecision,
  manifest: Manifest | undefined,
): Promise<OneResult> {
  const { settings, providers, log, options } = order;
  const started = Date.now();
  const cert = settings.config.certificates[decision.name];
  try {
    if (!cert) throw new IssueError(`certificate ${decision.name} is not in the configuration`);
    // dns-persist-01 needs no provider unless it may fall back to dns-01: then the renew job holds
    // no DNS credential for this certificate at all.
    const persist = cert.challenge === 'dns-persist-01';
    const wantsProvider = !persist || cert.fallback === 'dns-01';
    const provider = wantsProvider && cert.dns !== undefined ? providers.get(cert.dns) : undefined;
    if (wantsProvider && !provider) {
      throw new IssueError(
        `certificates.${decision.name}.dns names "${cert.dns}", which is not under dns:`,
        `add dns.${cert.dns} or correct the name`,
      );
    }
    const profile = cert.profile ?? settings.config.acme.profile;
    const offered = session.directory.meta?.profiles;
    if (profile && offered && !(profile in offered)) {
      throw new IssueError(
        `profile "${profile}" is not offered by ${session.directoryUrl} (it offers: ${Object.keys(offered).join(', ') || 'none'})`,
        `set ${cert.profile ? `certificates.${decision.name}.profile` : 'acme.profile'} to one of the offered profiles, or remove it`,
      );
    }
    if (profile && !offered)
      log.warn(`${decision.name}: ${session.directoryUrl} lists no profiles; sending "${profile}" anyway`);
    const domains = decision.domains.length ? decision.domains : cert.domains;
    // `replaces` only when renewing a certificate of this CA that ARI knows (RFC 9773 section 5).
    const replaces =
      decision.action === 'renew' && session.directory.renewalInfo && sameCa(session.issuer, manifest)
        ? manifest?.ariCertId
        : undefined;
    const outcome = await log.group(`issue ${decision.name}: ${domains.join(', ')}`, () =>
      orderCertificate(
        session,
        {
          name: decision.name,
          domains,
          keyType: cert.key,
          profile,
          replaces,
          provider,
          challenge: cert.challenge,
          fallback: cert.fallback,
          challengeAlias: cert['challenge-alias'],
          privateKeyPem: options.keys?.get(decision.name),
          preferredChain: settings.config.acme['preferred-chain'],
        },
        {
          providers,
          log,
          signal: options.signal,
          maxRetryAfterMs: options.maxRetryAfterMs,
          skipPropagation: options.skipPropagation,
          onPresented: (r: PlannedRecord, at) =>
            options.onEvent?.({ name: decision.name, type: 'record-presented', fqdn: r.fqdn, at }),
          onVisible: (r: PlannedRecord, at) =>
            options.onEvent?.({ name: decision.name, type: 'record-visible', fqdn: r.fqdn, at }),
          onChallengeAnswered: (r: PlannedRecord, at) =>
            options.onEvent?.({ name: decision.name, type: 'challenge-answered', fqdn: r.fqdn, at }),
        },
      ),
    );
    log.secret(outcome.privateKeyPem);
    const validation = describeValidation(cert.challenge, outcome.answered);
    if (validation?.startsWith('dns-01 fallback')) log.warn(`${decision.name}: ${validation}`);
    else if (validation) log.info(`${decision.name}: ${validation}`);
    const ari = await newWindow(session, outcome.fullchainPem, log, decision.name);
    log.info(`${decision.name}: issued in ${Date.now() - started} ms`);
    return {
      name: decision.name,
      ok: true,
      durationMs: Date.now() - started,
      certificate: {
        name: decision.name,
        domains,
        keyType: cert.key,
        profile,
        privateKeyPem: outcome.privateKeyPem,
        fullchainPem: outcome.fullchainPem,
        issuedAt: new Date().toISOString(),
        replaces: manifest?.serial,
        ari,
        ariReplacement: outcome.replacesSent && insideWindow(manifest?.ari, started),
        ...(validation ? { validation } : {}),
      },
    };
  } catch (error) {
    return { ok: false, failure: error };
  }
}

/**
 * What the result says about the challenge of a dns-persist-01 certificate: that no DNS
 * credential was used, or which names fell back to dns-01. Undefined for dns-01 certificates.
 */
function describeValidation(
  wanted: 'dns-01' | 'dns-persist-01' | undefined,
  answered: Record<string, 'dns-01' | 'dns-persist-01'>,
): string | undefined {
  if (wanted !== 'dns-persist-01') return undefined;
  const fellBack = Object.keys(answered).filter((name) => answered[name] === 'dns-01');
  if (fellBack.length === 0) return 'dns-persist-01: no DNS credential needed';
  return `dns-01 fallback for ${fellBack.join(', ')}: the CA does not offer dns-persist-01 (the DNS provider wrote the records)`;
}

/** Whether the stored certificate came from `issuer` (a manifest without a CA: the first one). */
function sameCa(issuer: Issuer, manifest: Manifest | undefined): boolean {
  const recorded = manifest?.acmeDirectory;
  return recorded ? recorded === issuer.configured || recorded === issuer.directory : issuer.index === 0;
}

/** The new certificate's ARI window, for its manifest. Best effort: ARI is advice. */
async function newWindow(session: AcmeSession, fullchainPem: string, log: Logger, name: string) {
  const url = session.directory.renewalInfo;
  if (!url) return undefined;
  try {
    return await fetchRenewalInfo(ariCertificateId(fullchainPem), {
      transport: session.transport,
      renewalInfoUrl: url,
    });
  } catch (error) {
    log.warn(`${name}: no ARI window for the new certificate: ${errorMessage(error)}`);
    return undefined;
  }
}

/**
 * For the plan: refreshes the stored ARI windows from the CA that issued each certificate (when
 * its directory has renewalInfo and the stored Retry-After has passed). Returns name -> window.
 * Never throws for one certificate; a CA that cannot be reached is logged and its certificates
 * keep their stored windows.
 */
export async function refreshStoredAriWindows(
  settings: Settings,
  stored: Map<string, Manifest | undefined>,
  log: Logger,
  options: { signal?: AbortSignal; now?: Date } = {},
): Promise<Map<string, AriWindow | undefined>> {
  const out = new Map([...stored].map(([name, m]) => [name, m?.ari]));
  for (const [issuer, group] of byIssuer(settings, stored, log)) {
    let session: AcmeSession | undefined;
    try {
      session = await openSession(settings, log, { signal: options.signal, maxRetryAfterMs: 10_000 }, issuer);
      const url = session.directory.renewalInfo;
      if (!url) continue;
      const windows = await refreshAriWindows(group, {
        transport: session.transport,
        renewalInfoUrl: url,
        log,
        now: options.now,
      });
      for (const [name, window] of windows) out.set(name, window);
    } catch (error) {
      log.warn(`ARI windows from ${issuer.directory} not refreshed: ${toStageError(error).message}`);
    } finally {
      session?.close();
    }
  }
  return out;
}
