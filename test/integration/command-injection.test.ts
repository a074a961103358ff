/**
 * Issue 17, part 3: workflow-command injection. A stored manifest (anyone with write access can
 * commit one) whose name and last error hold "\n::stop-commands::x" must not switch off the
 * workflow commands certflow itself writes: the bundled Action prints that data with the `::`
 * escaped, and its own `::error` still starts a line.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newRecipient, writeStoredBundle } from '../fixtures/plan/bundles.js';
import { runBundledAction } from '../support/action-runner.js';

const DAY = 86_400_000;
const HOSTILE = 'www\n::stop-commands::x\n  ::error::forged by the manifest';
let repo: string;

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'certflow-injection-'));
  const recipient = await newRecipient();
  await mkdir(join(repo, '.github'), { recursive: true });
  await writeFile(
    join(repo, '.github', 'certflow.yml'),
    `version: 1
acme:
  directory: https://127.0.0.1:14000/dir
  account-key: \${ACME_ACCOUNT_KEY}
store:
  recipients: [${recipient}]
dns:
  hook: { type: exec, command: ./dns-hook }
certificates:
  www: { domains: [www.certflow.test], dns: hook }
`,
  );
  await writeStoredBundle(join(repo, 'certificates'), recipient, {
    name: 'www',
    domains: ['www.certflow.test'],
    notBefore: new Date(Date.now() - 65 * DAY),
    lifetimeDays: 90,
    manifest: {
      backoff: {
        failures: 2,
        lastError: HOSTILE,
        lastAt: new Date(Date.now() - DAY).toISOString(),
        nextAttemptAt: new Date(Date.now() + DAY).toISOString(),
      },
    },
  });
  // The manifest's name too, as committed by hand.
  const path = join(repo, 'certificates', 'www', 'certificate.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  await writeFile(path, JSON.stringify({ ...manifest, name: HOSTILE }, null, 2));
});

afterAll(async () => {
  if (repo) await rm(repo, { recursive: true, force: true });
});

it("data from a manifest never starts a log line with ::, and certflow's own ::error still works", async () => {
  const r = await runBundledAction({
    workspace: repo,
    inputs: { command: 'plan' },
    env: { ACME_ACCOUNT_KEY: 'k' },
    timeoutMs: 60_000,
  });
  const lines = r.stdout.split('\n');
  // The hostile text reached the log (so the check below can fail)...
  expect(r.stdout).toContain('\\::stop-commands::x');
  // ...but no line of it is a command.
  expect(lines.filter((l) => /^\s*::stop-commands/.test(l))).toEqual([]);
  expect(lines.filter((l) => /^\s*::error::forged/.test(l))).toEqual([]);
  // A later failure in the same job is still an annotation (stop-commands would have eaten it).
  const bad = await runBundledAction({
    workspace: repo,
    inputs: { command: 'plan', concurrency: 'lots' },
    env: { ACME_ACCOUNT_KEY: 'k' },
    timeoutMs: 60_000,
  });
  expect(bad.stdout).toMatch(/^::error::/m);
});
