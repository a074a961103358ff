/**
 * Runs the bundled Action the way the runner does: `node dist/index.cjs` with INPUT_* variables,
 * GITHUB_* context, and the GITHUB_STEP_SUMMARY / GITHUB_OUTPUT files, then reads those files back.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_HASH_FILE, sourceHash } from '../../scripts/source-hash.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The bundle tests run: the committed dist/, or CERTFLOW_TEST_BUNDLE_DIR. A dist/ built from other
 * sources than the ones beside it fails the test that asked, rather than testing old code; it is not
 * rebuilt here (CI proves dist/ byte for byte with check-dist on its own).
 */
export function testBundleDir(): string {
  if (process.env.CERTFLOW_TEST_BUNDLE_DIR) return process.env.CERTFLOW_TEST_BUNDLE_DIR;
  const dist = join(ROOT, 'dist');
  const stamp = join(dist, SOURCE_HASH_FILE);
  const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
  if (built !== sourceHash(ROOT)) throw new Error('dist is stale: run npm run bundle');
  return dist;
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** GITHUB_OUTPUT as the runner reads it: `name<<delimiter`, value lines, `delimiter`. */
export function parseGithubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name, delimiter] = match as unknown as [string, string, string];
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    out[name] = value.join('\n');
  }
  return out;
}

/** Input names as the runner turns them into variables: upper case, spaces to underscores. */
export function inputVariables(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]),
  );
}

export interface RunActionOptions {
  workspace: string;
  inputs: Record<string, string>;
  /** Variables a workflow maps from secrets, and any GITHUB_* overrides. */
  env?: Record<string, string>;
  /** The bundle to run (default: the committed dist/index.cjs). */
  bundle?: string;
  /** Node binary (default: this one). */
  node?: string;
  timeoutMs?: number;
  /**
   * The event payload (GITHUB_EVENT_PATH), unless env sets GITHUB_EVENT_PATH. Default: one whose
   * repository's default branch is main, the branch GITHUB_REF names, as on a scheduled run.
   */
  event?: Record<string, unknown>;
}

/** The payload of a run on the default branch `main`. */
export function defaultEvent(): Record<string, unknown> {
  return { repository: { default_branch: 'main', full_name: 'acme/infra' } };
}

export function runBundledAction(options: RunActionOptions): Promise<ActionRun> {
  const files = mkdtempSync(join(tmpdir(), 'certflow-runner-'));
  const outputFile = join(files, 'output');
  const summaryFile = join(files, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const eventFile = join(files, 'event.json');
  writeFileSync(eventFile, JSON.stringify(options.event ?? defaultEvent()));
  // A clean environment: nothing of this process's INPUT_* or GITHUB_* leaks into the child.
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REF_NAME: 'main',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'schedule',
    GITHUB_EVENT_PATH: eventFile,
    RUNNER_TEMP: files,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...inputVariables(options.inputs),
    ...options.env,
  };
  const bundle = options.bundle ?? join(testBundleDir(), 'index.cjs');
  return new Promise((done) => {
    execFile(
      options.node ?? process.execPath,
      [bundle],
      { cwd: options.workspace, env, timeout: options.timeoutMs ?? 300_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({
          code,
          stdout,
          stderr,
          outputs: parseGithubOutput(readFileSync(outputFile, 'utf8')),
          summary: readFileSync(summaryFile, 'utf8'),
        });
      },
    );
  });
}
