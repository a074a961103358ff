/**
 * `npm run bench`: brings the test bed up (or reuses it), runs every benchmark and prints one table.
 * Figures, not pass/fail: a target that is missed is marked, and the exit code stays 0 unless a
 * benchmark could not run at all.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "<= 5 s". */
  target?: string;
  /** Whether the target was met, when the benchmark can tell. */
  met?: boolean;
}

type Bench = { title: string; load: () => Promise<() => Promise<BenchFigure[]>> };

const BENCHES: Bench[] = [
  { title: 'issuance', load: async () => (await import('./issue.js')).benchIssue },
  { title: 'deployment', load: async () => (await import('./deploy.js')).benchDeploy },
  { title: 'publishing', load: async () => (await import('./publish.js')).benchPublish },
  { title: 'plan', load: async () => (await import('./plan.js')).benchPlan },
];

async function main() {
  execFileSync('bash', ['testbed/up.sh'], { stdio: 'inherit' });
  const rows: Array<BenchFigure & { bench: string }> = [];
  let broken = 0;
  for (const bench of BENCHES) {
    try {
      const run = await bench.load();
      for (const figure of await run()) rows.push({ bench: bench.title, ...figure });
    } catch (error) {
      broken++;
      console.error(`${bench.title}: could not run: ${(error as Error).stack ?? error}`);
    }
  }
  const lines = rows.map((r) => {
    const mark = r.met === undefined ? '' : r.met ? 'met' : 'MISSED';
    return `| ${r.bench} | ${r.name} | ${r.value.toFixed(r.value < 10 ? 2 : 0)} ${r.unit} | ${r.target ?? ''} | ${mark} |`;
  });
  const table = ['| benchmark | figure | value | target | |', '|---|---|---|---|---|', ...lines].join('\n');
  console.log(`\n${table}\n`);
  writeFileSync('bench/results.md', `${table}\n`);
  process.exitCode = broken > 0 ? 1 : 0;
}

await main();
