import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trustAnchorsOf } from '../../src/store/trust.js';
import { chainToRoot } from '../../src/store/verify.js';
import { DerError, DerReader, positiveInteger, readTlv } from '../../src/util/der-read.js';
import { canonicalPemDer, certificateFacts, factsOf, sha256Hex } from '../../src/util/x509.js';
import { readCertificateDer } from '../../src/util/x509-der.js';
import {
  buildCertificate,
  type CertSpec,
  dnsName,
  ecKey,
  ed25519Key,
  emailName,
  extension,
  generalizedTime,
  ipAddress,
  name,
  pemOf,
  rsaKey,
  sanExtension,
  type TestKey,
  utcTime,
} from '../support/der-cert.js';

const p256 = ecKey('P-256');
const p384 = ecKey('P-384');
const rsa = rsaKey(2048);
const ed = ed25519Key();

const build = (key: TestKey, spec: Partial<CertSpec> = {}) =>
  buildCertificate({ key: key.publicKey, signer: key.privateKey, ...spec });

/** node:crypto's reading, or undefined when it cannot parse the certificate or load its key. */
function nodeFacts(der: Buffer) {
  try {
    return factsOf(new X509Certificate(der));
  } catch {
    return undefined;
  }
}

/**
 * The walk vouches only for what node:crypto reads the same way: when it gives facts, node:crypto
 * must parse the certificate and agree on every one. 'refused' means node:crypto could not read
 * what the walk vouched for; a fact's name, where they disagree.
 */
function disagreement(der: Buffer): { vouched: boolean; problem?: string } {
  const walked = readCertificateDer(der);
  if (!walked) return { vouched: false };
  const node = nodeFacts(der);
  if (!node) return { vouched: true, problem: `refused: ${der.toString('hex')}` };
  const { spki, ...rest } = walked;
  const mine: Record<string, unknown> = { ...rest, publicKeySha256: sha256Hex(spki) };
  for (const [field, value] of Object.entries(mine)) {
    const theirs = (node as unknown as Record<string, unknown>)[field];
    if (JSON.stringify(value) !== JSON.stringify(theirs)) {
      return { vouched: true, problem: `${field}: ${JSON.stringify(value)} vs ${JSON.stringify(theirs)}` };
    }
  }
  return { vouched: true };
}

/** Whether the walk vouched for `der`; fails the test when node:crypto reads it otherwise. */
function agrees(der: Buffer): boolean {
  const { vouched, problem } = disagreement(der);
  expect(problem).toBeUndefined();
  return vouched;
}

describe('strict DER reader', () => {
  const ok = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]);
  it('reads a well-formed element', () => {
    expect(readTlv(ok, 0, ok.length)).toEqual({ tag: 0x30, start: 0, body: 2, end: 5 });
    const r = DerReader.inside(ok, readTlv(ok, 0, ok.length));
    expect(r.next(0x02)).toEqual({ tag: 0x02, start: 2, body: 4, end: 5 });
    expect(() => r.finish()).not.toThrow();
  });

  it.each([
    ['truncated header', [0x30]],
    ['truncated content', [0x30, 0x05, 0x02, 0x01]],
    ['a length past the end', [0x04, 0x7f, 0x00]],
    ['a huge length', [0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00]],
    ['five length bytes', [0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00]],
    ['an indefinite length', [0x30, 0x80, 0x00, 0x00]],
    ['a long form for a short length', [0x04, 0x81, 0x01, 0x00]],
    ['a length with a leading zero', [0x04, 0x82, 0x00, 0x81, ...new Array(0x81).fill(0)]],
    ['a truncated long length', [0x04, 0x82, 0x01]],
    ['a multi-byte tag', [0x1f, 0x81, 0x01, 0x00]],
  ])('refuses %s', (_what, bytes) => {
    const buf = Buffer.from(bytes);
    expect(() => readTlv(buf, 0, buf.length)).toThrow(DerError);
  });

  it('refuses trailing bytes, a wrong tag, and an element longer than its parent', () => {
    const trailing = new DerReader(Buffer.from([...ok, 0x00]));
    trailing.next(0x30);
    expect(() => trailing.finish()).toThrow(/trailing/);
    expect(() => new DerReader(ok).next(0x31)).toThrow(/expected tag 0x31/);
    // The inner INTEGER claims 2 bytes, its SEQUENCE holds 3 in all.
    const overlong = Buffer.from([0x30, 0x03, 0x02, 0x02, 0x05, 0x06]);
    const outer = new DerReader(overlong).next(0x30);
    expect(() => DerReader.inside(overlong, outer).next()).toThrow(/runs past the end/);
  });

  it.each([
    ['empty', [0x02, 0x00]],
    ['zero', [0x02, 0x01, 0x00]],
    ['negative', [0x02, 0x01, 0x80]],
    ['padded', [0x02, 0x02, 0x00, 0x05]],
  ])('refuses a %s INTEGER where a positive one belongs', (_what, bytes) => {
    const buf = Buffer.from(bytes);
    expect(() => positiveInteger(buf, readTlv(buf, 0, buf.length))).toThrow(DerError);
  });

  it('gives a positive INTEGER without its sign byte', () => {
    const buf = Buffer.from([0x02, 0x02, 0x00, 0x80]);
    expect([...positiveInteger(buf, readTlv(buf, 0, buf.length))]).toEqual([0x80]);
  });
});

