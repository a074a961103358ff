/**
 * The bed's server-kind hosts (testbed/services/{haproxy,apache,mail}.sh): their env files, an SSH
 * target for each, and an independent probe of what they serve (openssl s_client, STARTTLS too),
 * so no assertion about a served certificate rests on certflow's own TLS code.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { bedTarget } from './certs.js';
import { loadTestbed, testbedDir } from './testbed.js';

export type KindName = 'haproxy' | 'apache' | 'mail';

export interface KindHost {
  name: KindName;
  addr: string;
  env: Record<string, string>;
  /** What the host sees as /etc/ssl/certflow, from outside. */
  certDir: string;
  knownHosts: string;
}

export function loadKind(name: KindName): KindHost {
  const file = resolve(testbedDir(), name, 'env');
  if (!existsSync(file)) {
    throw new Error(
      `${name} host is not up (no ${file}): run testbed/up.sh, or testbed/services/${name}.sh configure, start, ready`,
    );
  }
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return {
    name,
    addr: env.ADDR as string,
    env,
    certDir: env.CERT_DIR as string,
    knownHosts: env.KNOWN_HOSTS as string,
  };
}

/** An SSH target on one kind host, with the bed's client key and that host's pinned key. */
export function kindTarget(kind: KindHost, overrides: Partial<SshTargetConfig> = {}): SshTargetConfig {
  const bed = loadTestbed();
  return bedTarget(
    { ssh: { key: bed.ssh.key, knownHosts: kind.knownHosts }, hosts: [{ addr: kind.addr }] },
    { validate: undefined, reload: undefined, ...overrides },
  );
}

/**
 * SHA-256 (hex) of the leaf that addr:port serves for `servername`, read by openssl s_client
 * (with `-starttls protocol` when given); undefined when no certificate could be read.
 */
export function opensslServed(
  addr: string,
  port: number,
  servername: string,
  starttls?: string,
): Promise<string | undefined> {
  const args = ['s_client', '-connect', `${addr}:${port}`, '-servername', servername];
  if (starttls) args.push('-starttls', starttls);
  return new Promise((done) => {
    const child = execFile('openssl', args, { timeout: 10_000 }, (_error, stdout) => {
      const pem = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/.exec(stdout)?.[0];
      done(pem ? new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase() : undefined);
    });
    child.stdin?.end();
  });
}

/** Polls opensslServed until it shows `sha256` (up to 10 s); returns what it saw last. */
export async function waitOpensslServed(
  addr: string,
  port: number,
  servername: string,
  sha256: string,
  starttls?: string,
): Promise<string | undefined> {
  let seen: string | undefined;
  for (let i = 0; i < 50; i++) {
    seen = await opensslServed(addr, port, servername, starttls);
    if (seen === sha256) return seen;
    await new Promise((r) => setTimeout(r, 200));
  }
  return seen;
}
