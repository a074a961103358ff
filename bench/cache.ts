/**
 * Where benchmarks keep what is slow to make and safe to reuse (10,000 sealed bundles): one folder,
 * `CERTFLOW_BENCH_CACHE` or `<repo>/.cache/bench` (git-ignored), created owner-only since sealed
 * bundles and test CA material live there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function benchCache(...parts: string[]): string {
  const root = process.env.CERTFLOW_BENCH_CACHE ?? join(REPO, '.cache', 'bench');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  return join(root, ...parts);
}

/**
 * The benchmarks' own Pebble (testbed/services/pebble-bench.sh) when the bed has it: 1,000 orders
 * at 64 at a time must not starve (or wedge: Pebble 2.4.0 did) the CA other tests use.
 */
export function benchPebble(): { directory: string; pidName: string } | undefined {
  const file = join(process.env.CERTFLOW_TESTBED_DIR ?? join(REPO, '.testbed'), 'pebble-bench.env');
  if (!existsSync(file)) return undefined;
  const directory = /^PEBBLE_BENCH_DIRECTORY=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
  return directory ? { directory, pidName: 'pebble-bench' } : undefined;
}

/**
 * A fresh benchmarks' Pebble (its own service, nobody else's): Pebble keeps every order in memory,
 * so each issuance run starts from an empty CA, comparable from run to run.
 */
export function restartBenchPebble(): void {
  const script = join(REPO, 'testbed', 'services', 'pebble-bench.sh');
  const state = process.env.CERTFLOW_TESTBED_DIR ?? join(REPO, '.testbed');
  // The four steps under one hold of the bed's lock (the steps take it again through the inherited
  // descriptor 9, as testbed/lib.sh allows): between stop and ready, a test run's up.sh would find
  // a service down and restart the whole bed, fleet and all, under everyone's feet.
  execFileSync(
    'bash',
    [
      '-c',
      'exec 9>>"$1/.lock" && flock -w 120 9 && for step in stop configure start ready; do bash "$2" "$step" || exit; done',
      'restart-bench-pebble',
      state,
      script,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