describe('certificate facts from a DER walk', () => {
  it('reads plain EC P-256, P-384 and RSA certificates exactly as node:crypto does', () => {
    for (const key of [p256, p384, rsa]) expect(agrees(build(key))).toBe(true);
    expect(readCertificateDer(build(rsa))?.keyType).toBe('rsa-2048');
  });

  it('agrees with node:crypto on serials, times, names and SANs it accepts', () => {
    const cases: Array<Partial<CertSpec>> = [
      { serial: Buffer.from([0x00, 0x80, 0x01]) },
      { serial: Buffer.from('01a236e4d6aa0003708d', 'hex') },
      { serial: Buffer.from([0x7f]) },
      { serial: Buffer.alloc(40, 0x5a) },
      { notAfter: generalizedTime('20600229120000Z') },
      { notBefore: utcTime('500101000000Z'), notAfter: utcTime('491231235959Z') },
      { notAfter: generalizedTime('99991231235959Z') },
      {
        subject: name([
          ['2.5.4.6', 0x13, 'US'],
          ['2.5.4.10', 0x0c, "Let's Encrypt"],
          ['2.5.4.11', 0x0c, 'ops (web)'],
          ['2.5.4.7', 0x13, 'Zurich'],
          ['2.5.4.8', 0x16, 'ZH'],
          ['2.5.4.3', 0x0c, 'R3: a/b@c'],
        ]),
      },
      { issuer: name([['2.5.4.3', 0x0c, 'Pebble Intermediate CA 4f1d22']]) },
      // Let's Encrypt's short-lived certificates have an empty subject.
      { subject: name([]) },
      { extensions: null },
      { extensions: [extension('2.5.29.19', Buffer.from([0x30, 0x00]), true)] },
      {
        extensions: [
          sanExtension([dnsName('a.example'), dnsName('*.b.example'), dnsName('x_y.example')], true),
        ],
      },
    ];
    let vouched = 0;
    for (const spec of cases) for (const key of [p256, rsa]) if (agrees(build(key, spec))) vouched++;
    // Characters PrintableString does not allow: vouched for only if node:crypto reads them too.
    for (const tag of [0x13, 0x16]) agrees(build(p256, { subject: name([['2.5.4.3', tag, "a@b_c*'x"]]) }));
    // One case (no extensions at all) is left to node:crypto; the others are the plain subset.
    expect(vouched).toBe((cases.length - 1) * 2);
  });

  it('leaves to node:crypto whatever node would print or read differently', () => {
    const cases: Array<[string, Partial<CertSpec>, TestKey?]> = [
      ['a comma in a name', { subject: name([['2.5.4.3', 0x0c, 'a, b']]) }],
      ['a plus in a name', { subject: name([['2.5.4.3', 0x0c, 'a+b']]) }],
      ['a quote in a name', { subject: name([['2.5.4.3', 0x0c, 'a"b']]) }],
      ['a leading space', { subject: name([['2.5.4.3', 0x0c, ' ab']]) }],
      ['a leading #', { subject: name([['2.5.4.3', 0x0c, '#ab']]) }],
      ['a newline', { subject: name([['2.5.4.3', 0x0c, 'a\nCN=evil']]) }],
      ['non-ASCII', { subject: name([['2.5.4.3', 0x0c, 'zürich']]) }],
      ['an empty value', { subject: name([['2.5.4.3', 0x0c, '']]) }],
      ['an unknown attribute', { subject: name([['1.2.840.113549.1.9.1', 0x16, 'a@b.example']]) }],
      ['a BMPString', { subject: name([['2.5.4.3', 0x1e, 'ab']]) }],
      [
        'a multi-valued RDN',
        {
          subject: name([
            [
              ['2.5.4.3', 0x0c, 'a'],
              ['2.5.4.10', 0x0c, 'b'],
            ],
          ]),
        },
      ],
      ['a time without seconds', { notAfter: utcTime('2701010000Z') }],
      ['a local time', { notAfter: utcTime('270101000000') }],
      ['a time with an offset', { notAfter: utcTime('270101000000+0100') }],
      ['fractional seconds', { notAfter: generalizedTime('20270101000000.5Z') }],
      ['February 30th', { notAfter: utcTime('270230000000Z') }],
      ['February 29th of 2100', { notAfter: generalizedTime('21000229000000Z') }],
      ['hour 24', { notAfter: utcTime('270101240000Z') }],
      ['a year before 1950', { notBefore: generalizedTime('19491231000000Z') }],
      ['a time with the wrong tag', { notAfter: generalizedTime('270101000000Z') }],
      [
        'an IP address SAN',
        { extensions: [sanExtension([dnsName('a.example'), ipAddress([127, 0, 0, 1])])] },
      ],
      ['an email SAN', { extensions: [sanExtension([emailName('a@example.com')])] }],
      ['a comma in a DNS name', { extensions: [sanExtension([dnsName('a.example, DNS:evil.example')])] }],
      ['a quote in a DNS name', { extensions: [sanExtension([dnsName('"a.example"')])] }],
      ['an empty DNS name', { extensions: [sanExtension([dnsName('')])] }],
      ['an empty SAN', { extensions: [sanExtension([])] }],
      [
        'two SAN extensions',
        { extensions: [sanExtension([dnsName('a.example')]), sanExtension([dnsName('evil.example')])] },
      ],
      [
        'critical FALSE spelled out',
        {
          extensions: [
            Buffer.concat([
              Buffer.from([0x30, 0x15, 0x06, 0x03, 0x55, 0x1d, 0x11, 0x01, 0x01, 0x00, 0x04, 0x0b]),
              Buffer.from('3009820761' + '2e6578616d', 'hex'),
            ]),
          ],
        },
      ],
      ['version 1', { version: null, extensions: null }],
      ['version 2', { version: Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x01]) }],
      ['a zero serial', { serial: Buffer.from([0x00]) }],
      ['a negative serial', { serial: Buffer.from([0xff, 0x01]) }],
      ['a padded serial', { serial: Buffer.from([0x00, 0x01]) }],
      ['an Ed25519 key', {}, ed],
      ['a byte after the extensions inside their [3]', { afterExtensions: Buffer.from([0x05, 0x00]) }],
    ];
    for (const [what, spec, key] of cases) {
      const der = build(key ?? p256, spec);
      expect(readCertificateDer(der), what).toBeUndefined();
      // And certificateFacts still answers through node:crypto (or throws as node does).
      const node = nodeFacts(der);
      if (node) expect(certificateFacts(der), what).toEqual(node);
    }
  });

  it('vouches for no key node:crypto cannot load: an EC point off its curve, compressed or short', () => {
    const spki = p256.publicKey.export({ type: 'spki', format: 'der' });
    const off = Buffer.from(spki);
    off[off.length - 1] = (off[off.length - 1] as number) ^ 1; // y changed: no longer on the curve
    const der = build(p256, { spki: off });
    expect(readCertificateDer(der)).toBeUndefined();
    expect(() => new X509Certificate(der).publicKey).toThrow();
    expect(() => certificateFacts(der)).toThrow(); // node:crypto's answer, as before

    const x = spki.subarray(spki.length - 64, spki.length - 32);
    const compressed = Buffer.concat([spki.subarray(0, 24), Buffer.from([0x03, 0x22, 0x00, 0x02]), x]);
    compressed[1] = compressed.length - 2;
    expect(readCertificateDer(build(p256, { spki: compressed }))).toBeUndefined();
    // The point reduced mod p plus p (x >= p) is the same residue but not a valid encoding.
    const big = Buffer.from(spki);
    big.fill(0xff, spki.length - 64, spki.length - 32);
    expect(readCertificateDer(build(p256, { spki: big }))).toBeUndefined();
  });

  it('never throws and never vouches for a truncated certificate or one with trailing bytes', () => {
    const der = build(p256);
    for (let n = 0; n < der.length; n++) expect(readCertificateDer(der.subarray(0, n))).toBeUndefined();
    expect(readCertificateDer(Buffer.concat([der, Buffer.from([0])]))).toBeUndefined();
    // The outer length made huge: refused before anything is read past the end.
    const huge = Buffer.concat([Buffer.from([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff]), der.subarray(4)]);
    expect(readCertificateDer(huge)).toBeUndefined();
  });

  it('agrees with node:crypto on 6,000 mutated certificates (bytes flipped, cut, inserted)', () => {
    let seed = 22;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const bases = [build(p256), build(p384), build(rsa)];
    let vouched = 0;
    const problems: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const base = bases[i % bases.length] as Buffer;
      const der = Buffer.from(base);
      const at = random(der.length);
      let mutant: Buffer;
      switch (random(4)) {
        case 0:
          der[at] = (der[at] as number) ^ (1 << random(8));
          mutant = der;
          break;
        case 1:
          der[at] = random(256);
          mutant = der;
          break;
        case 2:
          mutant = Buffer.concat([der.subarray(0, at), Buffer.from([random(256)]), der.subarray(at)]);
          break;
        default:
          mutant = Buffer.concat([der.subarray(0, at), der.subarray(at + 1)]);
      }
      const result = disagreement(mutant);
      if (result.vouched) vouched++;
      if (result.problem) problems.push(result.problem);
    }
    expect(problems).toEqual([]);
    // Changes inside the signature, serial or names keep a certificate plain: many are vouched for,
    // and each of those was compared with node:crypto above.
    expect(vouched).toBeGreaterThan(500);
  }, 60_000);
});

