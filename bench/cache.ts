/**
 * Where benchmarks keep what is slow to make and safe to reuse (10,000 sealed bundles): one folder,
 * `CERTFLOW_BENCH_CACHE` or `<repo>/.cache/bench` (git-ignored), created owner-only since sealed
 * bundles and test CA material live there.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function benchCache(...parts: string[]): string {
  const root = process.env.CERTFLOW_BENCH_CACHE ?? join(REPO, '.cache', 'bench');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  return join(root, ...parts);
}
