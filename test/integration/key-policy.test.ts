/**
 * key-policy and DANE on the bed: renewals at Pebble through the renew pipeline. reuse keeps the
 * public key; dane keeps a sealed next key whose TLSA 3 1 1 record is published ahead, and the next
 * renewal's certificate carries exactly that key. openssl computes the digests independently.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { armor, Decrypter, Encrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateCommand } from '../../src/commands/rotate.js';
import type { CertificateConfig } from '../../src/config/schema.js';
import type { Settings } from '../../src/config/settings.js';
import { renewCommand } from '../../src/pipeline/renew.js';
import { parseManifest } from '../../src/store/manifest.js';
import { MemoryLogger } from '../../src/util/log.js';
import { splitPemChain } from '../../src/util/x509.js';
import { acmeSettings, bindProvider, label } from '../support/acme.js';
import { newAgeIdentity, newP256KeyPem } from '../support/store-fixtures.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
let repo: string;
let age: { identity: string; recipient: string };

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'certflow-keys-'));
  age = await newAgeIdentity();
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function settingsFor(name: string, extra: Partial<CertificateConfig>): Settings {
  const s = acmeSettings(bed, {
    dns: { bind: bindProvider(bed) },
    certificates: { [name]: { domains: [`${name}.${bed.dns.zone}`], dns: 'bind', ...extra } },
  });
  s.workspace = repo;
  s.configPath = join(repo, '.github/certflow.yml');
  s.config.store.recipients = [age.recipient];
  s.force = [name];
  s.ageIdentity = age.identity;
  return s;
}

const file = (name: string, f: string) => join(repo, 'certificates', name, f);
const manifest = (name: string) => parseManifest(readFileSync(file(name, 'certificate.json'), 'utf8'), name);

/** openssl's SHA-256 of a SubjectPublicKeyInfo: the TLSA 3 1 1 digest, from a certificate or a key. */
function opensslSpkiSha256(pem: string, kind: 'cert' | 'key'): string {
  const pub =
    kind === 'cert'
      ? execFileSync('openssl', ['x509', '-noout', '-pubkey'], { input: pem })
      : execFileSync('openssl', ['pkey', '-pubout'], { input: pem });
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], { input: pub });
  const out = execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: der }).toString();
  return out.split(' ')[0] as string;
}
const leafOf = (name: string) =>
  splitPemChain(readFileSync(file(name, 'fullchain.pem'), 'utf8'))[0] as string;
async function openNext(name: string): Promise<string> {
  const d = new Decrypter();
  d.addIdentity(age.identity);
  return d.decrypt(armor.decode(readFileSync(file(name, 'nextkey.pem.age'), 'utf8')), 'text');
}

async function renew(settings: Settings) {
  const outcome = await renewCommand(settings, new MemoryLogger());
  return outcome;
}

describe('key-policy and dane (bed)', () => {
  it('reuse keeps the public key across renewals; without the identity it fails before ordering, saying why', async () => {
    const name = label('reuse');
    const s = settingsFor(name, { 'key-policy': 'reuse' });
    const first = await renew(s);
    expect(first.ok, first.text).toBe(true);
    const m1 = manifest(name);
    const second = await renew(s);
    expect(second.ok, second.text).toBe(true);
    const m2 = manifest(name);
    expect(m2.serial).not.toBe(m1.serial);
    expect(m2.publicKeySha256).toBe(m1.publicKeySha256);
    expect(opensslSpkiSha256(leafOf(name), 'cert')).toBe(m1.publicKeySha256);

    const noIdentity = { ...s, ageIdentity: undefined };
    const third = await renew(noIdentity);
    expect(third.ok).toBe(false);
    expect(third.text).toMatch(
      /key-policy: reuse renews with a stored key, and the renew job has no age identity/,
    );
    expect(manifest(name).serial).toBe(m2.serial);
  });

  it('dane: the next key published ahead becomes the key of the next renewal; openssl agrees with every TLSA digest', async () => {
    const name = label('dane');
    const s = settingsFor(name, { dane: true });
    const first = await renew(s);
    expect(first.ok, first.text).toBe(true);
    const m1 = manifest(name);
    expect(m1.dane?.tlsa.current).toBe(`3 1 1 ${opensslSpkiSha256(leafOf(name), 'cert')}`);
    const next1 = await openNext(name);
    expect(m1.dane?.tlsa.next).toBe(`3 1 1 ${opensslSpkiSha256(next1, 'key')}`);
    expect(m1.dane?.nextPublicKeySha256).not.toBe(m1.publicKeySha256);
    // The summary shows both records to publish.
    expect(first.summary).toContain('DANE TLSA records');
    expect(first.summary).toContain(m1.dane?.tlsa.next.slice(6));
    // The next key is a secret like the key: in no output of the run.
    const body = next1.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    for (const text of [
      JSON.stringify(first.json),
      first.summary,
      first.text,
      JSON.stringify(first.outputs),
    ]) {
      expect(text).not.toContain(body.slice(8, 48));
    }

    const second = await renew(s);
    expect(second.ok, second.text).toBe(true);
    const m2 = manifest(name);
    expect(m2.serial).not.toBe(m1.serial);
    // The record published ahead as "next" now matches the certificate's key.
    expect(`3 1 1 ${opensslSpkiSha256(leafOf(name), 'cert')}`).toBe(m1.dane?.tlsa.next);
    expect(m2.dane?.tlsa.current).toBe(m1.dane?.tlsa.next);
    expect(m2.dane?.tlsa.next).not.toBe(m1.dane?.tlsa.next);
    expect(m2.dane?.tlsa.next).toBe(`3 1 1 ${opensslSpkiSha256(await openNext(name), 'key')}`);
  });

  it('rotate moves to the dane next key even under key-policy reuse', async () => {
    const name = label('rotn');
    const s = settingsFor(name, { 'key-policy': 'reuse', dane: true });
    expect((await renew(s)).ok).toBe(true);
    const m1 = manifest(name);
    expect((await renew(s)).ok).toBe(true);
    expect(manifest(name).publicKeySha256).toBe(m1.publicKeySha256); // reuse: same key, same next key
    expect(manifest(name).dane?.tlsa.next).toBe(m1.dane?.tlsa.next);
    const rotated = await rotateCommand({ ...s, command: 'rotate', only: [name] }, new MemoryLogger());
    expect(rotated.ok, rotated.text).toBe(true);
    expect(manifest(name).dane?.tlsa.current).toBe(m1.dane?.tlsa.next);
    expect(`3 1 1 ${opensslSpkiSha256(leafOf(name), 'cert')}`).toBe(m1.dane?.tlsa.next);
  });

  it('dane: a next key swapped in the store (sealed to the recipient, manifest untouched) is refused, nothing ordered', async () => {
    const name = label('swap');
    const s = settingsFor(name, { dane: true });
    expect((await renew(s)).ok).toBe(true);
    const before = manifest(name);
    const e = new Encrypter();
    e.addRecipient(age.recipient);
    writeFileSync(file(name, 'nextkey.pem.age'), armor.encode(await e.encrypt(newP256KeyPem())));
    const outcome = await renew(s);
    expect(outcome.ok).toBe(false);
    expect(outcome.text).toMatch(/nextkey\.pem\.age is not the file that was sealed/);
    expect(manifest(name).serial).toBe(before.serial);
  });
});
