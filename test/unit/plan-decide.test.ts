import { describe, expect, it } from 'vitest';
import { parseLifetimePoint, type RenewalPolicy } from '../../src/config/policy.js';
import type { Manifest } from '../../src/model.js';
import {
  type CertificateWanted,
  type DecideInput,
  decide,
  stableFraction,
  timeline,
} from '../../src/plan/decide.js';
import type { StoredState } from '../../src/store/read.js';

const DAY = 86_400_000;
const NOW = Date.parse('2025-06-01T00:00:00.000Z');
const at = (ms: number) => new Date(ms);
const iso = (ms: number) => new Date(ms).toISOString();

const policy = (renewBefore = '33%', emergency = '5%', ari = true): RenewalPolicy => ({
  ari,
  renewBefore: parseLifetimePoint(renewBefore),
  emergency: parseLifetimePoint(emergency),
});

const wanted: CertificateWanted = {
  name: 'www',
  domains: ['example.com', '*.example.com'],
  key: 'ecdsa-p256',
};

function manifest(notBefore: number, lifetimeDays: number, extra: Partial<Manifest> = {}): Manifest {
  return {
    version: 1,
    name: 'www',
    domains: ['example.com', '*.example.com'],
    keyType: 'ecdsa-p256',
    serial: '0badc0ffee',
    notBefore: iso(notBefore),
    notAfter: iso(notBefore + lifetimeDays * DAY),
    issuer: 'CN=Test CA',
    certificateSha256: 'a'.repeat(64),
    publicKeySha256: 'b'.repeat(64),
    issuedAt: iso(notBefore),
    recipients: ['age1test'],
    privateKeySha256: 'c'.repeat(64),
    ...extra,
  };
}

const present = (m: Manifest): StoredState => ({
  name: 'www',
  state: 'present',
  manifest: m,
  fullchainPem: '',
  dir: '/x',
});

function input(stored: StoredState, over: Partial<DecideInput> = {}): DecideInput {
  return { certificate: wanted, stored, policy: policy(), forced: false, now: at(NOW), ...over };
}

// A 90-day certificate issued at T0: fallback (33%) at T0 + 60.3 d, emergency (5%) at T0 + 85.5 d.
const T0 = NOW - 10 * DAY;
const M90 = manifest(T0, 90);
const FALLBACK = T0 + 90 * DAY - 0.33 * 90 * DAY;
const EMERGENCY = T0 + 90 * DAY - 0.05 * 90 * DAY;
const EXPIRY = T0 + 90 * DAY;

