/**
 * Plan benchmark (issue 22): `plan` over 10,000 stored bundles, without and with the ARI refresh
 * (against the ARI front on the bed's Pebble, which answers every certificate). The bundles are
 * made once from one CA key, sealed, and kept in the bench cache (bench/cache.ts) for the next run
 * (CERTFLOW_BENCH_PLAN_SIZE picks another size, for a quick check). Peak RSS is sampled.
 * Targets: 10,000 without ARI <= 5 s and <= 300 MB, judged on the built CLI (`certflow plan` from
 * dist/cli.cjs in its own process, config parsing and start-up included, peak RSS its own); the
 * in-process figures (planCommand from the sources) show the plan stage alone.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planCommand } from '../src/commands/plan.js';
import type { Settings } from '../src/config/settings.js';
import { sealBundle } from '../src/store/seal.js';
import { writeBundle } from '../src/store/write.js';
import { MemoryLogger } from '../src/util/log.js';
import { acmeSettings, bindProvider } from '../test/support/acme.js';
import { startAriFront } from '../test/support/ari-server.js';
import { asIssued, createTestCa } from '../test/support/certs.js';
import { newAgeIdentity } from '../test/support/store-fixtures.js';
import { loadTestbed } from '../test/support/testbed.js';
import { benchCache, benchPebble } from './cache.js';
import { cliRunner } from './cli-run.js';

type Figure = { name: string; value: number; unit: string; target?: string; met?: boolean };

const SIZE = Number(process.env.CERTFLOW_BENCH_PLAN_SIZE ?? 10_000);
/** CERTFLOW_BENCH_PLAN_ARI=off (or on) runs one of the two. */
const MODES = [false, true].filter((ari) => process.env.CERTFLOW_BENCH_PLAN_ARI !== (ari ? 'off' : 'on'));
const name = (i: number) => `p${String(i).padStart(5, '0')}`;

/** The store (and its certificates' names), made on the first run and reused after. */
async function store(): Promise<string> {
  const dir = benchCache(`plan-${SIZE}`);
  const done = join(dir, '.complete');
  if (existsSync(done)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ca = await createTestCa('certflow bench plan');
  const { recipient } = await newAgeIdentity();
  const now = Date.now();
  for (let i = 0; i < SIZE; i++) {
    const cert = await ca.issue(name(i), [`${name(i)}.certflow.test`], {
      validity: { notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 60 * 86_400_000) },
    });
    await writeBundle(join(dir, 'certificates'), await sealBundle(asIssued(cert), [recipient]));
  }
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return dir;
}

/**
 * Runs `fn` while sampling RSS; seconds and the highest RSS seen (MB). memoryUsage.rss() only: the
 * full memoryUsage() walks the heap and cost the 10,000 run 3 s of its own.
 */
async function measure(
  fn: () => Promise<unknown>,
): Promise<{ seconds: number; cpuSeconds: number; rssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: (performance.now() - t0) / 1000,
    // User + system CPU of the whole process (with ARI, the in-process ARI front's share too):
    // on a shared machine this moves far less than the wall time.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssMb: peak / 1024 / 1024,
  };
}

