/**
 * The bed's optional benchmark fleet (testbed/services/fleet-hosts.sh): hosts on 127.0.1.1..N when
 * the bed was started with CERTFLOW_TESTBED_HOSTS=N. Read from $STATE/fleet-hosts.env, which the
 * service writes when ready (a bed that is already up gets the fleet later, without a new env file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Fleet {
  /** Addresses, fleet1 first: sshd on :22, nginx serving www.certflow.test on :443. */
  hosts: string[];
  /** known_hosts text pinning every fleet host's key. */
  knownHosts: string;
}

/** The fleet, or the reason there is none (for a skip message). */
export function loadFleet(dir: string): Fleet | { missing: string } {
  const file = join(dir, 'fleet-hosts.env');
  if (!existsSync(file)) {
    return {
      missing: `no fleet on the bed (${file} absent): start it with CERTFLOW_TESTBED_HOSTS=N (<= 50), e.g. CERTFLOW_TESTBED_HOSTS=5 bash testbed/services/fleet-hosts.sh configure/start/ready`,
    };
  }
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('#')) env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  const hosts = (env.FLEET_HOSTS ?? '').split(',').filter(Boolean);
  const known = env.FLEET_KNOWN_HOSTS ?? '';
  if (!hosts.length || !existsSync(known))
    return { missing: `${file} names no hosts or no known_hosts file` };
  return { hosts, knownHosts: readFileSync(known, 'utf8') };
}
