import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_MAX } from '../../src/guard/history.js';
import type { Manifest } from '../../src/model.js';
import { parseManifest } from '../../src/store/manifest.js';
import { BundleError, openBundle } from '../../src/store/open.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { sha256Hex } from '../../src/util/x509.js';
import { createTestCa, newAgeIdentity, newP256KeyPem, type TestCa } from '../support/store-fixtures.js';

let ca: TestCa;
let store: string;
let alice: { identity: string; recipient: string };
let bob: { identity: string; recipient: string };

beforeAll(async () => {
  ca = await createTestCa();
  store = await mkdtemp(join(tmpdir(), 'certflow-store-'));
  alice = await newAgeIdentity();
  bob = await newAgeIdentity();
});
afterAll(async () => {
  await ca.close();
  await rm(store, { recursive: true, force: true });
});

async function expectProblem(promise: Promise<unknown>, problem: string, words: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  expect((error as BundleError).problem).toBe(problem);
  expect((error as BundleError).message).toMatch(words);
  return error as BundleError;
}

describe('sealBundle / writeBundle / openBundle', () => {
  it('round-trips: manifest fields, files, key', async () => {
    const issued = await ca.issue('www', ['www.certflow.test', 'certflow.test']);
    const bundle = await sealBundle(issued, [alice.recipient, bob.recipient]);
    const m = bundle.manifest;
    expect(m.name).toBe('www');
    expect(m.domains).toEqual(['www.certflow.test', 'certflow.test']);
    expect(m.serial).toMatch(/^[0-9a-f]+$/);
    expect(m.issuer).toContain('CN=certflow test CA');
    expect(m.recipients).toEqual([alice.recipient, bob.recipient]);
    expect(m.privateKeySha256).toBe(sha256Hex(bundle.files['privkey.pem.age']));
    expect(m.ariCertId).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(m.history).toHaveLength(1);
    expect(bundle.files['privkey.pem.age']).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n/);
    expect(bundle.files['privkey.pem.age']).not.toContain('PRIVATE KEY');
    // The manifest text parses back to the same object.
    expect(parseManifest(bundle.files['certificate.json'], 'certificate.json')).toEqual(m);

    await writeBundle(store, bundle);
    for (const who of [alice, bob]) {
      const opened = await openBundle(store, 'www', who.identity);
      expect(opened.privateKeyPem).toBe(issued.privateKeyPem);
      expect(opened.manifest).toEqual(m);
      expect(opened.fullchainPem).toBe(bundle.files['fullchain.pem']);
    }
  });

  it('gives stable output: rewriting the same bundle changes nothing', async () => {
    const issued = await ca.issue('stable', ['stable.certflow.test']);
    const bundle = await sealBundle(issued, [alice.recipient]);
    const first = await writeBundle(store, bundle);
    expect(first.changed).toHaveLength(3);
    const before = await stat(join(store, 'stable', 'certificate.json'));
    const second = await writeBundle(store, bundle);
    expect(second.changed).toEqual([]);
    expect((await stat(join(store, 'stable', 'certificate.json'))).mtimeMs).toBe(before.mtimeMs);
    const text = await readFile(join(store, 'stable', 'certificate.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain('\r');
    // Key order is fixed whatever order the object was built in.
    expect(Object.keys(JSON.parse(text)).slice(0, 3)).toEqual(['version', 'name', 'domains']);
    // CRLF input gives the same chain bytes.
    const crlf = await sealBundle({ ...issued, fullchainPem: issued.fullchainPem.replace(/\n/g, '\r\n') }, [
      alice.recipient,
    ]);
    expect(crlf.files['fullchain.pem']).toBe(bundle.files['fullchain.pem']);
  });

  it('carries history forward, records what it replaces, clears back-off', async () => {
    const first = await sealBundle(await ca.issue('hist', ['hist.certflow.test']), [alice.recipient]);
    let previous: Manifest = {
      ...first.manifest,
      backoff: {
        failures: 2,
        lastError: 'x',
        lastAt: first.manifest.issuedAt,
        nextAttemptAt: first.manifest.issuedAt,
      },
    };
    for (let i = 0; i < HISTORY_MAX + 2; i++) {
      const next = await sealBundle(
        await ca.issue('hist', ['hist.certflow.test']),
        [alice.recipient],
        previous,
      );
      expect(next.manifest.replaces).toBe(previous.serial);
      expect(next.manifest.backoff).toBeUndefined();
      previous = next.manifest;
    }
    expect(previous.history).toHaveLength(HISTORY_MAX);
    expect(previous.history?.at(-1)?.serial).toBe(previous.serial);
  }, 60_000);

  it('refuses to seal a key that does not belong to the certificate', async () => {
    const issued = await ca.issue('bad', ['bad.certflow.test']);
    const other = newP256KeyPem();
    await expect(sealBundle({ ...issued, privateKeyPem: other }, [alice.recipient])).rejects.toThrow(
      /cannot seal bad: the private key does not belong to the certificate/,
    );
  });
});

describe('openBundle errors, each its own', () => {
  async function freshBundle(name: string) {
    const issued = await ca.issue(name, [`${name}.certflow.test`]);
    const bundle = await sealBundle(issued, [alice.recipient]);
    await writeBundle(store, bundle);
    return { issued, bundle, keyPath: join(store, name, 'privkey.pem.age') };
  }

  it('tampered ciphertext', async () => {
    const { bundle, keyPath } = await freshBundle('tampered');
    const text = bundle.files['privkey.pem.age'];
    const lines = text.split('\n');
    const i = 2;
    const line = lines[i] ?? '';
    lines[i] = (line[0] === 'A' ? 'B' : 'A') + line.slice(1);
    await writeFile(keyPath, lines.join('\n'));
    const error = await expectProblem(
      openBundle(store, 'tampered', alice.identity),
      'tampered',
      /tampered|not the file that was sealed/,
    );
    expect(error.message).toContain('bundle tampered');
    expect(error.message).toContain(bundle.manifest.privateKeySha256);
  });

  it('truncated file', async () => {
    const { bundle, keyPath } = await freshBundle('truncated');
    await writeFile(keyPath, bundle.files['privkey.pem.age'].slice(0, 120));
    await expectProblem(
      openBundle(store, 'truncated', alice.identity),
      'truncated',
      /bundle truncated: .* is truncated/,
    );
    await writeFile(keyPath, '');
    await expectProblem(openBundle(store, 'truncated', alice.identity), 'truncated', /empty/);
  });

  it('wrong identity', async () => {
    await freshBundle('wrongid');
    const error = await expectProblem(
      openBundle(store, 'wrongid', bob.identity),
      'wrong-identity',
      /does not open/,
    );
    expect(error.message).toContain(alice.recipient);
    expect(error.message).not.toContain(bob.identity);
  });

  it('mismatched key (consistent ciphertext and hash, but a key of another certificate)', async () => {
    const { bundle, keyPath } = await freshBundle('mismatch');
    const other = await sealBundle(await ca.issue('mismatch', ['mismatch.certflow.test']), [alice.recipient]);
    // Swap in another bundle's key and fix the hash: only the public-key check can catch this.
    await writeFile(keyPath, other.files['privkey.pem.age']);
    const manifest = { ...bundle.manifest, privateKeySha256: other.manifest.privateKeySha256 };
    await writeFile(join(store, 'mismatch', 'certificate.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await expectProblem(
      openBundle(store, 'mismatch', alice.identity),
      'mismatched-key',
      /does not belong to the certificate: the key's public-key SHA-256 is [0-9a-f]{64}, the certificate's is/,
    );
  });

  it('missing bundle and bad identity', async () => {
    await expectProblem(openBundle(store, 'nope', alice.identity), 'missing', /bundle nope: nothing stored/);
    await freshBundle('badid');
    const error = await expectProblem(
      openBundle(store, 'badid', 'AGE-SECRET-KEY-1NOTVALIDATALL'),
      'bad-identity',
      /not valid/,
    );
    expect(error.message).not.toContain('NOTVALID');
  });
});