export async function benchPlan(): Promise<Figure[]> {
  const bed = loadTestbed();
  const workspace = await store();
  const count = readdirSync(join(workspace, 'certificates')).length;
  if (count !== SIZE) throw new Error(`bench plan: ${workspace} holds ${count} bundles, expected ${SIZE}`);
  const front = await startAriFront(bed, { upstream: benchPebble()?.directory });
  const window = {
    start: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    end: new Date(Date.now() + 12 * 86_400_000).toISOString(),
  };
  front.answers.set('*', { window, retryAfter: '21600' });
  const settingsFor = (ari: boolean): Settings => {
    const s = acmeSettings(bed, {
      directory: front.directory,
      dns: { bind: bindProvider(bed) },
      certificates: Object.fromEntries(
        Array.from({ length: SIZE }, (_, i) => [
          name(i),
          { domains: [`${name(i)}.certflow.test`], dns: 'bind' },
        ]),
      ),
    });
    s.config.renewal.ari = ari;
    return { ...s, command: 'plan', workspace, configPath: join(workspace, '.github', 'certflow.yml') };
  };
  const figures: Figure[] = [];
  try {
    for (const ari of MODES) {
      const r = await measure(async () => {
        const outcome = await planCommand(settingsFor(ari), new MemoryLogger());
        const due = JSON.parse(outcome.outputs['due-count'] ?? 'NaN');
        if (due !== 0) throw new Error(`bench plan: ${due} certificates due, expected none`);
      });
      const label = `in-process plan stage, ${SIZE} stored bundles, ${ari ? 'with ARI refresh' : 'no ARI'}`;
      figures.push(
        {
          name: `plan: ${label}: wall time`,
          value: r.seconds,
          unit: 's',
        },
        { name: `plan: ${label}: CPU (user + system)`, value: r.cpuSeconds, unit: 's' },
        {
          name: `plan: ${label}: peak RSS`,
          value: r.rssMb,
          unit: 'MB',
        },
      );
    }
    figures.push({
      name: `plan: renewalInfo requests with ARI`,
      value: front.asked.length,
      unit: 'requests',
    });
    figures.push(...(await cliFigures(workspace, front.directory, bed.pebbleCa)));
  } finally {
    await front.close();
  }
  return figures;
}

/** The config a user of SIZE certificates would have, for the CLI runs. */
function writeCliConfig(workspace: string, directory: string, trust: string, ari: boolean): string {
  const file = join(workspace, '.github', 'certflow-bench.yml');
  mkdirSync(join(workspace, '.github'), { recursive: true });
  const lines = [
    'version: 1',
    'acme:',
    `  directory: ${directory}`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's own ${VAR} reference
    '  account-key: ${ACME_ACCOUNT_KEY}',
    `  trust: [${trust}]`,
    'renewal:',
    `  ari: ${ari}`,
    'store:',
    `  path: ${join(workspace, 'certificates')}`,
    '  recipients: [age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq]',
    'dns:',
    '  hook: { type: exec, command: ./dns-hook }',
    'certificates:',
    ...Array.from(
      { length: SIZE },
      (_, i) => `  ${name(i)}: { domains: [${name(i)}.certflow.test], dns: hook }`,
    ),
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** `certflow plan --json` from the bundle, in its own process: what a matrix job's plan step costs. */
async function cliFigures(workspace: string, directory: string, trust: string): Promise<Figure[]> {
  const cli = cliRunner();
  const figures: Figure[] = [];
  try {
    for (const ari of MODES) {
      const config = writeCliConfig(workspace, directory, trust, ari);
      const r = await cli.run(['plan', '--json', '-c', config], { cwd: workspace });
      const plan = (JSON.parse(r.stdout) as { plan: Array<{ action: string }> }).plan;
      if (plan.length !== SIZE || plan.some((d) => d.action !== 'skip')) {
        throw new Error(`bench plan: the CLI planned ${plan.length} certificates, not all skipped`);
      }
      const label = `\`certflow plan\` (dist/cli.cjs) of ${SIZE} stored bundles, ${ari ? 'with ARI refresh' : 'no ARI'}`;
      figures.push(
        {
          name: `plan: ${label}: wall time incl. start-up and config`,
          value: r.seconds,
          unit: 's',
          ...(ari ? {} : { target: '<= 5 s', met: r.seconds <= 5 }),
        },
        {
          name: `plan: ${label}: peak RSS`,
          value: r.rssMb,
          unit: 'MB',
          ...(ari ? {} : { target: '<= 300 MB', met: r.rssMb <= 300 }),
        },
      );
    }
  } finally {
    cli.close();
  }
  return figures;
}

// `tsx bench/plan.ts` alone: print the figures.
if (process.argv[1]?.endsWith('plan.ts')) {
  for (const f of await benchPlan()) console.log(`${f.name}: ${f.value.toFixed(2)} ${f.unit}`);
}
