/**
 * Test certificates made in-process: a tiny CA (root + intermediate, so chains have two parts)
 * issuing P-256 leaves for names like www.certflow.test. No ACME server needed to test deploys.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import type { SshTargetConfig } from '../../src/config/schema.js';
import type { DeployBundle } from '../../src/deploy/index.js';
import type { IssuedCertificate } from '../../src/model.js';
import { fetchServedCertificate } from '../../src/util/tls.js';
import { leafFacts } from '../../src/util/x509.js';
import { sshRun, type Testbed } from './testbed.js';

const crypto = webcrypto;
x509.cryptoProvider.set(crypto as never);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface TestCertificate extends DeployBundle {
  /** Leaf PEM alone. */
  leafPem: string;
  /** Intermediate PEM alone. */
  chainPem: string;
}

/** A test certificate as the issue stage hands it to sealing (an ECDSA P-256 key, issued now). */
export function asIssued(c: TestCertificate): IssuedCertificate {
  return {
    name: c.name,
    domains: c.domains,
    keyType: 'ecdsa-p256',
    privateKeyPem: c.privateKeyPem,
    fullchainPem: c.fullchainPem,
    issuedAt: new Date().toISOString(),
  };
}

export interface TestCa {
  rootPem: string;
  /** Issues a leaf for `domains`; `name` is the certificate (bundle) name. */
  issue(
    name: string,
    domains: string[],
    options?: {
      keyOf?: TestCertificate;
      /** A public key only (someone else's, e.g. from a CSR): the result's privateKeyPem is empty. */
      publicKey?: webcrypto.CryptoKey;
      validity?: { notBefore: Date; notAfter: Date };
    },
  ): Promise<TestCertificate>;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

let serialCounter = 0;
function serial(): string {
  serialCounter++;
  return `${Date.now().toString(16)}${serialCounter.toString(16).padStart(4, '0')}${Math.floor(Math.random() * 0xffff).toString(16)}`;
}

const keyPairs = new WeakMap<TestCertificate, webcrypto.CryptoKeyPair>();

export async function createTestCa(label = 'certflow test'): Promise<TestCa> {
  const now = Date.now();
  const notBefore = new Date(now - 3600_000);
  const notAfter = new Date(now + 30 * 86400_000);
  const rootKeys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${label} root`,
    notBefore,
    notAfter,
    keys: rootKeys,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const interKeys = await crypto.subtle.generateKey(EC, true, ['sign', 'verify']);
  const inter = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${label} intermediate`,
    issuer: root.subject,
    notBefore,
    notAfter,
    publicKey: interKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(interKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const chainPem = inter.toString('pem') + '\n';
  return {
    rootPem: root.toString('pem') + '\n',
    async issue(name, domains, options = {}) {
      const keys: { publicKey: webcrypto.CryptoKey; privateKey?: webcrypto.CryptoKey } = options.publicKey
        ? { publicKey: options.publicKey }
        : ((options.keyOf && keyPairs.get(options.keyOf)) ??
          (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])));
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: `CN=${domains[0]}`,
        issuer: inter.subject,
        notBefore: options.validity?.notBefore ?? notBefore,
        notAfter: options.validity?.notAfter ?? new Date(now + 7 * 86400_000),
        publicKey: keys.publicKey,
        signingKey: interKeys.privateKey,
        signingAlgorithm: SIGN,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension(domains.map((d) => ({ type: 'dns' as const, value: d }))),
          await x509.AuthorityKeyIdentifierExtension.create(interKeys.publicKey),
        ],
      });
      const leafPem = leaf.toString('pem') + '\n';
      const fullchainPem = leafPem + chainPem;
      const privateKeyPem = keys.privateKey
        ? pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey))
        : '';
      const cert: TestCertificate = {
        name,
        domains,
        fullchainPem,
        privateKeyPem,
        certificateSha256: leafFacts(fullchainPem).sha256,
        leafPem,
        chainPem,
      };
      if (keys.privateKey) keyPairs.set(cert, keys as webcrypto.CryptoKeyPair);
      return cert;
    },
  };
}

