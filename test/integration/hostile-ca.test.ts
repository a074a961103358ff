/**
 * A CA that answers an order with the wrong thing. The front (test/support/ari-server.ts) passes
 * every request to the bed's Pebble, so the account, order and DNS-01 validation are real; only
 * the certificate URL's answer is replaced by what a compromised or impersonated CA could send:
 * a certificate for the order's own key (read from the CSR) but other names or dates, Pebble's
 * leaf under another CA's intermediate, a replay of an earlier order's certificate, and alternate
 * chains (Link rel="alternate") that carry another certificate, point off the CA, or number in
 * the dozens. None of them may come out of the issue stage as a renewal; a forged alternate must
 * not replace the real default chain.
 */
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topIssuerCn } from '../../src/acme/chain.js';
import { issueCertificates } from '../../src/acme/issue.js';
import type { IssueResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { splitPemChain } from '../../src/util/x509.js';
import { acmeSettings, bindProvider, dueAll, label, txtOn } from '../support/acme.js';
import { type AriFront, startAriFront } from '../support/ari-server.js';
import { createTestCa, type TestCa } from '../support/certs.js';
import { loadTestbed } from '../support/testbed.js';

x509.cryptoProvider.set(webcrypto as never);
const bed = loadTestbed();
const DAY = 86_400_000;
let front: AriFront;
let forger: TestCa;
/** An HTTPS server off the CA's origin, counting what it is asked. */
let elsewhere: Server;
let elsewhereUrl = '';
const elsewhereAsked: string[] = [];

beforeAll(async () => {
  front = await startAriFront(bed);
  forger = await createTestCa('certflow hostile');
  const pebbleDir = join(bed.dir, 'pebble');
  elsewhere = createServer(
    { cert: readFileSync(join(pebbleDir, 'server.pem')), key: readFileSync(join(pebbleDir, 'server.key')) },
    (req, res) => {
      elsewhereAsked.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/pem-certificate-chain' }).end('');
    },
  );
  await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
  elsewhereUrl = `https://127.0.0.1:${(elsewhere.address() as { port: number }).port}`;
}, 30_000);

afterAll(async () => {
  await front?.close();
  await new Promise<void>((r) => elsewhere?.close(() => r()));
});

/** The public key of a CSR (what a CA certifies), as WebCrypto needs it to sign a forged leaf. */
async function csrKey(csr: Buffer | undefined): Promise<webcrypto.CryptoKey> {
  if (!csr) throw new Error('the front saw no finalize request');
  return new x509.Pkcs10CertificateRequest(csr).publicKey.export(webcrypto as never);
}

async function order(
  name: string,
  domains: string[],
  preferred?: string,
): Promise<{ result: IssueResult; log: MemoryLogger }> {
  const settings = acmeSettings(bed, {
    directory: front.directory,
    dns: { bind: bindProvider(bed) },
    certificates: { [name]: { domains, dns: 'bind' } },
  });
  if (preferred) settings.config.acme['preferred-chain'] = preferred;
  const log = new MemoryLogger();
  const [result] = await issueCertificates(settings, dueAll(settings), new Map(), log);
  if (!result) throw new Error('no issue result');
  return { result, log };
}

function failure(result: IssueResult): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : `${result.error.message} | ${result.error.hint ?? ''}`;
}

const names = (name: string) => [`${name}.${bed.dns.zone}`, `www.${name}.${bed.dns.zone}`];