describe('decide: branch table', () => {
  const cases: Array<{
    why: string;
    input: DecideInput;
    action: string;
    code: string;
    reason?: RegExp;
    dueAt?: number;
  }> = [
    {
      why: 'unreadable bundle renews and says what is wrong',
      input: input({ name: 'www', state: 'unreadable', error: 'certificates/www/fullchain.pem is missing' }),
      action: 'renew',
      code: 'unreadable',
      reason: /^stored bundle unreadable: certificates\/www\/fullchain.pem is missing$/,
    },
    {
      why: 'missing bundle is issued',
      input: input({ name: 'www', state: 'missing' }),
      action: 'issue',
      code: 'missing',
    },
    {
      why: 'domains changed',
      input: input(present(manifest(T0, 90, { domains: ['example.com', 'old.example.com'] })), {
        certificate: { ...wanted, domains: ['example.com', 'api.example.com'] },
      }),
      action: 'renew',
      code: 'changed',
      reason: /^domains changed: \+api\.example\.com -old\.example\.com$/,
    },
    {
      why: 'key type changed',
      input: input(present(manifest(T0, 90, { keyType: 'rsa-2048' }))),
      action: 'renew',
      code: 'changed',
      reason: /key type changed: rsa-2048 -> ecdsa-p256/,
    },
    {
      why: 'profile changed',
      input: input(present(M90), { certificate: { ...wanted, profile: 'shortlived' } }),
      action: 'renew',
      code: 'changed',
      reason: /profile changed: \(none\) -> shortlived/,
    },
    {
      why: 'a change wins over force',
      input: input(present(manifest(T0, 90, { keyType: 'rsa-2048' })), { forced: true }),
      action: 'renew',
      code: 'changed',
    },
    {
      why: 'forced',
      input: input(present(M90), { forced: true }),
      action: 'renew',
      code: 'forced',
      dueAt: NOW,
    },
    {
      why: 'fresh certificate is skipped with the date it becomes due',
      input: input(present(M90)),
      action: 'skip',
      code: 'not-due',
      dueAt: FALLBACK,
      reason: /renew-before/,
    },
    {
      why: 'fallback: exactly at the due point',
      input: input(present(M90), { now: at(FALLBACK) }),
      action: 'renew',
      code: 'fallback',
      dueAt: FALLBACK,
    },
    {
      why: 'fallback: one ms before the due point',
      input: input(present(M90), { now: at(FALLBACK - 1) }),
      action: 'skip',
      code: 'not-due',
      dueAt: FALLBACK,
    },
    {
      why: 'emergency: exactly at the point',
      input: input(present(M90), { now: at(EMERGENCY) }),
      action: 'renew',
      code: 'emergency',
      dueAt: EMERGENCY,
      reason: /5\.0% of its lifetime left, past the emergency point/,
    },
    {
      why: 'emergency: one ms before is still the fallback',
      input: input(present(M90), { now: at(EMERGENCY - 1) }),
      action: 'renew',
      code: 'fallback',
    },
    {
      why: 'expired: exactly at notAfter',
      input: input(present(M90), { now: at(EXPIRY) }),
      action: 'renew',
      code: 'expired',
      reason: /^expired at /,
    },
    {
      why: 'expired: one ms before is an emergency',
      input: input(present(M90), { now: at(EXPIRY - 1) }),
      action: 'renew',
      code: 'emergency',
    },
  ];
  for (const c of cases) {
    it(c.why, () => {
      const d = decide(c.input);
      expect(d.action).toBe(c.action);
      expect(d.code).toBe(c.code);
      expect(d.name).toBe('www');
      if (c.reason) expect(d.reason).toMatch(c.reason);
      if (c.dueAt !== undefined) expect(d.dueAt).toBe(iso(c.dueAt));
    });
  }

  it('reports the stored facts with every decision on a present bundle', () => {
    const d = decide(input(present(M90)));
    expect(d).toMatchObject({ expiresAt: iso(EXPIRY), notBefore: iso(T0), serial: '0badc0ffee' });
  });

  it('domains compare as sets: order and case do not count as a change', () => {
    const m = manifest(T0, 90, { domains: ['*.EXAMPLE.com', 'example.com'] });
    expect(decide(input(present(m))).code).toBe('not-due');
  });
});

describe('decide: back-off', () => {
  const failing = (next: number) => ({
    backoff: { failures: 3, lastError: 'rateLimited', lastAt: iso(NOW - DAY), nextAttemptAt: iso(next) },
  });

  it('holds back a due renewal until the next attempt, saying why', () => {
    const d = decide(input(present(M90), { ...failing(FALLBACK + DAY), now: at(FALLBACK + 1) }));
    expect(d).toMatchObject({ action: 'skip', code: 'backoff', dueAt: iso(FALLBACK + DAY) });
    expect(d.reason).toMatch(/backing off after 3 failed attempts .* last error: rateLimited/);
  });
  it('is over exactly at nextAttemptAt', () => {
    const d = decide(input(present(M90), { ...failing(FALLBACK + 1), now: at(FALLBACK + 1) }));
    expect(d.code).toBe('fallback');
  });
  it('does not turn a not-due certificate into a back-off', () => {
    expect(decide(input(present(M90), failing(NOW + DAY))).code).toBe('not-due');
  });
  it('holds back a change too', () => {
    const m = manifest(T0, 90, { keyType: 'rsa-2048' });
    expect(decide(input(present(m), failing(NOW + DAY))).code).toBe('backoff');
  });
  it('force overrides it', () => {
    expect(decide(input(present(M90), { ...failing(NOW + DAY), forced: true })).code).toBe('forced');
  });
  it('force-unsafe ignores it', () => {
    const d = decide(input(present(M90), { ...failing(NOW + DAY), now: at(FALLBACK), ignoreBackoff: true }));
    expect(d.code).toBe('fallback');
  });
});

