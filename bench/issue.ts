/**
 * Issuance benchmark on the bed (deterministic Pebble, rfc2136 to bind). Each scenario runs in a
 * child process (`node --import tsx bench/issue.ts --child <scenario>`), so the wall time includes
 * process start, module loading, account creation and everything the CLI would do.
 * Figures: wall time for 20 single-name certificates, time per certificate, peak RSS, the time
 * from a record being served (the provider's write acknowledged) to the CA being told, and one
 * apex + wildcard certificate.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  met?: boolean;
}

interface ChildReport {
  ok: number;
  failed: string[];
  issueMs: number;
  maxRssMb: number;
  servedToToldMs: number[];
  servedToVisibleMs: number[];
}

const SELF = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(SELF), '..');
const COUNT = 20;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : Number.NaN;
}

/**
 * Bundles this file into one ESM file, the way the CLI ships (dist/ is one bundle): the child
 * then starts like `certflow renew` would, without TypeScript compilation at start. esbuild
 * comes with tsx; the bundle step itself is not timed (it is the build, not the run).
 */
async function bundle(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'certflow-bench-')), 'issue-bench.mjs');
  await esbuild.build({
    entryPoints: [SELF],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'error',
    // CommonJS dependencies (acme-client, axios) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return out;
}

async function child(
  scenario: 'twenty' | 'wildcard',
  entry: string[],
): Promise<{ wallMs: number; report: ChildReport }> {
  const started = performance.now();
  const proc = spawn(process.execPath, [...entry, '--child', scenario], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // The bundle lives in a temp folder: tell it where the bed's env file is.
    env: {
      ...process.env,
      CERTFLOW_TESTBED_DIR: process.env.CERTFLOW_TESTBED_DIR ?? path.join(REPO, '.testbed'),
    },
  });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const code = await new Promise<number | null>((r) => proc.on('close', r));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`bench child ${scenario} exited ${code}: ${out}`);
  const report = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildReport;
  if (report.failed.length) throw new Error(`bench child ${scenario}: failures: ${report.failed.join('; ')}`);
  return { wallMs, report };
}

export async function benchIssue(): Promise<Figure[]> {
  const bundled = await bundle();
  const twenty = await child('twenty', [bundled]);
  const wild = await child('wildcard', [bundled]);
  // The same from TypeScript sources through tsx, for comparison (start-up costs more).
  const wildTsx = await child('wildcard', ['--import', 'tsx', SELF]);
  const toldMax = Math.max(...twenty.report.servedToToldMs);
  return [
    {
      name: `${COUNT} certificates, wall time incl. process start`,
      value: twenty.wallMs / 1000,
      unit: 's',
      target: '<= 5 s',
      met: twenty.wallMs <= 5000,
    },
    { name: `${COUNT} certificates, issuance only`, value: twenty.report.issueMs / 1000, unit: 's' },
    { name: 'time per certificate (wall / count)', value: twenty.wallMs / COUNT, unit: 'ms' },
    { name: 'peak memory (RSS) of the run', value: twenty.report.maxRssMb, unit: 'MB' },
    { name: 'record served -> CA told, median', value: median(twenty.report.servedToToldMs), unit: 'ms' },
    {
      name: 'record served -> CA told, max',
      value: toldMax,
      unit: 'ms',
      target: '<= 500 ms',
      met: toldMax <= 500,
    },
    {
      name: 'record served -> seen on all servers, max',
      value: Math.max(...twenty.report.servedToVisibleMs),
      unit: 'ms',
    },
    {
      name: 'apex + wildcard certificate, wall incl. process start',
      value: wild.wallMs / 1000,
      unit: 's',
      target: '<= 2 s',
      met: wild.wallMs <= 2000,
    },
    { name: 'apex + wildcard certificate, issuance only', value: wild.report.issueMs / 1000, unit: 's' },
    { name: 'apex + wildcard certificate, wall from sources (tsx)', value: wildTsx.wallMs / 1000, unit: 's' },
  ];
}

/** The measured run: what `certflow renew` would do for the issue stage. */
async function runChild(scenario: string): Promise<void> {
  const { issueCertificates } = await import('../src/acme/issue.js');
  const { MemoryLogger } = await import('../src/util/log.js');
  const { acmeSettings, bindProvider, dueAll, label } = await import('../test/support/acme.js');
  const { loadTestbed } = await import('../test/support/testbed.js');
  const bed = loadTestbed();
  const run = label('b');
  const certificates: Record<string, { domains: string[]; dns: string }> = {};
  if (scenario === 'twenty') {
    for (let i = 0; i < COUNT; i++)
      certificates[`c${i}`] = { domains: [`c${i}.${run}.${bed.dns.zone}`], dns: 'bind' };
  } else {
    certificates.wild = { domains: [`${run}.${bed.dns.zone}`, `*.${run}.${bed.dns.zone}`], dns: 'bind' };
  }
  const settings = acmeSettings(bed, { dns: { bind: bindProvider(bed) }, certificates, concurrency: COUNT });
  const presented = new Map<string, number>();
  const servedToTold: number[] = [];
  const servedToVisible: number[] = [];
  const started = performance.now();
  const results = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger(), {
    onEvent: (e) => {
      const key = `${e.name}|${e.fqdn}`;
      if (e.type === 'record-presented') presented.set(key, e.at);
      const at = presented.get(key);
      if (at === undefined) return;
      if (e.type === 'record-visible') servedToVisible.push(e.at - at);
      if (e.type === 'challenge-answered') servedToTold.push(e.at - at);
    },
  });
  const report: ChildReport = {
    ok: results.filter((r) => r.ok).length,
    failed: results.flatMap((r) => (r.ok ? [] : [`${r.name}: ${r.error.message}`])),
    issueMs: performance.now() - started,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    servedToToldMs: servedToTold,
    servedToVisibleMs: servedToVisible,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

const childAt = process.argv.indexOf('--child');
if (childAt > 0) {
  await runChild(process.argv[childAt + 1] ?? 'twenty');
} else if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  for (const f of await benchIssue())
    console.log(
      `${f.name}: ${f.value.toFixed(2)} ${f.unit}${f.target ? ` (target ${f.target}${f.met ? ', met' : ', MISSED'})` : ''}`,
    );
}
