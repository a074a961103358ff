import { describe, expect, it } from 'vitest';
import { normalizeSerial, parseRevokeInputs } from '../../src/config/revoke-inputs.js';
import { Problems } from '../../src/config/values.js';

const names = { serial: '--serial', reason: '--reason', revokeOld: '--revoke-old' };

describe('revoke inputs', () => {
  it('normalizes serials as openssl and browsers print them', () => {
    expect(normalizeSerial('0x03:A1:F4')).toBe('03a1f4');
    expect(normalizeSerial(' 03a1f4 ')).toBe('03a1f4');
    expect(normalizeSerial('03a1g4')).toBeUndefined();
    expect(normalizeSerial('../etc')).toBeUndefined();
    expect(normalizeSerial('a'.repeat(65))).toBeUndefined();
  });

  it('defaults to the current certificate and reason unspecified', () => {
    const p = new Problems();
    expect(parseRevokeInputs('revoke', undefined, undefined, p, names)).toEqual({ reason: 'unspecified' });
    expect(p.list).toEqual([]);
  });

  it('accepts the RFC 5280 reasons a subscriber may give', () => {
    for (const reason of ['keyCompromise', 'superseded', 'affiliationChanged', 'cessationOfOperation']) {
      const p = new Problems();
      expect(parseRevokeInputs('revoke', '0A', reason, p, names)).toEqual({ serial: '0a', reason });
      expect(p.list).toEqual([]);
    }
  });

  it('names the flag and the expected values for a bad reason or serial', () => {
    const p = new Problems();
    parseRevokeInputs('revoke', 'zz', 'keycompromise', p, names);
    expect(p.list.map((x) => x.path)).toEqual(['--serial', '--reason']);
    expect(p.list[1]?.message).toMatch(/expected one of unspecified, keyCompromise.*got 'keycompromise'/);
    expect(p.list[1]?.message).toMatch(/did you mean 'keyCompromise'/);
    // CA-only reasons (certificateHold, privilegeWithdrawn, aACompromise) are not the subscriber's.
    const q = new Problems();
    parseRevokeInputs('revoke', undefined, 'certificateHold', q, names);
    expect(q.list).toHaveLength(1);
  });

  it('refuses serial and reason on other commands instead of ignoring them', () => {
    const p = new Problems();
    expect(parseRevokeInputs('renew', '0a', 'superseded', p, names)).toBeUndefined();
    expect(p.list.map((x) => x.message)).toEqual([
      'only makes sense with revoke',
      'only makes sense with revoke or rotate',
    ]);
    const q = new Problems();
    parseRevokeInputs('renew', undefined, undefined, q, names, true);
    expect(q.list).toEqual([{ path: '--revoke-old', message: 'only makes sense with rotate' }]);
  });

  it('rotate: superseded by default, keyCompromise when told; no serial, no reason without --revoke-old', () => {
    const p = new Problems();
    expect(parseRevokeInputs('rotate', undefined, undefined, p, names, true)).toEqual({
      reason: 'superseded',
      revokeOld: true,
    });
    expect(parseRevokeInputs('rotate', undefined, 'keyCompromise', p, names, true)).toEqual({
      reason: 'keyCompromise',
      revokeOld: true,
    });
    expect(p.list).toEqual([]);
    parseRevokeInputs('rotate', '0a', 'keyCompromise', p, names, false);
    expect(p.list.map((x) => x.path)).toEqual(['--serial', '--reason']);
  });
});