describe('certificate facts from a DER walk, random well-formed certificates', () => {
  it('agrees with node:crypto on 1,500 certificates with random names, times, serials and SANs', () => {
    let seed = 7;
    // The high bits of the generator: its low bits repeat with short periods.
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return Math.floor((seed / 0x80000000) * n);
    };
    const pick = <T>(items: readonly T[]) => items[random(items.length)] as T;
    // Half the certificates keep to the plain set (with random content), half now and then step
    // just outside it (a character, a type, a date): both answers occur, and are compared.
    let odds = 0;
    const odd1 = (n: number) => odds > 0 && random(n) === 0;
    const plain = "aZ09 .-_*'()/:@";
    const odd = '=+,"\\;<>#\n\u00e9\u0000';
    const text = () =>
      Array.from({ length: random(6) + 1 }, () => (odd1(12) ? pick([...odd]) : pick([...plain]))).join('');
    const attribute = (): [string, number, string] => [
      odd1(8) ? pick(['2.5.4.5', '0.9.2342.19200300.100.1.25']) : pick(['2.5.4.3', '2.5.4.6', '2.5.4.10']),
      odd1(8) ? pick([0x14, 0x1e]) : pick([0x0c, 0x13, 0x16]),
      text(),
    ];
    const two = (max: number) => String(random(max)).padStart(2, '0');
    const clock = () =>
      odds ? `${two(32)}${two(25)}${two(61)}${two(61)}` : `${two(28)}${two(24)}${two(60)}${two(60)}`;
    const time = () =>
      (odds ? pick : <T>(items: readonly T[]) => items[random(2)] as T)([
        () => utcTime(`${two(100)}${String(random(12) + 1).padStart(2, '0')}${clock()}Z`),
        () => generalizedTime(`${pick(['19', '20', '21', '99'])}${two(100)}${two(14)}${clock()}Z`),
        () =>
          utcTime(`${two(100)}${two(13)}${clock().slice(0, random(2) ? 8 : 6)}${pick(['Z', '', '+0100'])}`),
      ])();
    const serial = () => Buffer.from(Array.from({ length: random(22) + 1 }, () => random(256)));
    const san = () =>
      odd1(6)
        ? pick([dnsName(text()), ipAddress([1, 2, 3, 4]), emailName(text())])
        : dnsName(`${text().replace(/[^a-zA-Z0-9.*_-]/g, 'x')}.example`);
    let vouched = 0;
    const problems: string[] = [];
    for (let i = 0; i < 1500; i++) {
      odds = i % 2;
      const spec: Partial<CertSpec> = {
        serial: serial(),
        notBefore: time(),
        notAfter: time(),
        subject: name(Array.from({ length: random(2) + 1 }, attribute)),
        issuer: name(Array.from({ length: random(3) + (odd1(10) ? 0 : 1) }, attribute)),
        extensions: [sanExtension(Array.from({ length: random(3) + 1 }, san), random(2) === 0)],
      };
      const result = disagreement(build(pick([p256, p384, rsa]), spec));
      if (result.vouched) vouched++;
      if (result.problem) problems.push(result.problem);
    }
    expect(problems).toEqual([]);
    expect(vouched).toBeGreaterThan(150);
  }, 60_000);
});

