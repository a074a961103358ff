/**
 * Helpers for tests that run against the local test bed (testbed/README.md): reading its env file,
 * Pebble's per-start roots, resetting the SSH hosts, and thin wrappers around the real clients
 * (ssh, nsupdate, dig) and TLS probes.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { resolve } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/support/testbed.ts). */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The bed's state folder: $CERTFLOW_TESTBED_DIR, else <repo>/.testbed (as in testbed/lib.sh). */
export function testbedDir(): string {
  return resolve(process.env.CERTFLOW_TESTBED_DIR || resolve(repoRoot, '.testbed'));
}

/** Path of one of the bed's scripts (up.sh, down.sh, status.sh, reset-hosts.sh). */
export function testbedScript(name: string): string {
  return resolve(repoRoot, 'testbed', name);
}

/**
 * Parses <state>/env (plain KEY=value lines, # comments) into a map.
 * Throws "test bed is not up: run testbed/up.sh" when the file is missing.
 */
export function loadTestbedEnv(dir: string = testbedDir()): Record<string, string> {
  const file = resolve(dir, 'env');
  if (!existsSync(file)) {
    throw new Error(`test bed is not up: run testbed/up.sh (no ${file})`);
  }
  const env: Record<string, string> = {};
  // A bed that was up before services/pebble-extra.sh existed may have started it on its own: that
  // service writes its lines to a file of its own too. The env file wins where both say something.
  const files = [resolve(dir, 'pebble-extra.env'), file].filter((f) => f === file || existsSync(f));
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq <= 0) throw new Error(`${f}: malformed line: ${line}`);
      env[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return env;
}

export interface TestbedHost {
  /** host1, host2, host3: also each host's `hostname` inside SSH. */
  name: string;
  /** Loopback address of the host: sshd on :22, nginx on :443. */
  addr: string;
  /** PID of the host's sshd: its mount namespace is the host (nsenter --mount --target). */
  pid: number;
  /** The host's folder in the state dir. */
  dir: string;
  /** What the host sees as /etc/ssl/certflow, seen from outside. */
  certDir: string;
  /** What the host sees as /etc/nginx, seen from outside. */
  nginxDir: string;
  /** `SHA256:...` fingerprint of the host's ed25519 host key. */
  hostKeyFingerprint: string;
}

export interface PebbleEndpoints {
  directory: string;
  mgmt: string;
  rootUrl: string;
  intermediateUrl: string;
}

export interface Testbed {
  dir: string;
  env: Record<string, string>;
  pebble: PebbleEndpoints;
  /** Second Pebble: 30 % badNonce, random validation sleeps. */
  pebbleChaos: PebbleEndpoints;
  /**
   * services/pebble-extra.sh: a CA of its own (fallback tests) and one that requires external
   * account binding with the MAC key in `eab`. Undefined on a bed without that service.
   */
  pebbleSecond?: PebbleEndpoints;
  pebbleEab?: PebbleEndpoints & { eab: { kid: string; hmacKey: string } };
  /** PEM file of the CA that signed every Pebble's HTTPS certificate. */
  pebbleCa: string;
  dns: {
    server: string;
    host: string;
    port: number;
    zones: string[];
    zone: string;
    challengeZone: string;
    delegatedName: string;
    delegatedTarget: string;
  };
  tsig: { name: string; algorithm: string; secret: string; keyFile: string };
  pdns: {
    server: string;
    host: string;
    port: number;
    apiUrl: string;
    apiKey: string;
    serverId: string;
    zone: string;
  };
  ssh: {
    port: number;
    user: string;
    key: string;
    knownHosts: string;
    knownHostsWrong: string;
    /** The host whose key is wrong in knownHostsWrong. */
    wrongHost: string;
  };
  hosts: TestbedHost[];
}

