/**
 * The check of what a CA returns for an order (src/acme/issued.ts), with certificates a hostile or
 * broken CA could send: other names, expired, not yet valid, another key, a CA certificate, a
 * chain whose links do not sign each other, and files that are not chains at all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { IssueError } from '../../src/acme/errors.js';
import { checkIssuedChain, MAX_CHAIN, sameLeaf } from '../../src/acme/issued.js';
import { createTestCa, type TestCa, type TestCertificate } from '../support/certs.js';

const DAY = 86_400_000;
const NAMES = ['www.certflow.test', '*.certflow.test'];
let ca: TestCa;
let other: TestCa;
let good: TestCertificate;

beforeAll(async () => {
  ca = await createTestCa('issued-check');
  other = await createTestCa('issued-check other');
  good = await ca.issue('site', NAMES);
});

const check = (fullchainPem: string, over: { domains?: string[]; privateKeyPem?: string; now?: Date } = {}) =>
  checkIssuedChain(fullchainPem, {
    name: 'site',
    domains: over.domains ?? NAMES,
    privateKey: over.privateKeyPem ?? good.privateKeyPem,
    now: over.now ?? new Date(),
  });

describe('checkIssuedChain', () => {
  it('takes the certificate that was ordered, names in any order and case', () => {
    expect(check(good.fullchainPem, { domains: ['*.CERTFLOW.test', 'www.certflow.test'] })).toHaveLength(2);
  });

  it('refuses a certificate missing an ordered name, or with one more', async () => {
    const fewer = await ca.issue('site', ['www.certflow.test'], { keyOf: good });
    expect(() => check(fewer.fullchainPem)).toThrow(
      "the CA's certificate for site is for www.certflow.test, the order was for *.certflow.test, www.certflow.test",
    );
    const more = await ca.issue('site', [...NAMES, 'evil.example'], { keyOf: good });
    expect(() => check(more.fullchainPem)).toThrow(/is for \*\.certflow\.test, evil\.example, www/);
  });

  it('refuses an expired certificate and one that starts in the future', async () => {
    const now = Date.now();
    const old = await ca.issue('site', NAMES, {
      keyOf: good,
      validity: { notBefore: new Date(now - 100 * DAY), notAfter: new Date(now - 10 * DAY) },
    });
    expect(() => check(old.fullchainPem)).toThrow(/expired at/);
    const later = await ca.issue('site', NAMES, {
      keyOf: good,
      validity: { notBefore: new Date(now + 2 * DAY), notAfter: new Date(now + 90 * DAY) },
    });
    expect(() => check(later.fullchainPem)).toThrow(/is not valid before/);
    // A CA clock a minute or two ahead is not a reason to throw a renewal away.
    const skewed = await ca.issue('site', NAMES, {
      keyOf: good,
      validity: { notBefore: new Date(now + 120_000), notAfter: new Date(now + 90 * DAY) },
    });
    expect(check(skewed.fullchainPem)).toHaveLength(2);
  });

  it("refuses a certificate for another key than the order's", async () => {
    const stranger = await ca.issue('site', NAMES);
    expect(() => check(stranger.fullchainPem)).toThrow("is for another key than the order's CSR");
  });

  it('refuses a chain whose intermediate did not sign the leaf', async () => {
    const foreign = await other.issue('x', ['x.certflow.test']);
    expect(() => check(good.leafPem + foreign.chainPem)).toThrow(
      /has a broken chain: certificate 1 .* is not signed by certificate 2/,
    );
  });

  it('refuses a CA certificate as the leaf', () => {
    expect(() => check(good.chainPem + ca.rootPem)).toThrow('is a CA certificate, not one for a server');
  });

  it('refuses files that are not a chain', () => {
    expect(() => check('')).toThrow('holds no PEM certificate');
    expect(() => check('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow(
      /does not parse/,
    );
    expect(() => check(good.leafPem + good.chainPem.repeat(MAX_CHAIN))).toThrow(`at most ${MAX_CHAIN}`);
  });

  it('fails as an IssueError that says nothing was stored and what to check', async () => {
    const fewer = await ca.issue('site', ['www.certflow.test'], { keyOf: good });
    const error = (() => {
      try {
        check(fewer.fullchainPem);
      } catch (e) {
        return e as IssueError;
      }
    })();
    expect(error).toBeInstanceOf(IssueError);
    expect(error?.hint).toMatch(/nothing was stored; check acme.directory and acme.trust/);
    // Not the CA being down: another CA is not tried with the same order.
    expect(error?.side).toBeUndefined();
  });

  it('takes a leaf served without its intermediate (nothing to link)', () => {
    expect(check(good.leafPem)).toHaveLength(1);
  });
});

describe('sameLeaf', () => {
  it('is true for the same certificate under another chain, false for another certificate', async () => {
    const again = await ca.issue('site', NAMES, { keyOf: good });
    expect(sameLeaf(good.fullchainPem, good.leafPem + ca.rootPem)).toBe(true);
    expect(sameLeaf(good.fullchainPem, again.fullchainPem)).toBe(false);
    expect(sameLeaf(good.fullchainPem, 'garbage')).toBe(false);
  });
});