/** A copy of `cert` whose private key belongs to `other`: nginx -t refuses the pair. */
export function withMismatchedKey(cert: TestCertificate, other: TestCertificate): TestCertificate {
  return { ...cert, privateKeyPem: other.privateKeyPem };
}

/** An SSH target on the test bed's hosts, deploying to the folders nginx serves (/etc/ssl/certflow/<name>). */
export function bedTarget(
  bed: { ssh: { key: string; knownHosts: string }; hosts: Array<{ addr: string }> },
  overrides: Partial<SshTargetConfig> = {},
): SshTargetConfig {
  return {
    type: 'ssh',
    hosts: bed.hosts.map((h) => h.addr),
    user: 'root',
    'private-key': readFileSync(bed.ssh.key, 'utf8'),
    'known-hosts': readFileSync(bed.ssh.knownHosts, 'utf8'),
    files: {
      dir: '/etc/ssl/certflow/{certificate}',
      fullchain: 'fullchain.pem',
      key: 'privkey.pem',
      'key-mode': '0600',
      'cert-mode': '0644',
    },
    validate: 'nginx -t',
    reload: 'nginx -s reload',
    verify: { enabled: true, port: 443 },
    rollout: 'parallel',
    'on-failure': 'continue',
    'connect-timeout': '10s',
    'command-timeout': '30s',
    ...overrides,
  };
}

export interface BedSite {
  /** Certificate name, also the folder under /etc/ssl/certflow and the first label of the domain. */
  name: string;
  domain: string;
  /** The certificate the site starts with (already served when addSite returns). */
  initial: TestCertificate;
  remove(): Promise<void>;
}

/**
 * A server block of its own on every bed host (`<name>.certflow.test`, files in
 * /etc/ssl/certflow/<name>), so deploy tests never collide with other tests that use the www/api
 * sites. Written from outside the hosts (their folders are bind mounts), then nginx reloaded
 * through SSH; `remove()` takes it away again. Other hosts' state is not touched.
 */
export async function addSite(bed: Testbed, ca: TestCa, prefix = 'deploy'): Promise<BedSite> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  const domain = `${name}.certflow.test`;
  const initial = await ca.issue(name, [domain]);
  for (const h of bed.hosts) {
    const dir = join(h.certDir, name);
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'fullchain.pem'), initial.fullchainPem, { mode: 0o644 });
    writeFileSync(join(dir, 'privkey.pem'), initial.privateKeyPem, { mode: 0o600 });
    writeFileSync(
      join(h.nginxDir, 'conf.d', `${name}.conf`),
      `server {\n\tlisten ${h.addr}:443 ssl;\n\tserver_name ${domain};\n` +
        `\tssl_certificate /etc/ssl/certflow/${name}/fullchain.pem;\n` +
        `\tssl_certificate_key /etc/ssl/certflow/${name}/privkey.pem;\n\treturn 200 "${name}\\n";\n}\n`,
    );
  }
  const reloadAll = async () => {
    for (const h of bed.hosts) {
      const r = await sshRun(bed, h.addr, 'nginx -s reload');
      if (r.code !== 0) throw new Error(`nginx reload on ${h.name}: ${r.stderr}`);
    }
  };
  await reloadAll();
  for (const h of bed.hosts) await waitServed(h.addr, domain, initial.certificateSha256);
  return {
    name,
    domain,
    initial,
    async remove() {
      for (const h of bed.hosts) {
        rmSync(join(h.nginxDir, 'conf.d', `${name}.conf`), { force: true });
        rmSync(join(h.certDir, name), { recursive: true, force: true });
      }
      await reloadAll();
    },
  };
}

/** Waits (up to 10 s) until addr:443 serves the certificate with `sha256` for `servername`. */
export async function waitServed(addr: string, servername: string, sha256: string): Promise<void> {
  let seen = '';
  for (let i = 0; i < 100; i++) {
    seen = await fetchServedCertificate({ host: addr, port: 443, servername, timeoutMs: 2000 }).then(
      (s) => s.facts.sha256,
      (e: Error) => e.message,
    );
    if (seen === sha256) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${addr} does not serve ${sha256} for ${servername} (last: ${seen})`);
}
