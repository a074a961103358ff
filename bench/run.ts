/**
 * `npm run bench [-- issue plan publish deploy memory startup]`: runs the benchmarks named (all without a
 * name) on the test bed and prints one markdown table (also written to bench/results.md), headed
 * by the machine, the date and the load averages before and after (the figures depend on them).
 *
 * The bed: one that is up at CERTFLOW_TESTBED_DIR (or <repo>/.testbed) is used as it is, never
 * restarted (other test runs may share it; up.sh would restart a bed with a service down). Only
 * when none is up does the bench start one, and then it stops it again at the end.
 * Figures, not pass/fail: a target that is missed is marked, and the exit code stays 0 unless a
 * benchmark could not run at all.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

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

const BENCHES: Record<string, Bench> = {
  issue: { title: 'issue', load: async () => (await import('./issue.js')).benchIssue },
  memory: { title: 'memory', load: async () => (await import('./issue.js')).benchMemory },
  plan: { title: 'plan', load: async () => (await import('./plan.js')).benchPlan },
  publish: { title: 'publish', load: async () => (await import('./publish.js')).benchPublish },
  deploy: { title: 'deploy', load: async () => (await import('./deploy.js')).benchDeploy },
  startup: { title: 'start-up', load: async () => (await import('./startup.js')).benchStartup },
};

const REPO = join(import.meta.dirname, '..');

/** Uses the bed that is up; starts one only when none is. Returns how to put things back. */
function ensureBed(): () => void {
  const dir = process.env.CERTFLOW_TESTBED_DIR ?? join(REPO, '.testbed');
  process.env.CERTFLOW_TESTBED_DIR = dir;
  if (existsSync(join(dir, 'env'))) {
    try {
      execFileSync('bash', [join(REPO, 'testbed/status.sh')], { stdio: 'ignore' });
    } catch {
      console.error(`bench: the bed at ${dir} reports a service down (testbed/status.sh); using it as it is`);
    }
    return () => {};
  }
  console.error(`bench: no bed up at ${dir}: starting one (stopped again at the end)`);
  execFileSync('bash', [join(REPO, 'testbed/up.sh')], { stdio: 'inherit' });
  return () => execFileSync('bash', [join(REPO, 'testbed/down.sh')], { stdio: 'inherit' });
}

function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  let os: string = process.platform;
  try {
    os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
  } catch {}
  return `${cpus().length} cores (${model}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, ${os}, Node ${process.version}; load average (1/5/15 min) ${load}`;
}

async function main() {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(a in BENCHES));
  if (unknown.length) {
    console.error(
      `bench: no benchmark ${unknown.join(', ')}; choose from: ${Object.keys(BENCHES).join(' ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const chosen = asked.length ? asked : Object.keys(BENCHES);
  const restore = ensureBed();
  const before = machine();
  const rows: Array<BenchFigure & { bench: string }> = [];
  let broken = 0;
  try {
    for (const key of chosen) {
      const bench = BENCHES[key] as Bench;
      const t0 = performance.now();
      try {
        const run = await bench.load();
        for (const figure of await run()) rows.push({ bench: bench.title, ...figure });
      } catch (error) {
        broken++;
        console.error(`${bench.title}: could not run: ${(error as Error).stack ?? error}`);
      }
      console.error(`bench: ${bench.title} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    restore();
  }
  const lines = rows.map((r) => {
    const mark = r.met === undefined ? '' : r.met ? 'met' : 'MISSED';
    const digits = r.value < 10 ? 2 : r.value < 100 ? 1 : 0;
    return `| ${r.bench} | ${r.name} | ${r.value.toFixed(digits)} ${r.unit} | ${r.target ?? ''} | ${mark} |`;
  });
  const table = [
    `${new Date().toISOString()}: ${before}; after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    '',
    '| benchmark | figure | value | target | |',
    '|---|---|---|---|---|',
    ...lines,
  ].join('\n');
  console.log(`\n${table}\n`);
  writeFileSync(join(REPO, 'bench/results.md'), `${table}\n`);
  process.exitCode = broken > 0 ? 1 : 0;
}

await main();