describe('a CA that answers with another certificate than the one ordered', () => {
  it('for the order key but missing one of the names: refused, nothing issued, no TXT left', async () => {
    const name = label('drop');
    front.certificate = async ({ csr }) => {
      const forged = await forger.issue(name, [names(name)[0] as string], { publicKey: await csrKey(csr) });
      return { pem: forged.fullchainPem };
    };
    try {
      const { result } = await order(name, names(name));
      expect(failure(result)).toMatch(
        new RegExp(
          `the CA's certificate for ${name} is for ${name}\\.\\S+, the order was for .*www\\.${name}.*nothing was stored`,
        ),
      );
      for (const n of names(name)) expect(await txtOn(bed.dns.server, `_acme-challenge.${n}`)).toEqual([]);
    } finally {
      front.certificate = undefined;
    }
  });

  it('for the order key and names but expired: refused', async () => {
    const name = label('old');
    front.certificate = async ({ csr }) => {
      const forged = await forger.issue(name, names(name), {
        publicKey: await csrKey(csr),
        validity: { notBefore: new Date(Date.now() - 90 * DAY), notAfter: new Date(Date.now() - DAY) },
      });
      return { pem: forged.fullchainPem };
    };
    try {
      expect(failure((await order(name, names(name))).result)).toMatch(/expired at/);
    } finally {
      front.certificate = undefined;
    }
  });

  it("Pebble's own leaf under another CA's intermediate: refused as a broken chain", async () => {
    const name = label('graft');
    const stranger = await forger.issue('x', ['x.certflow.test']);
    front.certificate = async ({ pem }) => ({ pem: (splitPemChain(pem)[0] as string) + stranger.chainPem });
    try {
      expect(failure((await order(name, [`${name}.${bed.dns.zone}`])).result)).toMatch(
        /has a broken chain: certificate 1 .* is not signed by certificate 2 .*certflow hostile/,
      );
    } finally {
      front.certificate = undefined;
    }
  });

  it("a replay of an earlier order's real certificate (another key): refused", async () => {
    const first = label('replay');
    const { result: earlier } = await order(first, [`${first}.${bed.dns.zone}`]);
    if (!earlier.ok) throw new Error(`the first order failed: ${earlier.error.message}`);
    const second = label('replay');
    // Same names, so only the key tells them apart.
    front.certificate = async () => ({ pem: earlier.certificate.fullchainPem });
    try {
      expect(failure((await order(second, [`${first}.${bed.dns.zone}`])).result)).toMatch(
        "is for another key than the order's CSR",
      );
    } finally {
      front.certificate = undefined;
    }
  });
});

describe('alternate chains (acme.preferred-chain)', () => {
  it('an alternate carrying another certificate is ignored, though its top is the preferred root', async () => {
    const name = label('alt');
    const preferred = 'certflow hostile root';
    const path = `/certZ/${name}-alt`;
    const origin = new URL(front.directory).origin;
    front.certificate = async ({ pem, csr }) => {
      // Same key and names, but not the certificate the CA issued: a chain the CA never made.
      const forged = await forger.issue(name, [`${name}.${bed.dns.zone}`], { publicKey: await csrKey(csr) });
      front.served.set(path, forged.fullchainPem);
      return { pem, alternates: [`${origin}${path}`] };
    };
    try {
      const { result, log } = await order(name, [`${name}.${bed.dns.zone}`], preferred);
      if (!result.ok) throw new Error(result.error.message);
      expect(front.paths).toContain(path);
      expect(topIssuerCn(result.certificate.fullchainPem)).toMatch(/Pebble/);
      expect(log.lines.join('\n')).toMatch(
        /ignoring an alternate chain whose certificate is not the one issued/,
      );
    } finally {
      front.certificate = undefined;
      front.served.delete(path);
    }
  });

  it('alternates off the CA are never fetched, and at most 8 are', async () => {
    const name = label('many');
    const origin = new URL(front.directory).origin;
    const before = front.paths.length;
    front.certificate = async ({ pem }) => ({
      pem,
      alternates: [
        `${elsewhereUrl}/steal`,
        ...Array.from({ length: 30 }, (_, i) => `${origin}/certZ/${name}-nothing-${i}`),
      ],
    });
    try {
      const { result, log } = await order(name, [`${name}.${bed.dns.zone}`], 'No Such Root');
      if (!result.ok) throw new Error(result.error.message);
      expect(elsewhereAsked).toEqual([]);
      expect(log.lines.join('\n')).toMatch(/ignoring an alternate chain outside the CA/);
      const fetched = front.paths.slice(before).filter((p) => p.startsWith(`/certZ/${name}-nothing-`));
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.length).toBeLessThanOrEqual(8);
    } finally {
      front.certificate = undefined;
    }
  });
});
