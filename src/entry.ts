/**
 * The one module scripts/bundle.mjs bundles. dist/index.cjs (the Action) and dist/cli.cjs (the
 * bin) are two-line starters that call into it, so both share one set of chunks: each command
 * and each heavy library (Octokit, acme-client, ssh2, the AWS SDK) is a chunk loaded when a run
 * needs it, and `certflow --version` compiles almost nothing (issue 22, start-up).
 */
import { enableCompileCache } from './util/compile-cache.js';

function start(load: () => Promise<unknown>): void {
  enableCompileCache();
  load().catch((error: unknown) => {
    // Only a broken install gets here (a chunk missing from dist/): the entries catch the rest.
    process.stderr.write(`certflow: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

/** Runs the Action (src/action.ts). */
export function action(): void {
  start(() => import('./action.js'));
}

/** Runs the command line (src/cli.ts). */
export function cli(): void {
  start(() => import('./cli.js'));
}
