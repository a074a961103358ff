/**
 * Test certificates made in-process: a tiny CA (root + intermediate, so chains have two parts)
 * issuing P-256 leaves for names like www.certflow.test. No ACME server needed to test deploys.
 */
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as x509 from '@peculiar/x509';
import type { SshTargetConfig } from '../../src/config/schema.js';
import type { DeployBundle } from '../../src/deploy/index.js';
import { leafFacts } from '../../src/util/x509.js';

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

export interface TestCa {
  rootPem: string;
  /** Issues a leaf for `domains`; `name` is the certificate (bundle) name. */
  issue(name: string, domains: string[], options?: { keyOf?: TestCertificate }): Promise<TestCertificate>;
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
      const keys =
        (options.keyOf && keyPairs.get(options.keyOf)) ??
        (await crypto.subtle.generateKey(EC, true, ['sign', 'verify']));
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: `CN=${domains[0]}`,
        issuer: inter.subject,
        notBefore,
        notAfter: new Date(now + 7 * 86400_000),
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
      const privateKeyPem = pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', keys.privateKey));
      const cert: TestCertificate = {
        name,
        domains,
        fullchainPem,
        privateKeyPem,
        certificateSha256: leafFacts(fullchainPem).sha256,
        leafPem,
        chainPem,
      };
      keyPairs.set(cert, keys);
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
    'connect-timeout': '10s',
    'command-timeout': '30s',
    ...overrides,
  };
}