describe('decide: back-off against every other rule (the rows the order must get right)', () => {
  // Active until a day after `from` (the row's clock).
  const activeAt = (from: number) => ({
    backoff: { failures: 2, lastError: 'SERVFAIL', lastAt: iso(from - 1000), nextAttemptAt: iso(from + DAY) },
  });
  const active = activeAt(NOW);
  const unreadable: StoredState = { name: 'www', state: 'unreadable', error: 'certificate.json: bad JSON' };
  const changedKey = present(manifest(T0, 90, { keyType: 'rsa-2048' }));
  const rows: Array<{ why: string; input: DecideInput; action: string; code: string }> = [
    {
      why: 'forced + domains changed',
      action: 'renew',
      code: 'changed',
      input: input(present(manifest(T0, 90, { domains: ['old.example.com'] })), { ...active, forced: true }),
    },
    {
      why: 'forced + key type changed',
      action: 'renew',
      code: 'changed',
      input: input(changedKey, { ...active, forced: true }),
    },
    {
      why: 'forced + profile changed',
      action: 'renew',
      code: 'changed',
      input: input(present(M90), {
        ...active,
        forced: true,
        certificate: { ...wanted, profile: 'shortlived' },
      }),
    },
    {
      why: 'forced + expired',
      action: 'renew',
      code: 'forced',
      input: input(present(M90), { ...activeAt(EXPIRY), forced: true, now: at(EXPIRY) }),
    },
    {
      why: 'forced + unreadable',
      action: 'renew',
      code: 'unreadable',
      input: input(unreadable, { ...active, forced: true }),
    },
    { why: 'unreadable, not forced', action: 'skip', code: 'backoff', input: input(unreadable, active) },
    {
      why: 'unreadable, force-unsafe',
      action: 'renew',
      code: 'unreadable',
      input: input(unreadable, { ...active, ignoreBackoff: true }),
    },
    {
      why: 'expired, not forced',
      action: 'skip',
      code: 'backoff',
      input: input(present(M90), { ...activeAt(EXPIRY), now: at(EXPIRY) }),
    },
    {
      why: 'emergency, not forced',
      action: 'skip',
      code: 'backoff',
      input: input(present(M90), { ...activeAt(EMERGENCY), now: at(EMERGENCY) }),
    },
    {
      why: 'changed + force-unsafe',
      action: 'renew',
      code: 'changed',
      input: input(changedKey, { ...active, ignoreBackoff: true }),
    },
  ];
  for (const r of rows) {
    it(`${r.why} -> ${r.action}/${r.code}`, () => {
      const d = decide(r.input);
      expect([d.action, d.code]).toEqual([r.action, r.code]);
      if (r.code === 'backoff') {
        expect(d.dueAt).toBe(r.input.backoff?.nextAttemptAt);
        expect(d.reason).toMatch(
          /^due \(.*\), but backing off after 2 failed attempts until .*; last error: SERVFAIL$/,
        );
      } else {
        expect(d.reason).not.toMatch(/backing off/);
      }
    });
  }
});

describe('decide: back-off of a certificate that never issued (state.json)', () => {
  const none = { name: 'www', state: 'missing' as const };
  const pending = (next: number) => ({
    failures: 1,
    lastError: 'NXDOMAIN',
    lastAt: iso(NOW - 1000),
    nextAttemptAt: iso(next),
  });
  it('holds back the first issuance until the next attempt', () => {
    const d = decide({ ...input(none), backoff: pending(NOW + 3_600_000) });
    expect(d).toMatchObject({ action: 'skip', code: 'backoff', dueAt: iso(NOW + 3_600_000) });
    expect(d.reason).toMatch(/not issued yet, but backing off after 1 failed attempt until .*NXDOMAIN/);
  });
  it('is over exactly at nextAttemptAt, and force or force-unsafe override it', () => {
    expect(decide({ ...input(none), backoff: pending(NOW) }).code).toBe('missing');
    expect(decide({ ...input(none, { forced: true }), backoff: pending(NOW + 1) }).code).toBe('missing');
    expect(decide({ ...input(none, { ignoreBackoff: true }), backoff: pending(NOW + 1) }).code).toBe(
      'missing',
    );
  });
});

