/**
 * Renewals waiting for review (issue 14): the `pending-review` decision and its escalation, with a
 * fixed clock. The branch reading itself is tested against the local GitHub server
 * (test/integration/pending-review.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseLifetimePoint } from '../../src/config/policy.js';
import type { Manifest } from '../../src/model.js';
import { type DecideInput, decide, type PendingInput } from '../../src/plan/decide.js';
import { pendingEscalations } from '../../src/plan/pending.js';
import { dueMatrix } from '../../src/plan/plan.js';
import { renderPlanMarkdown, renderPlanText, stateOf } from '../../src/plan/render.js';
import { certificateRows } from '../../src/report/facts.js';
import type { StoredState } from '../../src/store/read.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const T0 = Date.parse('2025-03-01T00:00:00.000Z');
const EXPIRY = T0 + 90 * DAY;
// 90-day certificate: renew-before 33% -> due at T0 + 60.3 d; emergency 5% -> T0 + 85.5 d.
const DUE = T0 + 61 * DAY;
const URGENT = T0 + 86 * DAY;

const base: Manifest = {
  version: 1,
  name: 'www',
  domains: ['example.com'],
  keyType: 'ecdsa-p256',
  serial: '01',
  notBefore: iso(T0),
  notAfter: iso(EXPIRY),
  issuer: 'CN=Test CA',
  certificateSha256: 'a'.repeat(64),
  publicKeySha256: 'b'.repeat(64),
  issuedAt: iso(T0),
  recipients: ['age1test'],
  privateKeySha256: 'c'.repeat(64),
};
const stored: StoredState = { name: 'www', state: 'present', manifest: base, fullchainPem: '', dir: '/x' };

const waiting: PendingInput = {
  pullRequest: 7,
  url: 'https://github.test/acme/infra/pull/7',
  openedAt: iso(DUE - 3 * DAY),
  manifest: { domains: ['example.com'], keyType: 'ecdsa-p256', serial: '02', notAfter: iso(DUE + 87 * DAY) },
};

function input(now: number, over: Partial<DecideInput> = {}): DecideInput {
  return {
    certificate: { name: 'www', domains: ['example.com'], key: 'ecdsa-p256' },
    stored,
    policy: { ari: false, renewBefore: parseLifetimePoint('33%'), emergency: parseLifetimePoint('5%') },
    forced: false,
    pending: waiting,
    now: new Date(now),
    ...over,
  };
}

describe('pending-review', () => {
  it('a due certificate whose renewal waits in the PR is skipped, naming the PR and its age', () => {
    expect(decide(input(DUE, { pending: undefined })).action).toBe('renew');
    const d = decide(input(DUE));
    expect(d).toMatchObject({ action: 'skip', code: 'pending-review', serial: '01', expiresAt: iso(EXPIRY) });
    expect(d.reason).toContain('pull request #7');
    expect(d.reason).toContain('waiting for review for 3 days');
    expect(d.reason).toContain('merge it to deploy');
    expect(d.pending).toMatchObject({ pullRequest: 7, serial: '02', urgent: false });
    expect(stateOf(d)).toBe('pending');
    expect(dueMatrix([d])).toEqual({ certificate: [] });
    expect(pendingEscalations([d])).toEqual([]);
  });

  it('force still orders', () => {
    expect(decide(input(DUE, { forced: true }))).toMatchObject({ action: 'renew', code: 'forced' });
  });

  it('a config change since the PR (new domain) orders again: the waiting bundle is not what is wanted', () => {
    const d = decide(
      input(DUE, {
        certificate: { name: 'www', domains: ['example.com', 'api.example.com'], key: 'ecdsa-p256' },
      }),
    );
    expect(d).toMatchObject({ action: 'renew', code: 'changed' });
  });

  it('a first issuance waiting in the PR is pending too (nothing on the base branch)', () => {
    const d = decide(input(DUE, { stored: { name: 'www', state: 'missing' } }));
    expect(d).toMatchObject({ action: 'skip', code: 'pending-review' });
    expect(d.pending?.urgent).toBe(false);
  });

  it('inside the emergency window the run fails with "merge PR #N: www expires on ..."', () => {
    const d = decide(input(URGENT));
    expect(d).toMatchObject({ action: 'skip', code: 'pending-review' });
    expect(d.pending?.urgent).toBe(true);
    expect(d.reason).toContain(`merge PR #7 now`);
    expect(stateOf(d)).toBe('pending (urgent)');
    const errors = pendingEscalations([d, decide(input(DUE))]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(`merge PR #7: www expires on ${iso(EXPIRY)}`);
    expect(errors[0]?.hint).toContain(waiting.url);
  });

  it('the plan table, markdown and report rows show it as pending, not due', () => {
    const d = decide(input(DUE));
    const now = new Date(DUE);
    const text = renderPlanText({ decisions: [d], warnings: [] }, now);
    expect(text).toMatch(/www +pending +/);
    expect(text).toContain('0 of 1 certificate due.');
    expect(renderPlanMarkdown({ decisions: [d], warnings: [] }, now)).toContain('| www | pending |');
    const rows = certificateRows({
      command: 'renew',
      dryRun: false,
      startedAt: '',
      finishedAt: '',
      plan: [d],
      issued: [],
      deploys: [],
      errors: [],
      warnings: [],
    });
    expect(rows[0]?.outcome).toBe('pending');
  });
});
