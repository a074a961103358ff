/**
 * Issue 5: a whole renew run (pull request through the local GitHub server, deploy to the bed's
 * three hosts, debug output on) with known secrets, then a search for each of them in every place
 * the run writes: git objects, the pull request, requests to GitHub, the job summary, the raw
 * process output, GITHUB_OUTPUT, the report file, RUNNER_TEMP, temp files, and the hosts' folders.
 * Private keys must appear nowhere, in any form; single-line secrets only in `::add-mask::` lines,
 * which the runner consumes.
 */
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/store/open.js';
import { type ActionRun, parseGithubOutput, runBundledAction } from '../support/action-runner.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { loadTestbed, resetHosts, sshRun } from '../support/testbed.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const exec = promisify(execFile);
const bed = loadTestbed();
const NAMES = ['www', 'api'];
const PR_BRANCH = 'certflow/renewal';
/** Secrets of the bed itself, which other test runs also hold (in their own temp files). */
const BED_SHARED = new Set(['SSH private key', 'TSIG secret', 'GitHub token']);

/** Lines every key of one format shares (OpenSSH's magic and cipher header): not secret, so not searched. */
let shared = new Set<string>();

async function sharedLines(dir: string): Promise<Set<string>> {
  const refs = [
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  ].map(String);
  const file = join(dir, 'ref_ed25519');
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', file]);
  refs.push(await readFile(file, 'utf8'));
  return new Set(refs.flatMap((pem) => pem.split('\n').map((l) => l.trim())));
}

/**
 * The forms a secret takes when it leaks: whole; for a PEM also each base64 body line (>= 16
 * chars), the body joined, JSON-escaped, and %0A-escaped as workflow commands write newlines.
 */
function leakForms(secret: string): string[] {
  const text = secret.trim();
  if (!/\r?\n/.test(text)) return [text];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => !l.startsWith('-----'));
  const body = lines.filter((l) => l.length >= 16 && !shared.has(l));
  return [
    ...new Set([
      text,
      lines.join(''),
      ...body,
      JSON.stringify(text).slice(1, -1),
      text.replace(/\r?\n/g, '%0A'),
      text.replace(/\r?\n/g, '%0D%0A'),
    ]),
  ];
}

interface Secret {
  label: string;
  value: string;
}

/**
 * `where: label (form i of n)` for every form of every secret found in `haystack`. Forms are named
 * by number, never quoted: a failure message must not print key material either.
 */
function hits(where: string, haystack: string, secrets: Secret[]): string[] {
  return secrets.flatMap((s) => {
    const forms = leakForms(s.value);
    return forms.flatMap((form, i) =>
      haystack.includes(form) ? [`${where}: ${s.label} (form ${i} of ${forms.length})`] : [],
    );
  });
}

/** Every regular file under `dir` (recursively), as latin1 text, with its path. */
async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const text = await readFile(path, 'latin1').catch(() => undefined);
    if (text !== undefined) out.push({ path, text });
  }
  return out;
}

/**
 * An exec target on www that prints the key whole and joined into one line, as a careless deploy
 * hook would, and says where its lineage folder was (it must be gone after the run).
 */
async function addPrintingHook(ws: Workspace): Promise<void> {
  const config = await readFile(ws.configPath, 'utf8');
  const withHook = config
    .replace('    targets: [web]\n  api:', '    targets: [web, printer]\n  api:')
    .replace(
      'targets:\n  web:',
      'targets:\n  printer:\n    type: exec\n    command: sh ./print-key.sh\n  web:',
    );
  expect(withHook).toContain('targets: [web, printer]');
  await writeFile(ws.configPath, withHook);
  await writeFile(
    join(ws.dir, 'print-key.sh'),
    [
      'key="$RENEWED_LINEAGE/privkey.pem"',
      'cat "$key"',
      'tr -d "\\n" < "$key"; echo',
      'echo "lineage=$RENEWED_LINEAGE"',
      '',
    ].join('\n'),
  );
  await exec('git', ['add', '-A'], { cwd: ws.dir });
  await exec('git', ['commit', '-q', '--amend', '--no-edit'], { cwd: ws.dir });
}

async function gitObjects(gitDir: string): Promise<string> {
  const { stdout } = await exec('git', ['cat-file', '--batch-all-objects', '--batch'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_DIR: gitDir },
    encoding: 'latin1',
    maxBuffer: 256 << 20,
  });
  return stdout;
}

