/**
 * Fleet deploy benchmark (issue 22): one certificate to 1, 5, 20 and 50 hosts of the bed's fleet
 * (testbed/services/fleet-hosts.sh, CERTFLOW_TESTBED_HOSTS=50), at certflow's default concurrency
 * (4, src/config/values.ts) and at 16. Every run deploys a certificate none of the hosts has yet,
 * so each host does the full work (connect, check, stage, swap, validate, reload, TLS verify).
 * Medians over a few rounds; per phase, the median over the hosts of one run (then over rounds).
 * Goal: 20 hosts <= 2.5x one host at concurrency 16.
 *
 * The fleet hosts are the benchmark's own (nothing else deploys there), so it writes their `www`
 * site, /etc/ssl/certflow/www.
 */
import { deployTargets } from '../src/deploy/index.js';
import type { DeployResult } from '../src/model.js';
import { MemoryLogger } from '../src/util/log.js';
import { bedTarget, createTestCa } from '../test/support/certs.js';
import { loadFleet } from '../test/support/fleet.js';
import { loadTestbed } from '../test/support/testbed.js';
import { median } from './stats.js';

type Figure = { name: string; value: number; unit: string; target?: string; met?: boolean };

const ROUNDS = Number(process.env.CERTFLOW_BENCH_DEPLOY_ROUNDS ?? 3);
const SIZES = [1, 5, 20, 50];
const DEFAULT_CONCURRENCY = 4;
const CONCURRENCIES = [DEFAULT_CONCURRENCY, 16];
const PHASES = ['connect', 'check', 'stage', 'swap', 'validate', 'reload', 'verify'] as const;

interface Run {
  ms: number;
  /** CPU seconds of this process (certflow's side; the hosts' sshd and nginx are not in it). */
  cpu: number;
  /** Phase -> median over the hosts of the run. */
  phases: Record<string, number>;
}

export async function benchDeploy(): Promise<Figure[]> {
  const bed = loadTestbed();
  const fleet = loadFleet(bed.dir);
  if ('missing' in fleet) throw new Error(`bench deploy: ${fleet.missing}`);
  const ca = await createTestCa('certflow bench fleet');
  const base = bedTarget(
    { ssh: { key: bed.ssh.key, knownHosts: bed.ssh.knownHosts }, hosts: [] },
    { 'known-hosts': fleet.knownHosts },
  );
  const sizes = SIZES.filter((n) => n <= fleet.hosts.length);
  const deploy = async (n: number, concurrency: number): Promise<Run> => {
    const hosts = fleet.hosts.slice(0, n);
    // A new certificate each time: no host already has it, so none skips the work.
    const cert = await ca.issue('www', ['www.certflow.test']);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const results: DeployResult[] = await deployTargets(
      { web: { ...base, hosts } },
      [{ target: 'web', bundles: [cert] }],
      new MemoryLogger(),
      { concurrency },
    );
    const ms = performance.now() - t0;
    const used = process.cpuUsage(c0);
    const bad = results.filter((r) => !r.ok || r.skipped);
    if (bad.length > 0 || results.length !== n)
      throw new Error(`bench deploy to ${n} hosts did not do full work: ${JSON.stringify(bad.slice(0, 3))}`);
    const phases: Record<string, number> = {};
    for (const p of PHASES) {
      const values = results.flatMap((r) => (r.timings?.[p] === undefined ? [] : [r.timings[p] as number]));
      if (values.length) phases[p] = median(values);
    }
    return { ms, cpu: (used.user + used.system) / 1e6, phases };
  };

  await deploy(sizes.at(-1) ?? 1, 16); // warm-up: first connections, page cache, nginx workers
  const figures: Figure[] = [];
  for (const concurrency of CONCURRENCIES) {
    const wall = new Map<number, number>();
    for (const n of sizes) {
      const runs: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) runs.push(await deploy(n, concurrency));
      const ms = median(runs.map((r) => r.ms));
      const cpu = median(runs.map((r) => r.cpu));
      wall.set(n, ms);
      const phases = PHASES.filter((p) => runs.some((r) => r.phases[p] !== undefined))
        .map((p) => `${p} ${median(runs.map((r) => r.phases[p] ?? 0)).toFixed(0)}`)
        .join(', ');
      const ratio = ms / (wall.get(1) ?? ms);
      const goal = concurrency === 16 && n === 20;
      figures.push({
        name: `${n} host${n > 1 ? 's' : ''}, concurrency ${concurrency}${concurrency === DEFAULT_CONCURRENCY ? ' (default)' : ''}: wall, median of ${ROUNDS} (certflow CPU ${cpu.toFixed(2)} s; per-host phase medians, ms: ${phases})`,
        value: ms,
        unit: 'ms',
      });
      if (n > 1)
        figures.push({
          name: `${n} hosts / 1 host, concurrency ${concurrency}`,
          value: ratio,
          unit: 'x',
          ...(goal ? { target: '<= 2.5x', met: ratio <= 2.5 } : {}),
        });
    }
  }
  return figures;
}

// `tsx bench/deploy.ts` alone: print the figures.
if (process.argv[1]?.endsWith('deploy.ts')) {
  for (const f of await benchDeploy()) console.log(`${f.name}: ${f.value.toFixed(2)} ${f.unit}`);
}
