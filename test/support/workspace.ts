/**
 * A repository as a user would have it, pointed at the test bed: a real git repository holding
 * `.github/certflow.yml`, plus the secrets a workflow would map into the environment. Shared by the
 * demo and the end-to-end tests, so both run exactly the same path.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { loadTestbed, loadTestbedEnv, pebbleRoot } from './testbed.js';

export interface Workspace {
  dir: string;
  /** The bare repository that `origin` points at. */
  origin: string;
  configPath: string;
  /** The age identity that opens the store (a deploy environment's secret). */
  identity: string;
  /** Variables a workflow would map from secrets; the config refers to them. */
  env: Record<string, string>;
}

export interface WorkspaceOptions {
  /** Known hosts text to pin (default: the bed's correct file). */
  knownHosts?: string;
  /** Extra YAML appended under `targets:` / replaced config, for failure cases. */
  hosts?: string[];
  validate?: string;
  reload?: string;
}

function git(dir: string, ...args: string[]) {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

export function configText(
  bed: Record<string, string>,
  recipient: string,
  options: WorkspaceOptions = {},
): string {
  const hosts = options.hosts ?? (bed.SSH_HOSTS ?? '').split(',');
  return `# yaml-language-server: $schema=../schema/certflow.schema.json
version: 1
acme:
  directory: ${bed.PEBBLE_DIRECTORY}
  email: ops@certflow.test
  account-key: \${ACME_ACCOUNT_KEY}
  trust: [${bed.PEBBLE_CA}]
renewal:
  renew-before: 33%
  emergency: 5%
store:
  path: certificates
  recipients: [${recipient}]
  # Pebble's root for issued certificates changes at every start: written by createWorkspace.
  trust: [.github/pebble-root.pem]
dns:
  bind:
    type: rfc2136
    server: ${bed.DNS_SERVER}
    tsig-name: ${bed.TSIG_NAME}
    tsig-algorithm: ${bed.TSIG_ALGORITHM}
    tsig-secret: \${TSIG_SECRET}
    resolvers: [${bed.DNS_SERVER}]
    zones: [certflow.test, challenges.test]
certificates:
  www:
    domains: [certflow.test, www.certflow.test]
    dns: bind
    targets: [web]
  api:
    domains: [api.certflow.test]
    key: rsa-2048
    dns: bind
    targets: [web]
targets:
  web:
    hosts: [${hosts.join(', ')}]
    user: ${bed.SSH_USER}
    private-key: \${SSH_PRIVATE_KEY}
    known-hosts: \${SSH_KNOWN_HOSTS}
    files: { dir: "/etc/ssl/certflow/{certificate}", key-mode: "0600" }
    validate: ${options.validate ?? 'nginx -t'}
    reload: ${options.reload ?? 'nginx -s reload'}
    verify: { port: ${bed.HTTPS_PORT ?? 443} }
    rollout: canary
`;
}

export async function createWorkspace(options: WorkspaceOptions = {}): Promise<Workspace> {
  const bed = loadTestbedEnv();
  const dir = mkdtempSync(join(tmpdir(), 'certflow-workspace-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@certflow.test');
  git(dir, 'config', 'user.name', 'certflow demo');
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  mkdirSync(join(dir, '.github'), { recursive: true });
  const configPath = join(dir, '.github', 'certflow.yml');
  writeFileSync(configPath, configText(bed, recipient, options));
  writeFileSync(join(dir, '.github', 'pebble-root.pem'), await pebbleRoot(loadTestbed().pebble.mgmt));
  writeFileSync(join(dir, 'README.md'), '# infrastructure\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'certflow config');
  // A bare repository plays the remote that the runner's checkout came from.
  const origin = mkdtempSync(join(tmpdir(), 'certflow-origin-'));
  git(origin, 'init', '-q', '--bare', '-b', 'main');
  git(dir, 'remote', 'add', 'origin', origin);
  git(dir, 'push', '-q', '-u', 'origin', 'main');
  const accountKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const env = {
    ACME_ACCOUNT_KEY: accountKey,
    TSIG_SECRET: bed.TSIG_SECRET ?? '',
    SSH_PRIVATE_KEY: readFileSync(bed.SSH_KEY ?? '', 'utf8'),
    SSH_KNOWN_HOSTS: options.knownHosts ?? readFileSync(bed.SSH_KNOWN_HOSTS ?? '', 'utf8'),
  };
  return { dir, origin, configPath, identity, env };
}

export function gitLog(dir: string, ref = 'HEAD'): string[] {
  return git(dir, 'log', '--format=%s', ref).split('\n');
}

export function gitStatus(dir: string): string {
  return git(dir, 'status', '--porcelain');
}
