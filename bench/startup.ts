/**
 * Start-up benchmark (issue 22): every matrix job starts certflow from the bundle, so start-up is
 * paid once per job. Runs the built bundle (dist/cli.cjs, as `npx certflow` does) in a fresh Node
 * process: `--version`, and `plan` over 10 configured certificates with their sealed bundles in a
 * throw-away repository (no server: plan reads only the store). Each is run RUNS times; the
 * figure is the median wall time (spawn to exit) and the highest peak RSS, which a preload script
 * reads from the child itself (VmHWM) as it exits.
 * Targets: `--version` <= 0.15 s, `plan` of 10 certificates <= 0.3 s. Measured with the Node that
 * runs the bench (the CLI's `npx` case), and again with the Node 24 of scripts/node24.sh when it is
 * there (the Action's `runs.using: node24`, where the V8 compile cache applies).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newRecipient, writeStoredBundle } from '../test/fixtures/plan/bundles.js';
import { cliRunner } from './cli-run.js';
import { median } from './stats.js';

type Figure = { name: string; value: number; unit: string; target?: string; met?: boolean };

const RUNS = Number(process.env.CERTFLOW_BENCH_STARTUP_RUNS ?? 15);
const CERTS = 10;
const DAY = 86_400_000;

/** A repository with a config naming CERTS certificates and a fresh bundle for each. */
async function repository(dir: string): Promise<void> {
  const recipient = await newRecipient();
  const names = Array.from({ length: CERTS }, (_, i) => `s${i}`);
  mkdirSync(join(dir, '.github'), { recursive: true });
  writeFileSync(
    join(dir, '.github', 'certflow.yml'),
    [
      'version: 1',
      'acme:',
      '  directory: https://127.0.0.1:14000/dir',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} reference
      '  account-key: ${ACME_ACCOUNT_KEY}',
      'store:',
      `  recipients: [${recipient}]`,
      'dns:',
      '  hook: { type: exec, command: ./dns-hook }',
      'certificates:',
      ...names.map((n) => `  ${n}: { domains: [${n}.certflow.test], dns: hook }`),
      '',
    ].join('\n'),
  );
  for (const name of names) {
    await writeStoredBundle(join(dir, 'certificates'), recipient, {
      name,
      domains: [`${name}.certflow.test`],
      notBefore: new Date(Date.now() - 10 * DAY),
      lifetimeDays: 90,
    });
  }
}

export async function benchStartup(): Promise<Figure[]> {
  const cli = cliRunner();
  const work = mkdtempSync(join(tmpdir(), 'certflow-bench-startup-'));
  try {
    const repo = join(work, 'repo');
    mkdirSync(repo);
    await repository(repo);
    const figures: Figure[] = [];
    const cases = [
      { label: '`certflow --version`', args: ['--version'], target: 0.15 },
      { label: `\`certflow plan\` of ${CERTS} certificates`, args: ['plan'], target: 0.3 },
    ];
    const node24 = join(import.meta.dirname, '..', '.cache', 'node24', 'node');
    const nodes = [
      { node: process.execPath, version: process.version },
      ...(existsSync(node24) ? [{ node: node24, version: 'v24' }] : []),
    ];
    for (const { node, version } of nodes)
      for (const c of cases) {
        // One run first: the file cache (and on Node 22+ the compile cache) warm, as in a job.
        await cli.run(c.args, { cwd: repo, node });
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await cli.run(c.args, { cwd: repo, node }));
        const seconds = median(runs.map((r) => r.seconds));
        figures.push(
          {
            name: `start-up (Node ${version}): ${c.label}: wall time (median of ${RUNS})`,
            value: seconds,
            unit: 's',
            target: `<= ${c.target} s`,
            met: seconds <= c.target,
          },
          {
            name: `start-up (Node ${version}): ${c.label}: peak RSS`,
            value: Math.max(...runs.map((r) => r.rssMb)),
            unit: 'MB',
          },
        );
      }
    return figures;
  } finally {
    cli.close();
    rmSync(work, { recursive: true, force: true });
  }
}

// `tsx bench/startup.ts` alone: print the figures.
if (process.argv[1]?.endsWith('startup.ts')) {
  for (const f of await benchStartup()) console.log(`${f.name}: ${f.value.toFixed(3)} ${f.unit}`);
}
