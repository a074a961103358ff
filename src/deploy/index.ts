/**
 * Deploy stage: brings every SSH target host to serve its certificates, and proves it over TLS.
 * Hosts are independent (one failing never blocks another) except under `rollout: canary`, where
 * the first host must succeed before the rest of its target are touched. Every host and
 * certificate ends as a DeployResult; nothing is thrown for a host's failure.
 */
import type { SshTargetConfig } from '../config/schema.js';
import type { DeployResult } from '../model.js';
import { durationMs } from '../util/duration.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { mapAhead } from '../util/pool.js';
import { targetDir } from './files.js';
import { deployBundlesToHost } from './host.js';
import type { HostRun } from './host-run.js';
import { parseHostPort, type TargetHost, targetHosts } from './hosts.js';
import type { JumpHop } from './jump.js';
import { type KnownHosts, parseKnownHosts } from './known-hosts.js';
import { type HeldHost, settleHeld } from './rollback-all.js';
import { asRoot } from './sudo/commands.js';
import { openSudoSession } from './sudo/session.js';
import {
  type Connector,
  connectSsh,
  HostKeyError,
  type HostSession,
  type TransportHooks,
} from './transport.js';
import type { DeployBundle, HostContext } from './types.js';

export type { DeployBundle } from './types.js';

export interface DeployOptions {
  dryRun?: boolean;
  /** Hosts deployed at once (parallel rollout, and the rest after a canary). */
  concurrency: number;
  signal?: AbortSignal;
  /** How long the TLS proof may take after a reload (default 10 s). */
  verifyWindowMs?: number;
  /** Transport override and hooks: tests use them to cut a connection mid-upload. */
  connect?: Connector;
  hooks?: TransportHooks;
}

export { parseHostPort } from './hosts.js';

export async function deployTargets(
  targets: Record<string, SshTargetConfig>,
  assignments: Array<{ target: string; bundles: DeployBundle[] }>,
  log: Logger,
  options: DeployOptions,
): Promise<DeployResult[]> {
  for (const a of assignments) for (const b of a.bundles) log.secret(b.privateKeyPem);
  const results: DeployResult[] = [];
  // Progress counts hosts (a host takes all its certificates over one connection).
  const total = assignments.reduce(
    (n, a) => n + (a.bundles.length > 0 ? (targets[a.target]?.hosts.length ?? 0) : 0),
    0,
  );
  let done = 0;
  const hostDone = () => log.progress('deploy', ++done, total);
  if (total > 0) log.progress('deploy', 0, total);
  // Targets one after another, so `concurrency` bounds the hosts in flight across the whole run.
  for (const assignment of assignments) {
    const config = targets[assignment.target];
    if (!config) {
      results.push(
        notAttempted(assignment.target, '(none)', assignment.bundles, `unknown target ${assignment.target}`),
      );
      continue;
    }
    if (assignment.bundles.length === 0) continue;
    results.push(
      ...(await deployTarget(assignment.target, config, assignment.bundles, log, options, hostDone)),
    );
  }
  return results;
}

