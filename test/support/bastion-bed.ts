/**
 * The bed's bastion (testbed/services/bastion.sh): 127.0.0.21 admits certflow-jump with a key of its
 * own and forwards only to 127.0.0.22:22, an sshd in a network namespace of its own (closed from
 * the machine) that shares host1's files; host1's nginx (127.0.0.11:443) serves what it deploys.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { bedTarget } from './certs.js';
import type { Testbed } from './testbed.js';

export interface BastionBed {
  bastion: string;
  user: string;
  key: string;
  hidden: string;
  /** Name of the bed host whose files and nginx the hidden host shares. */
  filesOf: string;
  knownHosts: string;
  knownHostsWrongBastion: string;
}

export function loadBastionBed(bed: Testbed): BastionBed {
  const file = join(bed.dir, 'bastion', 'env');
  if (!existsSync(file))
    throw new Error(`the bed's bastion service is not up (no ${file}): run testbed/up.sh`);
  const env = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  ) as Record<string, string>;
  return {
    bastion: env.BASTION_ADDR as string,
    user: env.BASTION_USER as string,
    key: readFileSync(env.BASTION_KEY as string, 'utf8'),
    hidden: env.HIDDEN_ADDR as string,
    filesOf: env.HIDDEN_FILES_OF as string,
    knownHosts: readFileSync(env.BASTION_KNOWN_HOSTS as string, 'utf8'),
    knownHostsWrongBastion: readFileSync(env.BASTION_KNOWN_HOSTS_WRONG as string, 'utf8'),
  };
}

/** The hidden host as a target reached through the bastion, proven over TLS at `verifyAddress`. */
export function hiddenTarget(
  bed: Testbed,
  b: BastionBed,
  verifyAddress: string,
  overrides: Partial<SshTargetConfig> = {},
): SshTargetConfig {
  return bedTarget(bed, {
    hosts: [b.hidden],
    'known-hosts': b.knownHosts,
    jump: { host: b.bastion, user: b.user, 'private-key': b.key },
    verify: { enabled: true, port: 443, address: verifyAddress },
    ...overrides,
  });
}
