/**
 * The bed's `become: sudo` hosts (testbed/services/sudo-hosts.sh): the users `deploy` (sudo without
 * a password, the sudoers line of docs/deploy.md) and `deploy-askpass` (sudo asks for a password),
 * reachable on each host's address at port 2222, and a way to run commands as them.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { bedTarget } from './certs.js';
import type { Testbed } from './testbed.js';

export interface SudoBed {
  port: number;
  user: string;
  askpassUser: string;
  knownHosts: string;
  /** The sudoers file the hosts see as /etc/sudoers.d/certflow. */
  sudoers: string;
}

export function loadSudoBed(bed: Testbed): SudoBed {
  const file = join(bed.dir, 'sudo-hosts', 'env');
  if (!existsSync(file)) {
    throw new Error(`the bed's sudo-hosts service is not up (no ${file}): run testbed/up.sh`);
  }
  const env = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return {
    port: Number(env.SUDO_SSH_PORT),
    user: env.SUDO_USER as string,
    askpassUser: env.SUDO_ASKPASS_USER as string,
    knownHosts: env.SUDO_KNOWN_HOSTS as string,
    sudoers: env.SUDO_SUDOERS as string,
  };
}

/** An SSH target of the bed's hosts as the deploy user, with become: sudo. */
export function sudoTarget(bed: Testbed, sudo: SudoBed, overrides: Partial<SshTargetConfig> = {}) {
  return bedTarget(bed, {
    hosts: bed.hosts.map((h) => `${h.addr}:${sudo.port}`),
    user: sudo.user,
    become: 'sudo',
    'known-hosts': readFileSync(sudo.knownHosts, 'utf8'),
    ...overrides,
  });
}

/** Runs `command` on a host as `user` over the bed's sudo sshd; never rejects on exit codes. */
export function runAs(
  bed: Testbed,
  sudo: SudoBed,
  user: string,
  addr: string,
  command: string,
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [
    '-F',
    '/dev/null',
    '-i',
    bed.ssh.key,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${sudo.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-p',
    String(sudo.port),
    `${user}@${addr}`,
    command,
  ];
  return new Promise((resolve) => {
    const child = execFile('ssh', args, { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 255) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}
