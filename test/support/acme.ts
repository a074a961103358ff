/**
 * Helpers to issue against the bed: Settings with a fresh account, DNS provider entries for bind
 * (rfc2136), PowerDNS and exec, due decisions, unique names, chain verification with openssl
 * against Pebble's root, and a look at bind for leftover TXT records.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CertificateConfig, DnsProviderConfig } from '../../src/config/schema.js';
import type { Settings } from '../../src/config/settings.js';
import type { RenewalDecision } from '../../src/model.js';
import { splitPemChain } from '../../src/util/x509.js';
import { dig, pebbleRoot, repoRoot, run, type Testbed } from './testbed.js';

/** A short random DNS label, so parallel runs never share a name. */
export function label(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export function accountKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

const common = { 'propagation-timeout': '10s', ttl: 5 } as const;

export function bindProvider(bed: Testbed, extra: Partial<DnsProviderConfig> = {}): DnsProviderConfig {
  return {
    type: 'rfc2136',
    server: bed.dns.server,
    'tsig-name': bed.tsig.name,
    'tsig-algorithm': 'hmac-sha256',
    'tsig-secret': bed.tsig.secret,
    resolvers: [bed.dns.server],
    ...common,
    ...extra,
  } as DnsProviderConfig;
}

export function pdnsProvider(bed: Testbed, extra: Partial<DnsProviderConfig> = {}): DnsProviderConfig {
  return {
    type: 'powerdns',
    'api-url': bed.pdns.apiUrl,
    'api-key': bed.pdns.apiKey,
    'server-id': bed.pdns.serverId,
    resolvers: [bed.pdns.server],
    zones: [bed.pdns.zone],
    ...common,
    ...extra,
  } as DnsProviderConfig;
}

/** An exec provider whose script calls nsupdate against bind (written to a 0700 temp folder). */
export function execNsupdateProvider(bed: Testbed): DnsProviderConfig {
  const dir = mkdtempSync(path.join(tmpdir(), 'certflow-exec-'));
  const script = path.join(dir, 'nsupdate-hook.sh');
  writeFileSync(
    script,
    `#!/bin/sh
# certflow exec DNS hook: $1 = present|cleanup, $2 = record name, $3 = value
set -e
case "$1" in
  present) op="update add $2. 5 TXT \\"$3\\"" ;;
  cleanup) op="update delete $2. TXT \\"$3\\"" ;;
  *) echo "unknown action $1" >&2; exit 2 ;;
esac
printf 'server ${bed.dns.host} ${bed.dns.port}\\n%s\\nsend\\n' "$op" | nsupdate -t 5 -k '${bed.tsig.keyFile}'
`,
  );
  chmodSync(script, 0o700);
  return {
    type: 'exec',
    command: script,
    timeout: '30s',
    resolvers: [bed.dns.server],
    ...common,
  } as DnsProviderConfig;
}

export interface SettingsOptions {
  directory?: string;
  dns: Record<string, DnsProviderConfig>;
  certificates: Record<string, Partial<CertificateConfig> & { domains: string[]; dns: string }>;
  concurrency?: number;
  profile?: string;
  trust?: string[];
}

export function acmeSettings(bed: Testbed, opts: SettingsOptions): Settings {
  const certificates: Record<string, CertificateConfig> = {};
  for (const [name, c] of Object.entries(opts.certificates)) {
    certificates[name] = { key: 'ecdsa-p256', targets: [], ...c } as CertificateConfig;
  }
  return {
    command: 'renew',
    configPath: path.join(repoRoot, '.github/certflow.yml'),
    workspace: repoRoot,
    config: {
      version: 1,
      acme: {
        directory: opts.directory ?? bed.pebble.directory,
        email: 'certflow-tests@example.com',
        'account-key': accountKeyPem(),
        profile: opts.profile,
        trust: opts.trust ?? [bed.pebbleCa],
      },
      renewal: { ari: true, 'renew-before': '33%', emergency: '5%' },
      store: {
        path: 'certificates',
        recipients: ['age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq'],
      },
      dns: opts.dns,
      certificates,
      targets: {},
    },
    force: [],
    forceUnsafe: false,
    publish: 'none',
    push: false,
    prBranch: 'certflow/renew',
    stateBranch: 'certflow/state',
    prLabels: [],
    dryRun: false,
    deploy: false,
    concurrency: opts.concurrency ?? 4,
    alertIssue: false,
    webhookAlways: false,
    json: false,
  };
}

/** Plan decisions for certificates of `settings` (all due, action issue unless told). */
export function dueAll(settings: Settings, action: RenewalDecision['action'] = 'issue'): RenewalDecision[] {
  return Object.entries(settings.config.certificates).map(([name, c]) => ({
    name,
    domains: c.domains,
    action,
    reason: 'test',
    code: 'missing',
  }));
}

/** `openssl verify` of a full chain against the Pebble root of `mgmt`. Returns openssl's output. */
export async function verifyChain(bed: Testbed, fullchainPem: string, mgmt = bed.pebble.mgmt) {
  const dir = mkdtempSync(path.join(tmpdir(), 'certflow-verify-'));
  const [leaf, ...rest] = splitPemChain(fullchainPem);
  writeFileSync(path.join(dir, 'root.pem'), await pebbleRoot(mgmt, bed));
  writeFileSync(path.join(dir, 'leaf.pem'), leaf ?? '');
  writeFileSync(path.join(dir, 'chain.pem'), rest.join(''));
  const args = ['verify', '-CAfile', path.join(dir, 'root.pem')];
  if (rest.length) args.push('-untrusted', path.join(dir, 'chain.pem'));
  return run('openssl', [...args, path.join(dir, 'leaf.pem')]);
}

/** TXT values of a name on bind (or another server), through dig. */
export function txtOn(server: string, name: string): Promise<string[]> {
  return dig(server, name, 'TXT');
}
