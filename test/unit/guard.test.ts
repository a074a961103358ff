import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  nextBackoff,
  recordFailure,
  recordSuccess,
  trimHistory,
} from '../../src/guard/backoff.js';
import {
  checkOrder,
  DEFAULT_POLICY,
  type GuardPolicy,
  LETS_ENCRYPT,
  nameSetKey,
  policyFor,
} from '../../src/guard/rate-limit.js';
import type { IssuanceRecord, Manifest } from '../../src/model.js';

const NOW = new Date('2025-06-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DOMAINS = ['www.example.com', 'example.com'];

const at = (msAgo: number) => new Date(NOW.getTime() - msAgo).toISOString();
const issued = (msAgo: number, extra: Partial<IssuanceRecord> = {}): IssuanceRecord => ({
  at: at(msAgo),
  result: 'issued',
  serial: `0${Math.floor(msAgo / 1000).toString(16)}`,
  domains: DOMAINS,
  ...extra,
});
const failed = (msAgo: number, extra: Partial<IssuanceRecord> = {}): IssuanceRecord => ({
  at: at(msAgo),
  result: 'failed',
  domains: DOMAINS,
  error: 'DNS problem: NXDOMAIN looking up TXT',
  ...extra,
});

function check(
  history: IssuanceRecord[],
  opts: Partial<Parameters<typeof checkOrder>[0]> & { backoff?: Manifest['backoff'] } = {},
) {
  const { backoff, ...rest } = opts;
  return checkOrder({
    manifest: { history, ...(backoff ? { backoff } : {}) },
    domains: DOMAINS,
    forceUnsafe: false,
    ariReplacement: false,
    now: NOW,
    policy: LETS_ENCRYPT,
    ...rest,
  });
}

describe('policyFor', () => {
  it("knows Let's Encrypt by name and by URL, production and staging", () => {
    expect(policyFor('letsencrypt')).toBe(LETS_ENCRYPT);
    expect(policyFor('letsencrypt-staging')).toBe(LETS_ENCRYPT);
    expect(policyFor('https://acme-v02.api.letsencrypt.org/directory')).toBe(LETS_ENCRYPT);
    expect(policyFor('https://ACME-STAGING-V02.api.letsencrypt.org/directory')).toBe(LETS_ENCRYPT);
    expect(LETS_ENCRYPT).toMatchObject({
      duplicateLimit: 5,
      duplicateWindowMs: 7 * DAY,
      failedValidationLimit: 5,
      failedValidationWindowMs: HOUR,
    });
  });
  it('gives other CAs, local ones and nonsense the conservative default', () => {
    expect(policyFor('zerossl')).toBe(DEFAULT_POLICY);
    expect(policyFor('google')).toBe(DEFAULT_POLICY);
    expect(policyFor('https://127.0.0.1:14000/dir')).toBe(DEFAULT_POLICY);
    expect(policyFor('not a url')).toBe(DEFAULT_POLICY);
    expect(DEFAULT_POLICY.failedValidationLimit).toBeLessThanOrEqual(LETS_ENCRYPT.failedValidationLimit);
  });
});

describe('nameSetKey', () => {
  it('ignores case, order and repeats', () => {
    expect(nameSetKey(['B.example', 'a.example', 'b.example'])).toBe('a.example,b.example');
  });
});

describe('checkOrder: duplicate certificates', () => {
  it('allows a certificate with no history at all', () => {
    expect(
      checkOrder({
        domains: DOMAINS,
        forceUnsafe: false,
        ariReplacement: false,
        now: NOW,
        policy: LETS_ENCRYPT,
      }),
    ).toEqual({ allowed: true });
  });

  it('allows the 5th certificate in 7 days', () => {
    const history = [issued(6 * DAY), issued(3 * DAY), issued(2 * DAY), issued(HOUR)];
    expect(check(history)).toEqual({ allowed: true });
  });

  it('refuses the 6th, says why, how to override and when it will pass', () => {
    const history = [issued(6 * DAY), issued(5 * DAY), issued(3 * DAY), issued(2 * DAY), issued(HOUR)];
    const verdict = check(history);
    expect(verdict.allowed).toBe(false);
    expect(verdict.code).toBe('duplicate-limit');
    expect(verdict.reason).toContain('5 certificates for exactly example.com, www.example.com');
    expect(verdict.reason).toContain('limit 5');
    expect(verdict.hint).toContain('force-unsafe');
    // The oldest of the five leaves the window 7 days after it was issued.
    expect(verdict.retryAt).toBe(new Date(NOW.getTime() + DAY).toISOString());
  });

  it('allows again exactly 7 days after the oldest, and not a millisecond before', () => {
    const history = [issued(7 * DAY), issued(5 * DAY), issued(3 * DAY), issued(2 * DAY), issued(HOUR)];
    expect(check(history).allowed).toBe(true);
    const justBefore = [issued(7 * DAY - 1), issued(5 * DAY), issued(3 * DAY), issued(2 * DAY), issued(HOUR)];
    expect(check(justBefore).allowed).toBe(false);
  });

  it('counts forced renewals too, and forcing does not get past the limit', () => {
    const history = [1, 2, 3, 4, 5].map((h) => issued(h * HOUR));
    const verdict = check(history);
    expect(verdict.allowed).toBe(false);
    expect(verdict.code).toBe('duplicate-limit');
  });

  it('compares name sets ignoring case and order; another set does not count', () => {
    const same = [1, 2, 3, 4, 5].map((h) =>
      issued(h * HOUR, { domains: ['EXAMPLE.com', 'www.example.com'] }),
    );
    expect(check(same).allowed).toBe(false);
    const other = [1, 2, 3, 4, 5].map((h) => issued(h * HOUR, { domains: ['example.com'] }));
    expect(check(other).allowed).toBe(true);
  });

  it('exempts an ARI replacement inside the window, and says so', () => {
    const history = [1, 2, 3, 4, 5].map((h) => issued(h * HOUR));
    const verdict = check(history, { ariReplacement: true });
    expect(verdict.allowed).toBe(true);
    expect(verdict.code).toBe('ari-exempt');
    expect(verdict.reason).toContain('ARI');
  });

  it('force-unsafe overrides the limit and the verdict says so', () => {
    const history = [1, 2, 3, 4, 5].map((h) => issued(h * HOUR));
    const verdict = check(history, { forceUnsafe: true });
    expect(verdict.allowed).toBe(true);
    expect(verdict.code).toBe('overridden');
    expect(verdict.reason).toMatch(/^force-unsafe overrides the rate-limit guard: 5 certificates/);
  });

  it('ignores failures when counting duplicates', () => {
    const history = [issued(5 * HOUR), issued(4 * HOUR), failed(3 * HOUR), issued(2 * HOUR), issued(HOUR)];
    expect(check(history).allowed).toBe(true);
  });
});

describe('checkOrder: failed validations', () => {
  it('allows after 4 failures in the last hour and refuses after 5 (LE)', () => {
    const four = [50, 40, 30, 20].map((m) => failed(m * 60_000));
    expect(check(four).allowed).toBe(true);
    const five = [50, 40, 30, 20, 10].map((m) => failed(m * 60_000));
    const verdict = check(five);
    expect(verdict).toMatchObject({ allowed: false, code: 'failed-validations' });
    expect(verdict.reason).toContain('5 failed attempts');
    expect(verdict.retryAt).toBe(new Date(NOW.getTime() + 10 * 60_000).toISOString());
    expect(verdict.hint).toContain('force-unsafe');
  });

  it('does not count a failure exactly one hour old', () => {
    const history = [60, 40, 30, 20, 10].map((m) => failed(m * 60_000));
    expect(check(history).allowed).toBe(true);
  });

  it('counts failures that share a name, not failures of other names', () => {
    const shared = [5, 4, 3, 2, 1].map((m) => failed(m * 60_000, { domains: ['example.com'] }));
    expect(check(shared).allowed).toBe(false);
    const other = [5, 4, 3, 2, 1].map((m) => failed(m * 60_000, { domains: ['api.example.com'] }));
    expect(check(other).allowed).toBe(true);
  });

  it('uses the stricter default for other CAs (3 per hour)', () => {
    const three = [3, 2, 1].map((m) => failed(m * 60_000));
    expect(check(three, { policy: DEFAULT_POLICY }).allowed).toBe(false);
    expect(check(three, { policy: LETS_ENCRYPT }).allowed).toBe(true);
  });

  it('is not lifted by an ARI replacement, only by force-unsafe', () => {
    const five = [5, 4, 3, 2, 1].map((m) => failed(m * 60_000));
    expect(check(five, { ariReplacement: true }).allowed).toBe(false);
    expect(check(five, { forceUnsafe: true })).toMatchObject({
      allowed: true,
      code: 'overridden',
    });
  });
});

describe('checkOrder: several limits at once', () => {
  // The back-off after failures is the plan's (test/unit/plan-decide.test.ts), not the guard's.
  it('reports every reason when several apply, with the latest retry time', () => {
    const history = [
      ...[1, 2, 3, 4, 5].map((h) => issued(h * DAY)),
      ...[5, 4, 3, 2, 1].map((m) => failed(m * 60_000)),
    ];
    const verdict = check(history);
    expect(verdict.allowed).toBe(false);
    expect(verdict.code).toBe('duplicate-limit');
    expect(verdict.reason).toContain('failed attempts');
    expect(verdict.reason).toContain('certificates for exactly');
    expect(verdict.retryAt).toBe(new Date(NOW.getTime() + 2 * DAY).toISOString());
  });
  it('ignores a back-off in the history it is handed', () => {
    const backoff = {
      failures: 2,
      lastError: 'DNS problem: NXDOMAIN',
      lastAt: at(HOUR),
      nextAttemptAt: new Date(NOW.getTime() + 5 * HOUR).toISOString(),
    };
    expect(check([failed(HOUR)], { backoff })).toEqual({ allowed: true });
  });
});

describe('back-off schedule', () => {
  it('waits 1 h, then 6 h, then a day, and a day again', () => {
    expect([1, 2, 3, 4, 10].map(backoffDelayMs)).toEqual([HOUR, 6 * HOUR, DAY, DAY, DAY]);
    let b = nextBackoff(undefined, 'first', NOW);
    expect(b).toEqual({
      failures: 1,
      lastError: 'first',
      lastAt: NOW.toISOString(),
      nextAttemptAt: '2025-06-10T13:00:00.000Z',
    });
    b = nextBackoff(b, 'second', new Date('2025-06-10T13:00:00.000Z'));
    expect(b.nextAttemptAt).toBe('2025-06-10T19:00:00.000Z');
    b = nextBackoff(b, 'third', new Date('2025-06-10T19:00:00.000Z'));
    expect(b.nextAttemptAt).toBe('2025-06-11T19:00:00.000Z');
    b = nextBackoff(b, 'fourth', new Date('2025-06-11T19:00:00.000Z'));
    expect(b).toMatchObject({ failures: 4, lastError: 'fourth', nextAttemptAt: '2025-06-12T19:00:00.000Z' });
  });

  it('keeps the error on one short line', () => {
    const b = nextBackoff(undefined, `line one\n   line two ${'x'.repeat(1000)}`, NOW);
    expect(b.lastError.startsWith('line one line two x')).toBe(true);
    expect(b.lastError.length).toBeLessThanOrEqual(300);
  });
});

describe('recordFailure / recordSuccess', () => {
  it('appends a failed record and backs off from the previous state', () => {
    const previous = {
      history: [issued(30 * DAY), issued(2 * DAY)],
      backoff: nextBackoff(undefined, 'x', new Date(NOW.getTime() - HOUR)),
    };
    const update = recordFailure(previous, { domains: DOMAINS, error: 'timeout', forced: true, now: NOW });
    expect(update.record).toEqual({
      at: NOW.toISOString(),
      result: 'failed',
      domains: DOMAINS,
      forced: true,
      error: 'timeout',
    });
    // The 30-day-old record is dropped; the new one is last.
    expect(update.history).toEqual([previous.history[1], update.record]);
    expect(update.backoff).toMatchObject({
      failures: 2,
      nextAttemptAt: new Date(NOW.getTime() + 6 * HOUR).toISOString(),
    });
  });

  it('starts at one failure for a certificate that has no state', () => {
    const update = recordFailure(undefined, { domains: DOMAINS, error: 'e', forced: false, now: NOW });
    expect(update.history).toHaveLength(1);
    expect(update.backoff?.failures).toBe(1);
    expect(update.record.forced).toBeUndefined();
  });

  it('clears the back-off on success', () => {
    const previous = {
      history: [failed(2 * HOUR)],
      backoff: nextBackoff(undefined, 'x', new Date(NOW.getTime() - 2 * HOUR)),
    };
    const update = recordSuccess(previous, {
      domains: DOMAINS,
      serial: 'abc1',
      forced: false,
      ariReplacement: true,
      now: NOW,
    });
    expect(update.backoff).toBeUndefined();
    expect(update.record).toEqual({
      at: NOW.toISOString(),
      result: 'issued',
      serial: 'abc1',
      domains: DOMAINS,
      ariReplacement: true,
    });
    expect(update.history).toHaveLength(2);
  });

  it('six forced issuances in a row: the guard refuses the sixth', () => {
    let state: { history: IssuanceRecord[] } = { history: [] };
    const verdicts: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const now = new Date(NOW.getTime() + i * 60_000);
      const verdict = checkOrder({
        manifest: state,
        domains: DOMAINS,
        forceUnsafe: false,
        ariReplacement: false,
        now,
        policy: DEFAULT_POLICY,
      });
      verdicts.push(verdict.allowed);
      if (verdict.allowed)
        state = recordSuccess(state, { domains: DOMAINS, serial: `a${i}`, forced: true, now });
    }
    expect(verdicts).toEqual([true, true, true, true, true, false]);
  });
});

describe('trimHistory', () => {
  it('keeps the last 8 days, oldest first', () => {
    const history = [issued(HOUR), issued(8 * DAY), issued(8 * DAY - 1), issued(3 * DAY)];
    expect(trimHistory(history, NOW).map((r) => r.at)).toEqual([at(8 * DAY - 1), at(3 * DAY), at(HOUR)]);
  });
  it('keeps at most the 20 newest', () => {
    const history = Array.from({ length: 30 }, (_, i) => failed(i * 60_000));
    const trimmed = trimHistory(history, NOW);
    expect(trimmed).toHaveLength(20);
    expect(trimmed[0]?.at).toBe(at(19 * 60_000));
    expect(trimmed[19]?.at).toBe(at(0));
  });
  it('keeps enough for the duplicate limit even when failures crowd in', () => {
    const policy: GuardPolicy = LETS_ENCRYPT;
    const history = [
      ...[6, 5, 4, 3, 2].map((d) => issued(d * DAY)),
      ...Array.from({ length: 15 }, (_, i) => failed(DAY - i * 60_000)),
    ];
    const trimmed = trimHistory(history, NOW);
    expect(check(trimmed, { policy }).code).toBe('duplicate-limit');
  });
});
