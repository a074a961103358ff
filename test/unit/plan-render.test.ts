// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references are written in the config under test
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { Settings } from '../../src/config/settings.js';
import type { RenewalDecision } from '../../src/model.js';
import { dueMatrix, planRenewals } from '../../src/plan/plan.js';
import { renderPlanMarkdown, renderPlanText, when } from '../../src/plan/render.js';
import { scheduleWarning } from '../../src/plan/schedule.js';
import type { StoredState } from '../../src/store/read.js';
import { MemoryLogger } from '../../src/util/log.js';
import { newRecipient, writeStoredBundle } from '../fixtures/plan/bundles.js';

const NOW = new Date('2025-06-01T00:00:00.000Z');
const DAY = 86_400_000;

const decision = (over: Partial<RenewalDecision>): RenewalDecision => ({
  name: 'www',
  domains: ['example.com'],
  action: 'skip',
  code: 'not-due',
  reason: 'not due',
  ...over,
});

describe('render', () => {
  it('relative times', () => {
    expect(when('2025-06-13T00:00:00.000Z', NOW)).toBe('2025-06-13 00:00 UTC (in 12 days)');
    expect(when('2025-05-31T21:00:00.000Z', NOW)).toBe('2025-05-31 21:00 UTC (3 h ago)');
    expect(when(undefined, NOW)).toBe('');
  });

  it('markdown escapes what the summary would render as HTML or break the table with', () => {
    const md = renderPlanMarkdown(
      {
        decisions: [
          decision({ name: 'www', action: 'renew', code: 'changed', reason: 'domains changed: +<x>|y' }),
        ],
        warnings: ['w <b>'],
      },
      NOW,
    );
    expect(md).toContain('| www | renew |  |  | domains changed: +&lt;x&gt;&#124;y |');
    expect(md).toContain('- w &lt;b&gt;');
    expect(md).toContain('1 of 1 certificate due.');
  });

  it('text table aligns columns and shows back-off as its own state', () => {
    const text = renderPlanText(
      {
        decisions: [
          decision({ name: 'a' }),
          decision({ name: 'longer-name', action: 'skip', code: 'backoff', reason: 'r' }),
        ],
        warnings: [],
      },
      NOW,
    );
    const [header, first, second] = text.split('\n');
    expect(header).toBe('Certificate  State    Expires  Due  Reason');
    expect(first).toBe('a            ok                     not due');
    expect(second).toBe('longer-name  backoff                r');
  });

  it('the matrix lists what is not skipped', () => {
    expect(
      dueMatrix([decision({ name: 'a' }), decision({ name: 'b', action: 'issue', code: 'missing' })]),
    ).toEqual({
      certificate: ['b'],
    });
    expect(dueMatrix([])).toEqual({ certificate: [] });
  });
});

describe('schedule warning', () => {
  const t = { dueAt: 0, notAfter: 48 * 3_600_000, lifetimeMs: 6 * DAY };
  it('warns when two runs do not fit in the window', () => {
    expect(scheduleWarning('short', t, 24.5, 'the cron of x.yml')).toMatch(
      /^short: its renewal window .* \(the cron of x\.yml\)/,
    );
  });
  it('is quiet when exactly two runs fit', () => {
    expect(scheduleWarning('short', t, 24)).toBeUndefined();
  });
});

describe('planRenewals on a real store folder', () => {
  it('reads bundles, honours only and force, names orphans, and shows repository paths', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'certflow-plan-unit-'));
    const recipient = await newRecipient();
    const store = join(repo, 'certificates');
    await writeStoredBundle(store, recipient, {
      name: 'www',
      domains: ['www.example.com'],
      notBefore: new Date(NOW.getTime() - DAY),
      lifetimeDays: 90,
    });
    await writeStoredBundle(store, recipient, {
      name: 'gone',
      domains: ['gone.example.com'],
      notBefore: NOW,
      lifetimeDays: 90,
    });
    await writeStoredBundle(store, recipient, {
      name: 'api',
      domains: ['api.example.com'],
      notBefore: NOW,
      lifetimeDays: 90,
    });
    await writeFile(join(store, 'api', 'certificate.json'), '{"version": 1}');
    const config = parseConfig(
      `version: 1
acme: { account-key: "\${K}" }
store: { recipients: [${recipient}] }
dns: { d: { type: exec, command: x } }
certificates:
  www: { domains: [www.example.com], dns: d }
  api: { domains: [api.example.com], dns: d }
`,
      { env: { K: 'k' }, log: new MemoryLogger() },
    );
    const settings = {
      config,
      workspace: repo,
      force: ['www'],
      forceUnsafe: false,
      scheduleIntervalHours: 24,
    } as unknown as Settings;
    const result = await planRenewals(settings, new MemoryLogger(), { now: NOW });
    expect(result.decisions.map((d) => [d.name, d.code])).toEqual([
      ['www', 'forced'],
      ['api', 'unreadable'],
    ]);
    expect(result.decisions[1]?.reason).toMatch(
      /^stored bundle unreadable: certificates\/api\/certificate\.json: /,
    );
    expect(result.warnings).toEqual([
      'certificates/gone is stored but not under certificates: in the config; it is not renewed. Remove the folder if it is no longer needed.',
    ]);

    const only = await planRenewals({ ...settings, only: ['api'], force: [] }, new MemoryLogger(), {
      now: NOW,
      read: async (_dir, name): Promise<StoredState> => ({ name, state: 'missing' }),
    });
    expect(only).toEqual({
      decisions: [expect.objectContaining({ name: 'api', code: 'missing' })],
      warnings: [],
    });
  });
});
