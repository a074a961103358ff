/**
 * Deploy benchmark on the bed: one certificate to 1 host, then to 3 hosts in parallel, each run
 * doing the full work (connect, check, stage, swap, validate, reload, TLS verify): three certificates
 * rotate so no host ever already has the one being deployed. Medians over a few rounds.
 * Targets: 3 hosts <= 1.5x one host; one host < 1.5 s.
 */
import { deployTargets } from '../src/deploy/index.js';
import type { DeployResult } from '../src/model.js';
import { MemoryLogger } from '../src/util/log.js';
import { addSite, bedTarget, createTestCa, type TestCertificate } from '../test/support/certs.js';
import { loadTestbed } from '../test/support/testbed.js';

const ROUNDS = 5;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export async function benchDeploy(): Promise<
  Array<{ name: string; value: number; unit: string; target?: string; met?: boolean }>
> {
  const bed = loadTestbed();
  const ca = await createTestCa('certflow bench');
  // A site of its own on every host, so the benchmark and other tests never deploy over each other.
  const site = await addSite(bed, ca, 'bench');
  const certs = await Promise.all([0, 1, 2].map(() => ca.issue(site.name, [site.domain])));
  const all = bed.hosts.map((h) => h.addr);
  const first = all[0] as string;
  const current = new Map<string, TestCertificate | undefined>();
  const run = async (
    hosts: string[],
    cert: TestCertificate,
  ): Promise<{ ms: number; results: DeployResult[] }> => {
    const t0 = performance.now();
    const results = await deployTargets(
      { web: bedTarget(bed, { hosts }) },
      [{ target: 'web', bundles: [cert] }],
      new MemoryLogger(),
      { concurrency: hosts.length },
    );
    const ms = performance.now() - t0;
    const bad = results.filter((r) => !r.ok || r.skipped);
    if (bad.length > 0) throw new Error(`bench deploy did not do full work: ${JSON.stringify(bad)}`);
    for (const h of hosts) current.set(h, cert);
    return { ms, results };
  };
  // A certificate none of `hosts` has now, so every deploy does the full work.
  const fresh = (hosts: string[]) =>
    certs.find((c) => hosts.every((h) => current.get(h) !== c)) as TestCertificate;

  const one: number[] = [];
  const three: number[] = [];
  const phases: Record<string, number[]> = {};
  try {
    await run(all, fresh(all)); // warm-up: first connections, nginx worker caches
    for (let round = 0; round < ROUNDS; round++) {
      const single = await run([first], fresh([first]));
      one.push(single.ms);
      for (const [phase, ms] of Object.entries(single.results[0]?.timings ?? {})) {
        phases[phase] = [...(phases[phase] ?? []), ms];
      }
      three.push((await run(all, fresh(all))).ms);
    }
  } finally {
    await site.remove();
  }
  const oneMs = median(one);
  const threeMs = median(three);
  return [
    {
      name: 'deploy 1 host (connect..verify), median',
      value: oneMs,
      unit: 'ms',
      target: '< 1500 ms',
      met: oneMs < 1500,
    },
    { name: 'deploy 3 hosts in parallel, median', value: threeMs, unit: 'ms' },
    {
      name: '3 hosts / 1 host',
      value: threeMs / oneMs,
      unit: 'x',
      target: '<= 1.5x',
      met: threeMs / oneMs <= 1.5,
    },
    ...Object.entries(phases).map(([phase, ms]) => ({
      name: `1 host: ${phase}, median`,
      value: median(ms),
      unit: 'ms',
    })),
  ];
}