describe('decide: ARI window', () => {
  const start = NOW + 20 * DAY;
  const end = NOW + 22 * DAY;
  const withAri = manifest(T0, 90, { ari: { start: iso(start), end: iso(end), checkedAt: iso(NOW) } });
  const point = start + Math.floor(stableFraction('www', '0badc0ffee') * (end - start));

  it('picks a stable point inside the window', () => {
    const d = decide(input(present(withAri)));
    expect(d).toMatchObject({ action: 'skip', code: 'not-due', dueAt: iso(point) });
    expect(point).toBeGreaterThanOrEqual(start);
    expect(point).toBeLessThan(end);
    expect(decide(input(present(withAri))).dueAt).toBe(d.dueAt);
  });
  it('renews exactly at the point, not one ms before', () => {
    expect(decide(input(present(withAri), { now: at(point) })).code).toBe('ari-window');
    expect(decide(input(present(withAri), { now: at(point - 1) })).code).toBe('not-due');
  });
  it('replaces the fallback: a window before renew-before renews early', () => {
    // point is ~ T0 + 30 d, long before the fallback at T0 + 60.3 d
    expect(decide(input(present(withAri), { now: at(point) })).action).toBe('renew');
  });
  it('replaces the fallback: a later window waits past renew-before', () => {
    const late = manifest(T0, 90, {
      ari: { start: iso(FALLBACK + DAY), end: iso(FALLBACK + 2 * DAY), checkedAt: iso(NOW) },
    });
    expect(decide(input(present(late), { now: at(FALLBACK + 1) })).code).toBe('not-due');
  });
  it('is overridden by the emergency point', () => {
    const tooLate = manifest(T0, 90, {
      ari: { start: iso(EMERGENCY + DAY), end: iso(EXPIRY), checkedAt: iso(NOW) },
    });
    expect(decide(input(present(tooLate))).dueAt).toBe(iso(EMERGENCY));
    expect(decide(input(present(tooLate), { now: at(EMERGENCY) })).code).toBe('emergency');
  });
  it('is ignored with renewal.ari false', () => {
    const d = decide(input(present(withAri), { policy: policy('33%', '5%', false), now: at(point) }));
    expect(d).toMatchObject({ code: 'not-due', dueAt: iso(FALLBACK) });
  });
  it('ignores a window that ends before it starts', () => {
    const bad = manifest(T0, 90, { ari: { start: iso(end), end: iso(start), checkedAt: iso(NOW) } });
    expect(decide(input(present(bad))).dueAt).toBe(iso(FALLBACK));
  });
  it('spreads certificates: the fraction depends on name and serial', () => {
    const fractions = new Set(['a', 'b', 'c', 'd'].map((s) => stableFraction('www', s)));
    expect(fractions.size).toBe(4);
    for (const f of fractions) expect(f >= 0 && f < 1).toBe(true);
    expect(stableFraction('www', 'a')).toBe(stableFraction('www', 'a'));
  });
});

describe('decide: lifetimes of any length', () => {
  for (const days of [6, 45, 90, 200]) {
    it(`${days}-day certificate, 33%: due with a third of its life left`, () => {
      const m = manifest(NOW, days);
      const due = NOW + days * DAY - 0.33 * days * DAY;
      expect(decide(input(present(m), { now: at(due - 1) })).code).toBe('not-due');
      expect(decide(input(present(m), { now: at(due) })).code).toBe('fallback');
    });
  }
  it('days longer than half the lifetime are capped, so a 6-day certificate is not renewed on every run', () => {
    const m = manifest(NOW, 6);
    const t = timeline(m, policy('30d', '2d'));
    expect(t.fallbackAt).toBe(NOW + 3 * DAY);
    expect(t.emergencyAt).toBe(NOW + 4 * DAY);
    expect(decide(input(present(m), { policy: policy('30d', '2d') })).code).toBe('not-due');
  });
  it('days work as written on a 200-day certificate', () => {
    const m = manifest(NOW, 200);
    const t = timeline(m, policy('30d', '7d'));
    expect(t.fallbackAt).toBe(NOW + 170 * DAY);
    expect(t.emergencyAt).toBe(NOW + 193 * DAY);
  });
  it('an emergency in days beyond renew-before is capped at the fallback point', () => {
    const m = manifest(NOW, 90);
    const t = timeline(m, policy('10%', '20d'));
    expect(t.emergencyAt).toBe(t.fallbackAt);
  });
});