async function deployTarget(
  name: string,
  config: SshTargetConfig,
  bundles: DeployBundle[],
  log: Logger,
  options: DeployOptions,
  hostDone: () => void,
): Promise<DeployResult[]> {
  log.secret(config['private-key']);
  if (config.passphrase) log.secret(config.passphrase);
  const hosts = targetHosts(config);
  for (const hop of hosts.flatMap((h) => jumpHops(h.config) ?? [])) {
    log.secret(hop.privateKey);
    if (hop.passphrase) log.secret(hop.passphrase);
  }
  const known = parseKnownHosts(config['known-hosts']);
  for (const p of known.problems)
    log.warn(`target ${name}: known-hosts line ${p.line} ignored: ${p.message}`);
  const policy = config['on-failure'];
  // rollback-all: hosts that succeed keep their sessions and previous files until the end.
  const held: HeldHost[] | undefined = policy === 'rollback-all' ? [] : undefined;
  let failedHost: string | undefined;
  const stopped = () =>
    failedHost !== undefined && policy !== 'continue'
      ? `not attempted: host ${failedHost} failed (on-failure: ${policy})`
      : undefined;
  const steps: HostSteps = {
    // Connecting changes nothing on the host, so it may run ahead of the hosts being changed.
    open: async (th) =>
      stopped() || options.signal?.aborted ? undefined : await openHost(th, known, bundles, options),
    deploy: async (opened, th) => {
      // Judged again here: a host that failed meanwhile stops this one before any change.
      const why = stopped() ?? (opened && options.signal?.aborted ? 'not attempted: cancelled' : undefined);
      if (why || !opened) {
        if (opened && 'session' in opened) await opened.session.close();
        hostDone();
        return [notAttempted(name, th.label, bundles, why ?? 'not attempted: cancelled')];
      }
      let ready = opened;
      if ('session' in ready && ready.session.lost?.()) {
        // Lost while it waited for its turn (a reset, an idle limit): connect again, as a host
        // that had not connected ahead would.
        log.info(`${th.label}: connection lost while waiting for its turn; connecting again`);
        await ready.session.close();
        ready = await openHost(th, known, bundles, options);
      }
      const results = await deployOpened(name, th, ready, bundles, log, options, held);
      if (results.some((r) => !r.ok)) failedHost ??= th.label;
      hostDone();
      return results;
    },
  };
  const results = await rollOut(name, config.rollout, hosts, steps, bundles, log, options, hostDone);
  return held ? await settleHeld(name, held, failedHost, log, results) : results;
}

/** A host's two steps: open (connect; changes nothing) and deploy (closes what open opened). */
interface HostSteps {
  open(host: TargetHost): Promise<Opened | undefined>;
  deploy(opened: Opened | undefined, host: TargetHost): Promise<DeployResult[]>;
}

/**
 * Hosts in the rollout's order, at most `concurrency` (1 when serial) being changed at once; each
 * next host connects while earlier ones are still being changed and verified.
 */
async function rollOut(
  name: string,
  rollout: SshTargetConfig['rollout'],
  hosts: TargetHost[],
  steps: HostSteps,
  bundles: DeployBundle[],
  log: Logger,
  options: DeployOptions,
  hostDone: () => void,
): Promise<DeployResult[]> {
  const all = (list: TargetHost[], limit: number) =>
    mapAhead(list, limit, steps.open, (opened, th) => steps.deploy(opened, th));
  switch (rollout) {
    case 'serial':
      return (await all(hosts, 1)).flat();
    case 'parallel':
      return (await all(hosts, options.concurrency)).flat();
    case 'canary': {
      const [first, ...rest] = hosts as [TargetHost, ...TargetHost[]];
      const canary = await steps.deploy(await steps.open(first), first);
      if (canary.some((r) => !r.ok)) {
        const why = `not attempted: canary host ${first.label} failed (rollout: canary)`;
        log.warn(`target ${name}: canary ${first.label} failed; ${rest.length} other hosts not attempted`);
        for (const _ of rest) hostDone();
        return [...canary, ...rest.map((h) => notAttempted(name, h.label, bundles, why))];
      }
      return [...canary, ...(await all(rest, options.concurrency)).flat()];
    }
  }
}

/** The target's jump hosts, each with its login filled from the target's where not its own. */
function jumpHops(config: SshTargetConfig): JumpHop[] | undefined {
  if (config.jump === undefined) return undefined;
  const hops = Array.isArray(config.jump) ? config.jump : [config.jump];
  return hops.map((hop) => {
    const h = typeof hop === 'string' ? { host: hop } : hop;
    const address = parseHostPort(h.host);
    return {
      host: address.host,
      port: address.port,
      username: h.user ?? config.user,
      privateKey: h['private-key'] ?? config['private-key'],
      passphrase: h['private-key'] ? h.passphrase : (h.passphrase ?? config.passphrase),
    };
  });
}