describe('canonical PEM', () => {
  const der = build(p256);
  const pem = pemOf(der);
  it('decodes the usual layout, LF or CRLF', () => {
    expect(canonicalPemDer(pem)).toEqual(der);
    expect(canonicalPemDer(pem.replaceAll('\n', '\r\n'))).toEqual(der);
    expect(certificateFacts(pem)).toEqual(nodeFacts(der));
  });

  it.each([
    ['a header', (p: string) => p.replace('-----\n', '-----\nProc-Type: 4,ENCRYPTED\n\n')],
    ['a short line in the middle', (p: string) => p.replace(/\n(.{60})(.{4})/, '\n$1\n$2')],
    ['a long line', (p: string) => p.replace(/\n(.{64})\n/, '\n$1')],
    ['a space', (p: string) => p.replace(/\n(.{10})/, '\n$1 ')],
    ['a non-breaking space', (p: string) => p.replace(/\n(.{10})/, '\n$1\u00a0')],
    ['text after BEGIN', (p: string) => p.replace('CERTIFICATE-----\n', 'CERTIFICATE-----x\n')],
    // 'B' leaves a set bit after the last byte: decoders differ on such text.
    ['non-canonical base64', () => '-----BEGIN CERTIFICATE-----\nAB==\n-----END CERTIFICATE-----\n'],
    ['no body', () => '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'],
  ])('leaves %s to OpenSSL', (_what, change) => {
    const changed = change(pem);
    expect(changed).not.toBe(pem);
    expect(canonicalPemDer(changed)).toBeUndefined();
  });
});

describe('an empty subject', () => {
  it('reads as "" on both paths and in the chain check (node:crypto gives undefined for it)', () => {
    const der = build(p256, { subject: name([]), issuer: name([]) });
    expect(readCertificateDer(der)?.subject).toBe('');
    expect(factsOf(new X509Certificate(der))).toMatchObject({ subject: '', issuer: '' });
    const pem = pemOf(der);
    // A self-signed certificate listed as a root is trusted as itself: the path is its subject.
    expect(chainToRoot([new X509Certificate(pem)], trustAnchorsOf([pem]), new Date('2026-06-01'))).toEqual({
      path: [''],
    });
  });
});