/** The env file as a typed object; throws if the bed is not up or a key is missing. */
export function loadTestbed(dir: string = testbedDir()): Testbed {
  const env = loadTestbedEnv(dir);
  const need = (key: string): string => {
    const value = env[key];
    if (value === undefined || value === '') {
      throw new Error(`test bed env file lacks ${key}: restart it (testbed/down.sh && testbed/up.sh)`);
    }
    return value;
  };
  const pebble = (prefix: string): PebbleEndpoints => ({
    directory: need(`${prefix}_DIRECTORY`),
    mgmt: need(`${prefix}_MGMT`),
    rootUrl: need(`${prefix}_ROOT_URL`),
    intermediateUrl: need(`${prefix}_INTERMEDIATE_URL`),
  });
  const names = need('SSH_HOST_NAMES').split(',');
  const extra = !!env.PEBBLE_SECOND_DIRECTORY && !!env.PEBBLE_EAB_DIRECTORY;
  return {
    dir: need('TESTBED_DIR'),
    env,
    pebble: pebble('PEBBLE'),
    pebbleChaos: pebble('PEBBLE_CHAOS'),
    pebbleSecond: extra ? pebble('PEBBLE_SECOND') : undefined,
    pebbleEab: extra
      ? {
          ...pebble('PEBBLE_EAB'),
          eab: { kid: need('PEBBLE_EAB_KID'), hmacKey: need('PEBBLE_EAB_HMAC_KEY') },
        }
      : undefined,
    pebbleCa: need('PEBBLE_CA'),
    dns: {
      server: need('DNS_SERVER'),
      host: need('DNS_HOST'),
      port: Number(need('DNS_PORT')),
      zones: need('DNS_ZONES').split(','),
      zone: need('DNS_ZONE'),
      challengeZone: need('DNS_CHALLENGE_ZONE'),
      delegatedName: need('DNS_DELEGATED_NAME'),
      delegatedTarget: need('DNS_DELEGATED_TARGET'),
    },
    tsig: {
      name: need('TSIG_NAME'),
      algorithm: need('TSIG_ALGORITHM'),
      secret: need('TSIG_SECRET'),
      keyFile: need('TSIG_KEY_FILE'),
    },
    pdns: {
      server: need('PDNS_SERVER'),
      host: need('PDNS_HOST'),
      port: Number(need('PDNS_PORT')),
      apiUrl: need('PDNS_API_URL'),
      apiKey: need('PDNS_API_KEY'),
      serverId: need('PDNS_SERVER_ID'),
      zone: need('PDNS_ZONE'),
    },
    ssh: {
      port: Number(need('SSH_PORT')),
      user: need('SSH_USER'),
      key: need('SSH_KEY'),
      knownHosts: need('SSH_KNOWN_HOSTS'),
      knownHostsWrong: need('SSH_KNOWN_HOSTS_WRONG'),
      wrongHost: need('SSH_KNOWN_HOSTS_WRONG_HOST'),
    },
    hosts: names.map((name, i) => {
      const n = i + 1;
      return {
        name,
        addr: need(`HOST${n}_ADDR`),
        pid: Number(need(`HOST${n}_PID`)),
        dir: need(`HOST${n}_DIR`),
        certDir: need(`HOST${n}_CERT_DIR`),
        nginxDir: need(`HOST${n}_NGINX_DIR`),
        hostKeyFingerprint: need(`HOST${n}_HOST_KEY_FINGERPRINT`),
      };
    }),
  };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program; never rejects on a non-zero exit (check `code`). Rejects on spawn errors only. */
export function run(
  file: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      file,
      args,
      { timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024, env: options.env },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number' && !error.killed) {
          reject(error);
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : 124) : 0;
        resolvePromise({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    // A program that exits before reading its input (e.g. a refused ssh) closes the pipe: that is
    // its answer, reported through the exit code, not an error of the test.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}

/** Runs a program and rejects (with its stderr) unless it exits 0. */
export async function runOk(
  file: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const result = await run(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited ${result.code}: ${result.stderr || result.stdout}`);
  }
  return result;
}

/** Arguments for the OpenSSH client pinned to the bed: test key, strict host key checking. */
export function sshArgs(
  bed: Testbed,
  addr: string,
  options: { knownHosts?: string; connectTimeoutS?: number } = {},
): string[] {
  return [
    '-F',
    '/dev/null',
    '-i',
    bed.ssh.key,
    '-p',
    String(bed.ssh.port),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${options.knownHosts ?? bed.ssh.knownHosts}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    `ConnectTimeout=${options.connectTimeoutS ?? 5}`,
    `${bed.ssh.user}@${addr}`,
  ];
}

/** Runs a shell command on a test host over real SSH (never rejects on non-zero exit). */
export function sshRun(
  bed: Testbed,
  addr: string,
  command: string,
  options: { knownHosts?: string; input?: string } = {},
): Promise<RunResult> {
  return run('ssh', [...sshArgs(bed, addr, options), command], { input: options.input });
}

/** Sends an RFC 2136 update script to bind with nsupdate, signed with the bed's TSIG key unless `key` says otherwise. */
export function nsupdate(
  bed: Testbed,
  commands: readonly string[],
  key: { algorithm: string; name: string; secret: string } = bed.tsig,
): Promise<RunResult> {
  const script = [`server ${bed.dns.host} ${bed.dns.port}`, ...commands, 'send', ''].join('\n');
  return run('nsupdate', ['-t', '5', '-y', `${key.algorithm}:${key.name}:${key.secret}`], { input: script });
}

/** `dig +short` against host:port; returns the answer lines. */
export async function dig(server: string, name: string, type: string): Promise<string[]> {
  const [host, port] = server.split(':');
  const result = await runOk('dig', [
    '+short',
    '+time=2',
    '+tries=1',
    `@${host}`,
    '-p',
    port ?? '53',
    name,
    type,
  ]);
  return result.stdout.split('\n').filter((line) => line !== '');
}

/** GET over HTTPS trusting only the PEM CA `ca` (undefined: Node's default trust store). */
export function httpsGetText(url: string, ca?: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const request = httpsGet(url, { ca, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolvePromise({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`timeout: GET ${url}`)));
    request.on('error', reject);
  });
}

async function pebblePem(url: string, caFile: string): Promise<string> {
  const { status, body } = await httpsGetText(url, readFileSync(caFile));
  if (status !== 200) throw new Error(`GET ${url}: HTTP ${status}`);
  return body;
}

/**
 * Root certificate (PEM) of the Pebble instance whose management URL is `mgmtUrl`. It changes at every
 * Pebble start, so fetch it rather than caching it across bed restarts.
 */
export function pebbleRoot(mgmtUrl: string, bed: Testbed = loadTestbed()): Promise<string> {
  return pebblePem(`${mgmtUrl.replace(/\/$/, '')}/roots/0`, bed.pebbleCa);
}

/** Intermediate certificate (PEM) of the Pebble instance at `mgmtUrl`. */
export function pebbleIntermediate(mgmtUrl: string, bed: Testbed = loadTestbed()): Promise<string> {
  return pebblePem(`${mgmtUrl.replace(/\/$/, '')}/intermediates/0`, bed.pebbleCa);
}

/**
 * The certificate chain a TLS server presents for `servername` (no verification: the bed's hosts
 * serve self-signed placeholders until something deploys a real certificate).
 */
export function servedChain(addr: string, port: number, servername: string): Promise<X509Certificate[]> {
  return new Promise((resolvePromise, reject) => {
    const socket = tlsConnect({ host: addr, port, servername, rejectUnauthorized: false, timeout: 10_000 });
    socket.once('secureConnect', () => {
      const chain: X509Certificate[] = [];
      let cert = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (cert?.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push(new X509Certificate(cert.raw));
        cert = cert.issuerCertificate;
      }
      socket.end();
      resolvePromise(chain);
    });
    socket.once('timeout', () => socket.destroy(new Error(`TLS timeout: ${addr}:${port} (${servername})`)));
    socket.once('error', reject);
  });
}

/** The leaf certificate a TLS server presents for `servername`. */
export async function servedCertificate(
  addr: string,
  port: number,
  servername: string,
): Promise<X509Certificate> {
  const [leaf] = await servedChain(addr, port, servername);
  if (!leaf) throw new Error(`${addr}:${port} (${servername}) presented no certificate`);
  return leaf;
}

/**
 * Puts the given hosts (default: all) back to their state right after up: placeholder certificates,
 * baseline nginx config (conf.d emptied), nginx reloaded; resolves once the placeholders are served.
 */
export async function resetHosts(...hostNames: string[]): Promise<void> {
  await runOk('bash', [testbedScript('reset-hosts.sh'), ...hostNames], { timeoutMs: 60_000 });
}
