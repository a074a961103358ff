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
import { mapLimit } from '../util/pool.js';
import { targetDir } from './files.js';
import { deployBundlesToHost } from './host.js';
import type { JumpHop } from './jump.js';
import { type KnownHosts, parseKnownHosts } from './known-hosts.js';
import { asRoot } from './sudo/commands.js';
import { openSudoSession } from './sudo/session.js';
import { type Connector, connectSsh, HostKeyError, type TransportHooks } from './transport.js';
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

export interface HostAddress {
  host: string;
  port: number;
}

/** "host", "host:port", "[v6]" or "[v6]:port" (the schema's host form). */
export function parseHostPort(value: string): HostAddress {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { host: v6[1] as string, port: v6[2] ? Number(v6[2]) : 22 };
  const [host, port] = value.split(':');
  return { host: host as string, port: port ? Number(port) : 22 };
}

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
  for (const hop of jumpHops(config) ?? []) {
    log.secret(hop.privateKey);
    if (hop.passphrase) log.secret(hop.passphrase);
  }
  const known = parseKnownHosts(config['known-hosts']);
  for (const p of known.problems)
    log.warn(`target ${name}: known-hosts line ${p.line} ignored: ${p.message}`);
  const one = async (host: string) => {
    const results = await deployOneHost(name, config, known, host, bundles, log, options);
    hostDone();
    return results;
  };
  const hosts = config.hosts;
  switch (config.rollout) {
    case 'serial':
      return (await mapLimit(hosts, 1, one)).flat();
    case 'parallel':
      return (await mapLimit(hosts, options.concurrency, one)).flat();
    case 'canary': {
      const [first, ...rest] = hosts as [string, ...string[]];
      const canary = await one(first);
      if (canary.some((r) => !r.ok)) {
        const why = `not attempted: canary host ${first} failed (rollout: canary)`;
        log.warn(`target ${name}: canary ${first} failed; ${rest.length} other hosts not attempted`);
        for (const _ of rest) hostDone();
        return [...canary, ...rest.map((h) => notAttempted(name, h, bundles, why))];
      }
      return [...canary, ...(await mapLimit(rest, options.concurrency, one)).flat()];
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

/** validate and reload as they run under become: sudo. */
function withSudo(config: SshTargetConfig): SshTargetConfig {
  return {
    ...config,
    validate: config.validate === undefined ? undefined : asRoot(config.validate),
    reload: config.reload === undefined ? undefined : asRoot(config.reload),
  };
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

async function deployOneHost(
  target: string,
  config: SshTargetConfig,
  known: KnownHosts,
  host: string,
  bundles: DeployBundle[],
  log: Logger,
  options: DeployOptions,
): Promise<DeployResult[]> {
  return log.group(`deploy ${target}: ${host} (${bundles.map((b) => b.name).join(', ')})`, async () => {
    if (options.signal?.aborted) return [notAttempted(target, host, bundles, 'not attempted: cancelled')];
    const address = parseHostPort(host);
    const connect = options.connect ?? connectSsh;
    const t0 = Date.now();
    let session: Awaited<ReturnType<Connector>>;
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
      const message =
        error instanceof HostKeyError ? error.message : `connect failed: ${errorMessage(error)}`;
      log.error(`${host}: ${message}`);
      return bundles.map((b) => ({
        ...notAttempted(target, host, [b], message),
        durationMs: Date.now() - t0,
        timings: { connect: Date.now() - t0 },
      }));
    }
    if (config.become === 'sudo') {
      try {
        session = await openSudoSession(session, config.user, {
          dirs: [...new Set(bundles.map((b) => targetDir(config.files, b.name)))],
          commands: [config.validate, config.reload].filter((c): c is string => c !== undefined),
        });
      } catch (error) {
        await session.close();
        log.error(`${host}: ${errorMessage(error)}`);
        return bundles.map((b) => ({
          ...notAttempted(target, host, [b], errorMessage(error)),
          durationMs: Date.now() - t0,
          timings: { connect: Date.now() - t0 },
        }));
      }
    }
    const connectMs = Date.now() - t0;
    log.info(`${host}: connected in ${connectMs} ms`);
    const ctx: HostContext = {
      target,
      config: config.become === 'sudo' ? withSudo(config) : config,
      host,
      address: address.host,
      dryRun: options.dryRun ?? false,
      verifyWindowMs: options.verifyWindowMs ?? 10_000,
      signal: options.signal,
    };
    try {
      return await deployBundlesToHost(session, ctx, bundles, log, connectMs);
    } finally {
      await session.close();
    }
  });
}
