import { describe, expect, it } from 'vitest';
import { daneFlag, daneSide } from '../../src/verify/dane.js';

const k = (c: string) => c.repeat(64);
const [A, B, C, D] = [k('a'), k('b'), k('c'), k('d')];
const FILE = 'certificates/www/certificate.json';
const side = (current: string, next?: string) => ({
  publicKeySha256: current,
  ...(next ? { dane: { nextPublicKeySha256: next } } : {}),
});
const flag = (before: ReturnType<typeof side>, after: ReturnType<typeof side>) =>
  daneFlag(FILE, 'www', before, after)?.message;

describe('verify --base: DANE next key', () => {
  it('says nothing when neither key moved, or when DANE is off on both sides', () => {
    expect(flag(side(A, B), side(A, B))).toBeUndefined();
    expect(flag(side(A), side(C))).toBeUndefined();
  });

  it('a planned rotation (current = the old next) still asks to publish the new next record', () => {
    const m = flag(side(A, B), side(B, C));
    expect(m).toContain('TLSA next key changed (the current key is the one published ahead, as planned)');
    expect(m).toContain(`publish the new 3 1 1 ${C} record`);
    expect(m).toContain('before the next rotation');
    expect(m).not.toContain('not the pre-published next key');
  });

  it('a next key swapped while the current one stays is flagged, naming the stale record', () => {
    const m = flag(side(A, B), side(A, C));
    expect(m).toContain('TLSA next key changed (without the planned rotation to the key published ahead)');
    expect(m).toContain(`publish the new 3 1 1 ${C}`);
    expect(m).toContain(`the record 3 1 1 ${B} published ahead is no longer the next key`);
  });

  it('a current key that is not the pre-published one is flagged as urgent, even with the next key unchanged', () => {
    const m = flag(side(A, B), side(D, B));
    expect(m).toContain(`not the pre-published next key (3 1 1 ${B}): publish 3 1 1 ${D} now`);
    expect(m).not.toContain('TLSA next key changed');
    const both = flag(side(A, B), side(D, C));
    expect(both).toContain('publish 3 1 1 ' + D + ' now');
    expect(both).toContain(`publish the new 3 1 1 ${C}`);
  });

  it('DANE turned on, or dropped, is flagged', () => {
    expect(flag(side(A), side(C, D))).toContain(
      `TLSA next key changed (DANE turned on): publish the new 3 1 1 ${D}`,
    );
    expect(flag(side(A, B), side(B))).toContain(`TLSA next key dropped`);
    // A new bundle with dane: the records to publish.
    expect(daneFlag(FILE, 'www', {}, side(A, B))?.message).toContain(`3 1 1 ${B}`);
  });

  it('reads a loosely parsed base manifest defensively: a garbled next key counts as none, never echoed', () => {
    expect(daneSide(A, { dane: { nextPublicKeySha256: B } })).toEqual(side(A, B));
    for (const garbled of ['3 1 1 x', '`; rm -rf /', 42, null, B.toUpperCase(), `${B}0`]) {
      const s = daneSide(A, { dane: { nextPublicKeySha256: garbled } });
      expect(s.dane).toBeUndefined();
    }
    expect(daneSide(A, undefined)).toEqual({ publicKeySha256: A });
    expect(daneSide(A, 'not an object')).toEqual({ publicKeySha256: A });
    expect(
      daneFlag(FILE, 'www', daneSide(A, { dane: { nextPublicKeySha256: '<b>x</b>' } }), side(A, C))?.message,
    ).not.toContain('<b>');
  });
});
