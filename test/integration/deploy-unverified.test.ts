/**
 * Unverified shown as success: a target with `verify.enabled: false` gets its files, but nobody
 * proves what the host serves. The deploy result says "not verified", and the summary, the
 * terminal and the headline count it apart from the hosts that were deployed and verified.
 * Real deploys on two bed hosts (one target each way), then the real renderers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTargets } from '../../src/deploy/index.js';
import type { RunReport } from '../../src/model.js';
import { footer, headline, tally } from '../../src/report/facts.js';
import { renderSummary } from '../../src/report/summary.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { MemoryLogger } from '../../src/util/log.js';
import { addSite, type BedSite, bedTarget, createTestCa, type TestCa } from '../support/certs.js';
import { loadTestbed, type Testbed } from '../support/testbed.js';

let bed: Testbed;
let ca: TestCa;
let site: BedSite;

beforeAll(async () => {
  bed = loadTestbed();
  ca = await createTestCa();
  site = await addSite(bed, ca, 'unverified');
});
afterAll(async () => {
  await site?.remove();
});

describe('Unverified shown as success', () => {
  it('says "not verified" for a target with verify disabled, and counts it apart', async () => {
    const [h1, h2] = bed.hosts as [Testbed['hosts'][0], Testbed['hosts'][0]];
    const cert = await ca.issue(site.name, [site.domain]);
    const proven = bedTarget(bed, { hosts: [h1.addr] });
    const blind = bedTarget(bed, { hosts: [h2.addr], verify: { enabled: false, port: 443 } });
    const results = await deployTargets(
      { proven, blind },
      [
        { target: 'proven', bundles: [cert] },
        { target: 'blind', bundles: [cert] },
      ],
      new MemoryLogger(),
      { concurrency: 2 },
    );
    const byHost = Object.fromEntries(results.map((r) => [r.host, r]));
    expect(byHost[h1.addr]).toMatchObject({
      ok: true,
      verified: true,
      message: 'deployed and verified over TLS',
    });
    expect(byHost[h2.addr]).toMatchObject({
      ok: true,
      verified: false,
      message: 'deployed, not verified (TLS verify disabled)',
    });

    const now = new Date().toISOString();
    const report: RunReport = {
      command: 'deploy',
      dryRun: false,
      startedAt: now,
      finishedAt: now,
      plan: [],
      issued: [],
      deploys: results,
      errors: [],
      warnings: [],
    };
    expect(tally(report).unverifiedHosts).toEqual([h2.addr]);
    expect(headline(report).text).toBe('all deployed (2 hosts, 1 not verified)');
    expect(footer(report, undefined)).toBe(
      '0 renewed · 1 host deployed and verified · 1 host deployed, not verified',
    );
    const md = renderSummary(report);
    expect(md).toContain('⚠️ deployed, not verified');
    expect(md).toContain('✅ deployed |');
    const text = renderTerminal(report, { color: false });
    expect(text).toContain('deployed, not verified');

    // A rerun: the blind host's files match, which is still not a proof.
    const again = await deployTargets({ blind }, [{ target: 'blind', bundles: [cert] }], new MemoryLogger(), {
      concurrency: 1,
    });
    expect(again[0]).toMatchObject({ ok: true, skipped: true, verified: false });
    expect(renderSummary({ ...report, deploys: again })).toContain('⚠️ files match, not verified');
  });
});
