/**
 * The bundled Action as a runner starts it: `node index.cjs` with INPUT_* variables, writing the
 * real GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files, for `command: check` on the bed. host1 serves
 * the stored certificate for a name of our own, host2 another one; the run must fail, say why in
 * the summary, set the outputs, open the alert issue on the local GitHub API and post the webhook.
 */

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCertificate } from '../../src/model.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { leafFacts } from '../../src/util/x509.js';
import { type BedSite, bedSite } from '../fixtures/report/bed-site.js';
import { ninetyDay } from '../fixtures/report/certs.js';
import { readGfm } from '../fixtures/report/gfm.js';
import { defaultEvent, parseGithubOutput, testBundleDir } from '../support/action-runner.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { loadTestbed, repoRoot, type Testbed } from '../support/testbed.js';

const label = `bundle-${randomBytes(4).toString('hex')}`;

let bed: Testbed;
let site: BedSite;
let dir: string;
let bundleDir: string;
let gh: GitHubServer;
let receiver: Server;
const posts: string[] = [];
let stored: IssuedCertificate;
let other: IssuedCertificate;

function runNode(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  bed = loadTestbed();
  dir = await mkdtemp(join(tmpdir(), 'certflow-bundle-'));
  bundleDir = testBundleDir();

  site = bedSite(bed, label);
  stored = await ninetyDay(label, [site.domain], 60);
  other = await ninetyDay(label, [site.domain], 60);
  const [h1, h2] = bed.hosts;
  if (!h1 || !h2) throw new Error('the bed needs two hosts');
  await Promise.all([site.serve(h1.addr, stored), site.serve(h2.addr, other)]);

  const workspace = join(dir, 'repo');
  const recipient = await identityToRecipient(await generateX25519Identity());
  await writeBundle(join(workspace, 'certificates'), await sealBundle(stored, [recipient]));
  const config = (await readFile(join(repoRoot, 'test/fixtures/report/check-config.yml'), 'utf8'))
    .replaceAll('__LABEL__', label)
    .replaceAll('__DOMAIN__', site.domain)
    .replaceAll('__HOST1__', h1.addr)
    .replaceAll('__HOST2__', h2.addr)
    .replaceAll('__RECIPIENT__', recipient);
  await mkdir(join(workspace, '.github'), { recursive: true });
  await writeFile(join(workspace, '.github/certflow.yml'), config);
  await writeFile(join(workspace, '.github/pinned.pem'), stored.fullchainPem + other.fullchainPem);

  gh = await GitHubServer.start({ owner: 'acme', repo: `infra-${label}` });
  receiver = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    posts.push(Buffer.concat(chunks).toString());
    res.end('ok');
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
}, 600_000);

afterAll(async () => {
  await site?.remove();
  await gh?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('bundled Action, command check', () => {
  let result: { code: number; stdout: string; stderr: string };
  let summary: string;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    const summaryFile = join(dir, 'step-summary.md');
    const outputFile = join(dir, 'github-output');
    await writeFile(summaryFile, '');
    await writeFile(outputFile, '');
    const workspace = join(dir, 'repo');
    // A scheduled run on the default branch: check with alert-issue runs nowhere else (issue 17).
    const eventFile = join(dir, 'event.json');
    await writeFile(eventFile, JSON.stringify(defaultEvent()));
    result = await runNode(join(bundleDir, 'index.cjs'), {
      PATH: process.env.PATH,
      HOME: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
      GITHUB_API_URL: gh.url,
      GITHUB_REF_NAME: 'main',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_EVENT_PATH: eventFile,
      RUNNER_TEMP: dir,
      INPUT_COMMAND: 'check',
      INPUT_CONFIG: '.github/certflow.yml',
      'INPUT_GITHUB-TOKEN': DEFAULT_TOKEN,
      'INPUT_ALERT-ISSUE': 'true',
      'INPUT_WEBHOOK-URL': `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      INPUT_CONCURRENCY: '2',
      'INPUT_FORCE-UNSAFE': 'false',
      'INPUT_DRY-RUN': 'false',
      INPUT_DEPLOY: 'false',
      'INPUT_WEBHOOK-ALWAYS': 'false',
      ACME_ACCOUNT_KEY: 'unused-by-check',
      TSIG_SECRET: bed.tsig.secret,
      SSH_PRIVATE_KEY: await readFile(bed.ssh.key, 'utf8'),
      SSH_KNOWN_HOSTS: await readFile(bed.ssh.knownHosts, 'utf8'),
    });
    summary = await readFile(summaryFile, 'utf8');
    outputs = parseGithubOutput(await readFile(outputFile, 'utf8'));
  }, 180_000);

  it('fails the step (exit 1) with ::error lines, not a crash', () => {
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('::error::');
    expect(result.stdout).not.toMatch(/TypeError|ReferenceError|at .*index\.cjs/);
  });

  it('writes a job summary a user can read: headline, table, the host in its details block', () => {
    expect(summary.split('\n')[0]).toBe('## ❌ certflow check: 1 failed (1 check)');
    const gfm = readGfm(summary);
    expect(gfm.problems).toEqual([]);
    const rows = gfm.tables[0]?.rows ?? [];
    expect(rows.map((r) => [r[0]?.split(' ')[0], r[5]])).toEqual([
      [`\`${bed.hosts[0]?.addr}\``, '✅ ok'],
      [`\`${bed.hosts[1]?.addr}\``, '❌ mismatch'],
    ]);
    expect(summary).toContain(`serial ${leafFacts(other.fullchainPem).serial}`);
    expect(summary).not.toContain('PRIVATE KEY');
    expect(summary).not.toContain(bed.tsig.secret);
  });

  it('sets the outputs through GITHUB_OUTPUT', () => {
    expect(JSON.parse(outputs.failed ?? 'null')).toEqual([`${label}@${bed.hosts[1]?.addr}`]);
    expect(outputs.renewed).toBe('[]');
    expect(outputs.deployed).toBe('[]');
  });

  it('opened the alert issue and posted the webhook', () => {
    const issues = [...gh.issues.values()].filter((i) => i.labels.includes('certflow-alert'));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body).toContain(`${label} on ${bed.hosts[1]?.addr}: serves serial`);
    gh.assertNoViolations();
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0] ?? '{}').ok).toBe(false);
  });
});