describe('a whole renew run leaks no secret', () => {
  let gh: GitHubServer;
  let ws: Workspace;
  let scratch: string;
  let runnerTemp: string;
  let childTmp: string;
  let systemTmpBefore: Set<string>;
  let run: ActionRun;
  let rawOutput: string;
  let keys: Secret[];
  let multiLine: Secret[];
  let singleLine: Secret[];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'certflow-secrets-'));
    shared = await sharedLines(scratch);
    gh = await GitHubServer.start();
    ws = await createWorkspace();
    await addPrintingHook(ws);
    // The server's main must be the workspace's checkout: the config commit the run starts from.
    await exec('git', ['push', '-q', '--force', gh.git.dir, 'main:main'], { cwd: ws.dir });
    runnerTemp = await mkdtemp(join(scratch, 'runner-temp-'));
    // The child's os.tmpdir(): private, so everything the run puts in temp files is ours to search.
    childTmp = await mkdtemp(join(scratch, 'tmp-'));
    const outputFile = join(runnerTemp, 'github_output');
    const summaryFile = join(runnerTemp, 'step_summary');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    systemTmpBefore = new Set(await readdir(tmpdir()));
    run = await runBundledAction({
      workspace: ws.dir,
      inputs: {
        command: 'renew',
        publish: 'pull-request',
        deploy: 'true',
        'age-identity': ws.identity,
        'github-token': DEFAULT_TOKEN,
      },
      env: {
        ...ws.env,
        GITHUB_API_URL: gh.url,
        GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
        RUNNER_DEBUG: '1',
        RUNNER_TEMP: runnerTemp,
        TMPDIR: childTmp,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
      },
    });
    rawOutput = await readFile(outputFile, 'utf8');
    run.outputs = parseGithubOutput(rawOutput);
    run.summary = await readFile(summaryFile, 'utf8');

    // The known keys: what the run issued, decrypted with the identity from the working tree.
    keys = [];
    for (const name of NAMES) {
      const opened = await openBundle(join(ws.dir, 'certificates'), name, ws.identity);
      keys.push({ label: `issued key of ${name}`, value: opened.privateKeyPem });
    }
    multiLine = [
      ...keys,
      { label: 'SSH private key', value: ws.env.SSH_PRIVATE_KEY ?? '' },
      { label: 'ACME account key', value: ws.env.ACME_ACCOUNT_KEY ?? '' },
    ];
    singleLine = [
      { label: 'age identity', value: ws.identity },
      { label: 'TSIG secret', value: ws.env.TSIG_SECRET ?? '' },
      { label: 'GitHub token', value: DEFAULT_TOKEN },
    ];
  }, 300_000);

  afterAll(async () => {
    await gh?.close();
    await resetHosts();
    if (ws) {
      await rm(ws.dir, { recursive: true, force: true });
      await rm(ws.origin, { recursive: true, force: true });
    }
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('the search finds what is there (the check can fail)', () => {
    const [key] = keys;
    const ssh = multiLine[2];
    if (!key || !ssh) throw new Error('no keys');
    const bodyLine = ssh.value
      .split('\n')
      .find((l) => l.length >= 16 && !shared.has(l) && !l.startsWith('-'));
    expect(hits('log', `x ${JSON.stringify({ key: key.value })} y`, keys)).not.toEqual([]);
    expect(hits('log', `::debug::${key.value.replace(/\n/g, '%0A')}`, keys)).not.toEqual([]);
    expect(hits('log', `line: ${bodyLine}`, [ssh])).not.toEqual([]);
    expect(hits('log', key.value.replace(/[\r\n]/g, ''), keys)).not.toEqual([]);
    expect(hits('log', `x ${ws.identity} y`, singleLine)).not.toEqual([]);
    // The OpenSSH header line every ed25519 key shares is left out: the search is about secret bytes.
    const header = ssh.value.split('\n')[1] ?? '';
    expect(shared.has(header)).toBe(true);
    expect(leakForms(ssh.value)).not.toContain(header);
  });

  it('renews both certificates, opens the pull request and deploys to every host', async () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.outputs.renewed ?? '[]')).toEqual(NAMES);
    expect(JSON.parse(run.outputs.deployed ?? '[]')).toEqual(
      expect.arrayContaining(bed.hosts.map((h) => h.addr)),
    );
    // The hook ran with the key (its output is masked), in a lineage folder under RUNNER_TEMP that is gone now.
    const lineage = /lineage=(\S+)/.exec(run.stdout)?.[1] ?? '';
    expect(lineage.startsWith(`${runnerTemp}/certflow-hook-www-`), run.stdout).toBe(true);
    expect(await stat(lineage).catch(() => undefined)).toBeUndefined();
    expect(run.stdout).toContain('***');
    expect(run.outputs['pull-request-number']).toBe('1');
    // The run printed debug lines: the search below looked at a verbose log.
    expect(run.stdout).toMatch(/^::debug::/m);
    for (const name of NAMES) {
      // The PR branch carries the same sealed key the working tree has (the one we decrypted).
      expect(await gh.readFile(PR_BRANCH, `certificates/${name}/privkey.pem.age`)).toBe(
        await readFile(join(ws.dir, 'certificates', name, 'privkey.pem.age'), 'utf8'),
      );
    }
    gh.assertNoViolations();
  });

  it('no git object of the GitHub repository or the checkout holds a secret', async () => {
    const remote = await gitObjects(gh.git.dir);
    expect(remote).toContain('BEGIN AGE ENCRYPTED FILE');
    expect(hits('server git objects', remote, [...multiLine, ...singleLine])).toEqual([]);
    const local = await gitObjects(join(ws.dir, '.git'));
    expect(hits('checkout git objects', local, [...multiLine, ...singleLine])).toEqual([]);
    const tree = (await filesUnder(ws.dir)).filter((f) => !f.path.includes('/.git/'));
    expect(tree.some((f) => f.path.endsWith('privkey.pem.age'))).toBe(true);
    expect(tree.flatMap((f) => hits(f.path, f.text, [...multiLine, ...singleLine]))).toEqual([]);
  });

  it('the pull request, the requests to GitHub, the summary, outputs and report hold none', async () => {
    const all = [...multiLine, ...singleLine];
    const pr = gh.issues.get(1);
    expect(pr?.body).toContain('Serial');
    expect(hits('PR title/body', `${pr?.title}\n${pr?.body}`, all)).toEqual([]);
    const comments = [...gh.issues.values()].flatMap((i) => i.comments.map((c) => c.body)).join('\n');
    expect(hits('issue comments', comments, all)).toEqual([]);
    expect(hits('requests to GitHub', JSON.stringify(gh.requests), all)).toEqual([]);
    expect(run.summary).toContain('www');
    expect(hits('job summary', run.summary, all)).toEqual([]);
    expect(hits('GITHUB_OUTPUT', rawOutput, all)).toEqual([]);
    // A missing report is a failure, not a scan skipped.
    const report = run.outputs.report;
    expect(report, 'the run names its report file in the `report` output').toBeTruthy();
    expect(hits('report file', await readFile(report as string, 'latin1'), all)).toEqual([]);
  });

  it('the raw process output: no private key in any form; single-line secrets only in ::add-mask::', () => {
    const output = `${run.stdout}\n${run.stderr}`;
    expect(hits('process output', output, multiLine)).toEqual([]);
    for (const s of singleLine) {
      const lines = output.split('\n').filter((l) => l.includes(s.value));
      for (const line of lines) expect(line, s.label).toBe(`::add-mask::${s.value}`);
    }
    // Registered with the runner, so child processes' output is masked too; and nothing else is.
    expect(run.stdout).toContain(`::add-mask::${ws.identity}`);
    const masks = run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    const known = new Set(singleLine.map((s) => `::add-mask::${s.value}`));
    expect(masks.filter((l) => !known.has(l)).map((l) => l.slice(0, 40))).toEqual([]);
  });

  it('RUNNER_TEMP and every temp file made during the run hold none', async () => {
    const all = [...multiLine, ...singleLine];
    for (const dir of [runnerTemp, childTmp]) {
      const files = await filesUnder(dir);
      expect(files.flatMap((f) => hits(f.path, f.text, all))).toEqual([]);
    }
    // Anything the run put in the system temp folder despite TMPDIR. Other processes share it, so
    // only the secrets of this run are searched there (the bed's SSH and TSIG secrets are shared).
    const unique = [...multiLine, ...singleLine].filter((s) => !BED_SHARED.has(s.label));
    const fresh = (await readdir(tmpdir())).filter((n) => !systemTmpBefore.has(n) && !n.startsWith('bash_'));
    for (const name of fresh) {
      const path = join(tmpdir(), name);
      const info = await stat(path).catch(() => undefined);
      const files = info?.isDirectory()
        ? await filesUnder(path)
        : info?.isFile()
          ? [{ path, text: await readFile(path, 'latin1').catch(() => '') }]
          : [];
      expect(files.flatMap((f) => hits(f.path, f.text, unique))).toEqual([]);
    }
  });

  it('on every host: the key file is 0600 and is the known key, no temp names remain', async () => {
    const dirs = NAMES.map((n) => `/etc/ssl/certflow/${n}`);
    // One session per host. The hosts' /tmp is the machine's own, shared with everything else:
    // only certflow's temp names are looked for there, not contents.
    const script = [
      ...dirs.map((d) => `stat -c '%a' ${d}/privkey.pem; sha256sum < ${d}/privkey.pem`),
      `echo left:; find ${dirs.join(' ')} /tmp /var/tmp -maxdepth 2 -name '.certflow-*'`,
    ].join('; ');
    const expected = NAMES.flatMap((_, i) => {
      const key = keys[i]?.value ?? '';
      const deployed = key.endsWith('\n') ? key : `${key}\n`;
      return ['600', `${createHash('sha256').update(deployed).digest('hex')}  -`];
    });
    for (const host of bed.hosts) {
      const r = await sshRun(bed, host.addr, script);
      expect(r.stdout.trim().split('\n'), `${host.name}: ${r.stderr}`).toEqual([...expected, 'left:']);
    }
  });
});
