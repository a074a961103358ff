/**
 * Runs the built CLI (dist/cli.cjs, as `npx certflow` does) in a fresh Node process and measures
 * it: wall time from spawn to exit, and the child's own peak RSS. A preload script reads VmHWM of
 * /proc/self/status as the child exits (exec resets it; getrusage's maxRSS is not reset: Linux
 * carries it over from the forking process, so every child would report at least the bench's size).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBundleDir } from '../test/support/action-runner.js';

export interface CliRun {
  seconds: number;
  rssMb: number;
  stdout: string;
}

export interface CliRunner {
  /** Asynchronous on purpose: a server of the bench (the ARI front) answers the child meanwhile. */
  run(args: string[], opts: { cwd: string; node?: string; env?: Record<string, string> }): Promise<CliRun>;
  close(): void;
}

export function cliRunner(): CliRunner {
  const cli = join(testBundleDir(), 'cli.cjs');
  const work = mkdtempSync(join(tmpdir(), 'certflow-bench-cli-'));
  const preload = join(work, 'rss.cjs');
  const rssFile = join(work, 'rss');
  writeFileSync(
    preload,
    [
      "process.on('exit', () => {",
      "  const fs = require('fs');",
      '  let kb = process.resourceUsage().maxRSS;',
      "  try { kb = Number(/^VmHWM:\\s+(\\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]); } catch {}",
      '  fs.writeFileSync(process.env.CERTFLOW_BENCH_RSS_FILE, String(kb));',
      '});',
      '',
    ].join('\n'),
  );
  return {
    async run(args, opts) {
      const t0 = performance.now();
      const child = spawn(opts.node ?? process.execPath, ['-r', preload, cli, ...args], {
        cwd: opts.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: opts.cwd,
          ...opts.env,
          CERTFLOW_BENCH_RSS_FILE: rssFile,
        },
      });
      const out: Buffer[] = [];
      let err = '';
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => {
        err = (err + c.toString()).slice(-4000);
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0)
        throw new Error(`bench: certflow ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`);
      return {
        seconds,
        rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024,
        stdout: Buffer.concat(out).toString('utf8'),
      };
    },
    close: () => rmSync(work, { recursive: true, force: true }),
  };
}
