/**
 * `plan` asks the CA for ARI windows (issue 22), through the ARI front on the bed's Pebble: a window
 * the CA moved into the past makes the certificate due; the stored window is the cache until its
 * Retry-After; a CA that does not answer costs one warning and the stored windows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCommand } from '../../src/commands/plan.js';
import type { Settings } from '../../src/config/settings.js';
import type { RenewalDecision } from '../../src/model.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider } from '../support/acme.js';
import { type AriFront, startAriFront } from '../support/ari-server.js';
import { asIssued, createTestCa } from '../support/certs.js';
import { newAgeIdentity } from '../support/store-fixtures.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const NAMES = Array.from({ length: 20 }, (_, i) => `ari${i}`);
let front: AriFront;
let workspace: string;

function settings(directory: string): Settings {
  const s = acmeSettings(bed, {
    directory,
    dns: { bind: bindProvider(bed) },
    certificates: Object.fromEntries(NAMES.map((n) => [n, { domains: [`${n}.certflow.test`], dns: 'bind' }])),
  });
  return { ...s, command: 'plan', workspace, configPath: join(workspace, '.github', 'certflow.yml') };
}

const plan = async (directory: string) => {
  const log = new MemoryLogger();
  const outcome = await planCommand(settings(directory), log);
  return { outcome, decisions: outcome.report?.plan as RenewalDecision[], log };
};

beforeAll(async () => {
  front = await startAriFront(bed);
  workspace = mkdtempSync(join(tmpdir(), 'certflow-plan-ari-'));
  const ca = await createTestCa('certflow ari');
  const { recipient } = await newAgeIdentity();
  const now = Date.now();
  for (const name of NAMES) {
    const cert = await ca.issue(name, [`${name}.certflow.test`], {
      validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 60 * 86_400_000) },
    });
    await writeBundle(join(workspace, 'certificates'), await sealBundle(asIssued(cert), [recipient]));
  }
});
afterAll(async () => {
  await front.close();
  rmSync(workspace, { recursive: true, force: true });
});

describe('plan with ARI', () => {
  it('without an answer from the CA nothing is due (lifetime rule)', async () => {
    const { decisions } = await plan(front.directory);
    expect(decisions.filter((d) => d.action !== 'skip')).toEqual([]);
  });

  it('a window the CA moved into the past makes exactly those certificates due, in the matrix', async () => {
    const past = {
      start: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      end: new Date(Date.now() - 86_400_000).toISOString(),
    };
    front.asked.length = 0;
    // The answers are by certificate ID: read the IDs the plan asked for, then move two windows.
    await plan(front.directory);
    const ids = [...front.asked];
    expect(ids).toHaveLength(NAMES.length);
    front.answers.set(ids[3] ?? '', { window: past, retryAfter: '120' });
    front.answers.set(ids[11] ?? '', { window: past, retryAfter: '120' });
    const { outcome, decisions } = await plan(front.directory);
    const due = decisions.filter((d) => d.action !== 'skip');
    expect(due.map((d) => d.code)).toEqual(['ari-window', 'ari-window']);
    expect(JSON.parse(outcome.outputs.matrix ?? '')).toEqual({ certificate: due.map((d) => d.name) });
  });

  it('a CA that does not answer gives one warning and the stored windows', async () => {
    const { outcome, decisions, log } = await plan('https://127.0.0.1:9/dir');
    expect(outcome.ok).toBe(true);
    expect(decisions.filter((d) => d.action !== 'skip')).toEqual([]);
    const warnings = outcome.report?.warnings.filter((w) => w.includes('ARI')) ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ARI windows not refreshed .*stored windows/);
    expect(log.lines.filter((l) => l.includes('ARI')).length).toBeLessThan(5);
  });
});
