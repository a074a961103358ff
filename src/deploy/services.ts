/**
 * The servers on a host that use a certificate. A target names one implicitly (its own validate,
 * reload and verify) or several under `services:` (nginx, then postfix, then dovecot), and the
 * per-host flow treats both the same: one validate step, one reload step, a list of TLS endpoints.
 *
 * Several services become one script per step, each command in its own subshell, in order,
 * stopping at the first failure and saying which service failed. All validates run before any
 * reload, so a config one server refuses puts the previous files back before any server loads the
 * new ones; a failed reload or verify of any rolls the whole host back (all services reload again).
 */
import type { SshTargetConfig } from '../config/schema.js';
import type { InstallConfig } from './types.js';
import { type TlsEndpoint, tlsEndpoint } from './verify.js';

export interface ServiceStep {
  name: string;
  command: string;
}

type Step = 'validate' | 'reload';

/** The commands of one step across the services, in order (empty when none sets one). */
export function steps(config: InstallConfig, step: Step): ServiceStep[] {
  if (!config.services) {
    const command = config[step];
    return command ? [{ name: 'server', command }] : [];
  }
  return config.services.flatMap((s) => (s[step] ? [{ name: s.name, command: s[step] as string }] : []));
}

/** Marker line a failing service's script prints to stderr, so the failure names the service. */
export const FAILED_MARK = 'certflow: service failed: ';

/**
 * One shell script for a step. A single command stays as written (messages quote it); several run
 * one after the other, each in a subshell, and the first failure ends the script with its code.
 */
export function stepScript(list: ServiceStep[]): string | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1) return (list[0] as ServiceStep).command;
  return list
    .map(
      (s) =>
        `(\n${s.command}\n) </dev/null || { rc=$?; printf '%s\\n' '${FAILED_MARK}${s.name}' >&2; exit "$rc"; }`,
    )
    .join('\n');
}

/**
 * The reload of a rollback: every service reloads, even after one fails, so that as many servers
 * as possible drop the new files; the script fails when any did.
 */
export function againScript(list: ServiceStep[]): string | undefined {
  if (list.length <= 1) return list[0]?.command;
  return [
    'failed=0',
    ...list.map(
      (s) => `(\n${s.command}\n) </dev/null || { failed=1; printf '%s\\n' '${FAILED_MARK}${s.name}' >&2; }`,
    ),
    'exit "$failed"',
  ].join('\n');
}

/** The service a failed step's stderr names, when several ran. */
export function failedService(stderr: string): string | undefined {
  const at = stderr.lastIndexOf(FAILED_MARK);
  if (at < 0) return undefined;
  return stderr.slice(at + FAILED_MARK.length).split('\n')[0];
}

/** How a step is shown in messages: the command itself, or the services' names. */
export function describeStep(list: ServiceStep[]): string {
  if (list.length === 1) return `\`${(list[0] as ServiceStep).command}\``;
  return `of ${list.map((s) => s.name).join(', ')}`;
}

/** Every TLS endpoint that must serve the certificate: the target's verify, then each service's. */
export function endpoints(config: InstallConfig, address: string, domains: string[]): TlsEndpoint[] {
  const list = [config.verify, ...(config.services ?? []).map((s) => s.verify)]
    .filter((v): v is SshTargetConfig['verify'] => v?.enabled === true)
    .map((v) => tlsEndpoint(v, address, domains));
  // Two services checking the same port (a shared listener) need one check, not two.
  const seen = new Set<string>();
  return list.filter((e) => {
    const key = `${e.address}|${e.port}|${e.starttls ?? ''}|${e.servername ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