/** validate and reload (the target's, or each service's) as they run under become: sudo. */
function withSudo(config: SshTargetConfig): SshTargetConfig {
  const root = (command: string | undefined) => (command === undefined ? undefined : asRoot(command));
  return {
    ...config,
    validate: root(config.validate),
    reload: root(config.reload),
    services: config.services?.map((s) => ({ ...s, validate: root(s.validate), reload: root(s.reload) })),
  };
}

/** Every command sudo must grant for this target, as configured (the preflight asks sudo -l for each). */
function sudoCommands(config: SshTargetConfig): string[] {
  const all = [config, ...(config.services ?? [])].flatMap((c) => [c.validate, c.reload]);
  return [...new Set(all.filter((c): c is string => c !== undefined))];
}

function notAttempted(target: string, host: string, bundles: DeployBundle[], message: string): DeployResult {
  return {
    target,
    host,
    certificates: bundles.map((b) => b.name),
    phase: 'connect',
    ok: false,
    skipped: false,
    rolledBack: false,
    message,
    durationMs: 0,
  };
}

/** An open session to a host, or the results of a host that could not be opened. */
type Opened = { session: HostSession; connectMs: number } | { failed: string; connectMs: number };

/** Connects (and opens the sudo session under become: sudo); nothing on the host changes. */
async function openHost(
  th: TargetHost,
  known: KnownHosts,
  bundles: DeployBundle[],
  options: DeployOptions,
): Promise<Opened> {
  const { config, address } = th;
  const connect = options.connect ?? connectSsh;
  const t0 = Date.now();
  let session: HostSession;
  try {
    session = await connect({
      host: address.host,
      port: address.port,
      username: config.user,
      privateKey: config['private-key'],
      passphrase: config.passphrase,
      knownHosts: known,
      connectTimeoutMs: durationMs(config['connect-timeout']),
      commandTimeoutMs: durationMs(config['command-timeout']),
      jump: jumpHops(config),
      hooks: options.hooks,
    });
  } catch (error) {
    const failed = error instanceof HostKeyError ? error.message : `connect failed: ${errorMessage(error)}`;
    return { failed, connectMs: Date.now() - t0 };
  }
  if (config.become === 'sudo') {
    try {
      session = await openSudoSession(session, config.user, {
        dirs: [...new Set(bundles.map((b) => targetDir(config.files, b.name)))],
        commands: sudoCommands(config),
      });
    } catch (error) {
      await session.close();
      return { failed: errorMessage(error), connectMs: Date.now() - t0 };
    }
  }
  return { session, connectMs: Date.now() - t0 };
}

async function deployOpened(
  target: string,
  th: TargetHost,
  opened: Opened,
  bundles: DeployBundle[],
  log: Logger,
  options: DeployOptions,
  held?: HeldHost[],
): Promise<DeployResult[]> {
  const { config, label: host, address } = th;
  const tags = th.tags.length > 0 ? ` [${th.tags.join(', ')}]` : '';
  return log.group(
    `deploy ${target}: ${host}${tags} (${bundles.map((b) => b.name).join(', ')})`,
    async () => {
      const { connectMs } = opened;
      if ('failed' in opened) {
        log.error(`${host}: ${opened.failed}`);
        return bundles.map((b) => ({
          ...notAttempted(target, host, [b], opened.failed),
          durationMs: connectMs,
          timings: { connect: connectMs },
        }));
      }
      const { session } = opened;
      log.info(`${host}: connected in ${connectMs} ms`);
      const ctx: HostContext = {
        target,
        config: config.become === 'sudo' ? withSudo(config) : config,
        host,
        address: address.host,
        dryRun: options.dryRun ?? false,
        verifyWindowMs: options.verifyWindowMs ?? 10_000,
        signal: options.signal,
        holdPrevious: held !== undefined,
      };
      const runs: HostRun[] = [];
      let results: DeployResult[] = [];
      try {
        results = await deployBundlesToHost(session, ctx, bundles, log, connectMs, runs);
        return results;
      } finally {
        // Held runs keep the session open: the target's end releases or reverts them.
        if (held && runs.length > 0) held.push({ session, runs, results });
        else await session.close();
      }
    },
  );
}
