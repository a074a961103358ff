import { describe, expect, it } from 'vitest';
import { parseLifetimePoint } from '../../src/config/policy.js';
import { judgeServed } from '../../src/report/check.js';

const DAY = 86_400_000;
const notBefore = new Date('2026-01-01T00:00:00Z');
const notAfter = new Date(notBefore.getTime() + 90 * DAY);
const served = { serial: '0a', notBefore, notAfter, sha256: 'a'.repeat(64) };
const stored = { serial: '0a', notAfter: notAfter.toISOString(), sha256: 'a'.repeat(64) };
const at = (daysLeft: number) => new Date(notAfter.getTime() - daysLeft * DAY);
const fivePct = parseLifetimePoint('5%');

describe('judgeServed', () => {
  const cases: Array<[string, Parameters<typeof judgeServed>[0], string, boolean]> = [
    ['fresh and stored', { served, stored, emergency: fivePct, now: at(30) }, 'ok', true],
    // 5% of 90 days is 4.5 days.
    ['just outside the emergency share', { served, stored, emergency: fivePct, now: at(4.6) }, 'ok', true],
    ['inside the emergency share', { served, stored, emergency: fivePct, now: at(4.4) }, 'expiring', false],
    ['days: inside', { served, stored, emergency: parseLifetimePoint('10d'), now: at(9) }, 'expiring', false],
    ['days: outside', { served, stored, emergency: parseLifetimePoint('10d'), now: at(11) }, 'ok', true],
    ['expired', { served, stored, emergency: fivePct, now: at(-1) }, 'expired', false],
    [
      'other certificate',
      {
        served,
        stored: { ...stored, serial: '0b', sha256: 'b'.repeat(64) },
        emergency: fivePct,
        now: at(30),
      },
      'mismatch',
      false,
    ],
    [
      'nothing stored, fresh',
      { served, storeNote: 'no bundle', emergency: fivePct, now: at(30) },
      'unstored',
      true,
    ],
    ['nothing stored, expiring', { served, emergency: fivePct, now: at(1) }, 'expiring', false],
    [
      'no answer',
      { probeError: 'TLS check of 127.0.0.1:443: ECONNREFUSED', emergency: fivePct, now: at(30) },
      'unreachable',
      false,
    ],
  ];
  for (const [name, input, status, ok] of cases) {
    it(name, () => {
      const j = judgeServed(input);
      expect([j.status, j.ok]).toEqual([status, ok]);
    });
  }

  it('names every finding, the worst first', () => {
    const j = judgeServed({
      served,
      stored: { ...stored, serial: '0b', sha256: 'b'.repeat(64) },
      emergency: fivePct,
      now: at(2),
    });
    expect(j.status).toBe('expiring');
    expect(j.message).toMatch(/^(2 days|48 h) left \(2% of its lifetime\)/);
    expect(j.message).toContain('below the emergency point of 5% of its lifetime');
    expect(j.message).toContain('serves serial 0a, not the stored 0b');
    expect(j.remaining).toBeCloseTo(2 / 90, 5);
  });

  it('carries the probe error as the message', () => {
    expect(
      judgeServed({ probeError: 'no handshake within 5000 ms', emergency: fivePct, now: at(1) }).message,
    ).toBe('no handshake within 5000 ms');
  });
});
