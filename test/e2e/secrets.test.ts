/**
 * Issue 5: a whole renew run (pull request through the local GitHub server, deploy to the bed's
 * three hosts, debug output on) with known secrets, then a search for each of them in every place
 * the run writes: git objects, the pull request, requests to GitHub, the job summary, the raw
 * process output, GITHUB_OUTPUT, the report file, RUNNER_TEMP, temp files, and the hosts' folders.
 * Private keys must appear nowhere, in any form; single-line secrets only in `::add-mask::` lines,
 * which the runner consumes.
 */
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/store/open.js';
import { type ActionRun, parseGithubOutput, runBundledAction } from '../support/action-runner.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { loadTestbed, loadTestbedEnv, resetHosts, sshRun } from '../support/testbed.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const exec = promisify(execFile);
const bed = loadTestbed();
const NAMES = ['www', 'api'];
const PR_BRANCH = 'certflow/renewal';
/** Secrets of the bed itself, which other test runs also hold (in their own temp files). */
const BED_SHARED = new Set(['SSH private key', 'TSIG secret', 'GitHub token']);

/** Lines every key of one format shares (OpenSSH's magic and cipher header): not secret, so not searched. */
let shared = new Set<string>();

function publicDerOf(pem: string): Buffer | undefined {
  try {
    return createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'der' });
  } catch {
    return undefined; // an OpenSSH or encrypted key: search every line
  }
}

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
  // A private key's lines made only of its public key's bytes are public (its certificate holds
  // them, and the redactor leaves them so certificates stay whole): not searched.
  const publicDer = /PRIVATE KEY-----/.test(text) ? publicDerOf(text) : undefined;
  const body = lines.filter(
    (l) => l.length >= 16 && !shared.has(l) && !publicDer?.includes(Buffer.from(l, 'base64')),
  );
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

/**
 * Issue 17, part 2: secrets printed by those certflow runs for the user, and quoted back by the
 * servers it talks to. Run B: a hook and an exec DNS provider print the secrets listed in their
 * `env:` (whole and base64), and a DNS API answers with the key it was sent. Run C: the CA's
 * answer quotes the directory URL, itself a secret. Then every output of both runs is searched:
 * process output, summary, GITHUB_OUTPUT, report file (0600), alert issue and comments, PR, every
 * request to GitHub, webhook bodies, the files in the checkout and every git object.
 */
describe('secrets quoted by hooks, exec providers, DNS and CA errors reach no output', () => {
  const label = Math.random().toString(36).slice(2, 8);
  let gh: GitHubServer;
  let ws: Workspace;
  let fake: import('node:http').Server;
  let fakeCa: import('node:https').Server;
  let fakeUrl: string;
  const webhookBodies: string[] = [];
  let runs: Array<{ name: string; run: ActionRun; rawOutput: string; runnerTemp: string }>;
  let secrets: Secret[];

  const own = {
    HOOK_TOKEN: `hook-token-${label}-0123456789abcdef`,
    DNS_TOKEN: `dns-token-${label}-0123456789abcdef`,
    PDNS_KEY: `pdns-key-${label}-0123456789abcdef`,
  };

  /** Whole, each line, base64 of the whole and of each line (the forms a script prints). */
  const forms = (s: Secret) => {
    const base = leakForms(s.value);
    return [...new Set([...base, ...base.map((f) => Buffer.from(f).toString('base64'))])];
  };
  const found = (where: string, text: string) =>
    secrets.flatMap((s) =>
      forms(s).flatMap((f, i) => (text.includes(f) ? [`${where}: ${s.label} (form ${i})`] : [])),
    );

  function config(base: string, directory: string): string {
    const dnsStart = base.indexOf('dns:\n');
    const certsStart = base.indexOf('certificates:\n');
    const targetsStart = base.indexOf('targets:\n');
    const acme = base.slice(0, dnsStart).replace(/directory: .*/, `directory: ${directory}`);
    const dns = base.slice(dnsStart, certsStart);
    return `${acme}${dns}  script:
    type: exec
    command: ./dns-script.sh
    env: [DNS_TOKEN, TSIG_SECRET]
    propagation-timeout: 5s
  pdns:
    type: powerdns
    api-url: ${fakeUrl}/pdns
    api-key: \${PDNS_KEY}
certificates:
  hooked:
    domains: [hooked-${label}.certflow.test]
    dns: bind
    targets: [printer]
  viaexec:
    domains: [exec-${label}.certflow.test]
    dns: script
  viapdns:
    domains: [pdns-${label}.certflow.test]
    dns: pdns
${base.slice(targetsStart)}  printer:
    type: exec
    command: sh ./print-secrets.sh
    env: [HOOK_TOKEN, TSIG_SECRET]
`;
  }

  const PRINT = [
    '#!/bin/sh',
    'for v in "$HOOK_TOKEN" "$TSIG_SECRET" "$DNS_TOKEN"; do [ -n "$v" ] || continue; echo "secret: $v"; printf %s "$v" | base64; done',
    'echo "::stop-commands::x$CERTFLOW_CERTIFICATE"',
    'exit 1',
    '',
  ].join('\n');

  async function runRenew(name: string, inputs: Record<string, string>) {
    const runnerTemp = await mkdtemp(join(tmpdir(), `certflow-secrets-${name}-`));
    const outputFile = join(runnerTemp, 'github_output');
    const summaryFile = join(runnerTemp, 'step_summary');
    await writeFile(outputFile, '');
    await writeFile(summaryFile, '');
    const run = await runBundledAction({
      workspace: ws.dir,
      inputs: {
        command: 'renew',
        'github-token': DEFAULT_TOKEN,
        'alert-issue': 'true',
        'webhook-url': `${fakeUrl}/webhook`,
        ...inputs,
      },
      env: {
        ...ws.env,
        ...own,
        GITHUB_API_URL: gh.url,
        GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
        RUNNER_DEBUG: '1',
        RUNNER_TEMP: runnerTemp,
        TMPDIR: runnerTemp,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
      },
    });
    const rawOutput = await readFile(outputFile, 'utf8');
    run.outputs = parseGithubOutput(rawOutput);
    run.summary = await readFile(summaryFile, 'utf8');
    return { name, run, rawOutput, runnerTemp };
  }

  beforeAll(async () => {
    const { createServer } = await import('node:http');
    fake = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        const url = req.url ?? '';
        if (url.startsWith('/webhook')) {
          webhookBodies.push(body);
          res.writeHead(200).end('ok');
        } else if (url.startsWith('/pdns')) {
          // A hostile (or chatty) DNS API quotes the key back in its refusal.
          res.writeHead(422, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: `key ${req.headers['x-api-key']} may not change this zone` }));
        } else {
          // A CA that quotes the directory URL (with its secret path) back in a problem document.
          res.writeHead(403, { 'content-type': 'application/problem+json' });
          res.end(
            JSON.stringify({
              type: 'urn:ietf:params:acme:error:unauthorized',
              detail: `directory ${fakeUrl}${url} is not yours`,
              status: 403,
            }),
          );
        }
      });
    });
    await new Promise<void>((done) => fake.listen(0, '127.0.0.1', done));
    fakeUrl = `http://127.0.0.1:${(fake.address() as import('node:net').AddressInfo).port}`;
    gh = await GitHubServer.start();
    ws = await createWorkspace();
    const bed = loadTestbedEnv();
    await writeFile(ws.configPath, config(await readFile(ws.configPath, 'utf8'), bed.PEBBLE_DIRECTORY ?? ''));
    await writeFile(join(ws.dir, 'print-secrets.sh'), PRINT);
    await writeFile(join(ws.dir, 'dns-script.sh'), PRINT);
    await exec('chmod', ['+x', join(ws.dir, 'dns-script.sh')]);
    await exec('git', ['add', '-A'], { cwd: ws.dir });
    await exec('git', ['commit', '-q', '-m', 'secrets that get printed'], { cwd: ws.dir });
    await exec('git', ['push', '-q', '--force', gh.git.dir, 'main:main'], { cwd: ws.dir });

    const runB = await runRenew('b', {
      publish: 'pull-request',
      deploy: 'true',
      'age-identity': ws.identity,
    });
    // Run C: the CA is a fake one on loopback (HTTPS, trusted through acme.trust) whose directory
    // URL is a secret, and which quotes that URL back in its problem document.
    const caDir = await mkdtemp(join(tmpdir(), 'certflow-fake-ca-'));
    await exec('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(caDir, 'key.pem'),
      '-out',
      join(caDir, 'cert.pem'),
    ]);
    const { createServer: createHttps } = await import('node:https');
    fakeCa = createHttps(
      { key: await readFile(join(caDir, 'key.pem')), cert: await readFile(join(caDir, 'cert.pem')) },
      (_req, res) => {
        res.writeHead(403, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({
            type: 'urn:ietf:params:acme:error:unauthorized',
            detail: `directory ${caSecret} is not yours`,
            status: 403,
          }),
        );
      },
    );
    await new Promise<void>((done) => fakeCa.listen(0, '127.0.0.1', done));
    const caPort = (fakeCa.address() as import('node:net').AddressInfo).port;
    const caSecret = `https://127.0.0.1:${caPort}/dir/ca-path-secret-${label}-0123456789`;
    const text = await readFile(ws.configPath, 'utf8');
    await writeFile(
      ws.configPath,
      text
        .replace(/directory: .*/, 'directory: $' + '{ACME_DIRECTORY}')
        .replace(/trust: \[(.*)\]/, `trust: [$1, ${join(caDir, 'cert.pem')}]`),
    );
    ws.env.ACME_DIRECTORY = caSecret;
    const runC = await runRenew('c', { publish: 'git', force: 'all' });
    runs = [runB, runC];

    secrets = [
      { label: 'SSH private key', value: ws.env.SSH_PRIVATE_KEY ?? '' },
      { label: 'ACME account key', value: ws.env.ACME_ACCOUNT_KEY ?? '' },
      { label: 'age identity', value: ws.identity },
      { label: 'TSIG secret', value: ws.env.TSIG_SECRET ?? '' },
      { label: 'GitHub token', value: DEFAULT_TOKEN },
      { label: 'hook token', value: own.HOOK_TOKEN },
      { label: 'exec DNS token', value: own.DNS_TOKEN },
      { label: 'PowerDNS key', value: own.PDNS_KEY },
      { label: 'CA directory URL', value: caSecret },
    ];
  }, 400_000);

  afterAll(async () => {
    await gh?.close();
    await new Promise((done) => fake?.close(done));
    await new Promise((done) => fakeCa?.close(done));
    if (ws) {
      await rm(ws.dir, { recursive: true, force: true });
      await rm(ws.origin, { recursive: true, force: true });
    }
    for (const r of runs ?? []) await rm(r.runnerTemp, { recursive: true, force: true });
  });

  it('each secret was printed or quoted (the search has something to find)', async () => {
    const [b, c] = runs;
    // The hook and the exec provider ran and printed, the DNS API and the CA answered with errors.
    expect(b?.run.stdout).toContain('secret: ***');
    const reportB = await readFile(b?.run.outputs.report ?? '', 'utf8');
    // PowerDNS's own words from its JSON error, the key masked where the API quoted it.
    expect(reportB).toContain(
      'powerdns (dns.pdns): GET /zones answered HTTP 422: key *** may not change this zone',
    );
    expect(reportB).toContain('exec (dns.script)');
    expect(c?.run.stdout).toContain('directory *** is not yours');
    expect(webhookBodies.length).toBeGreaterThan(0);
    expect([...gh.issues.values()].length).toBeGreaterThan(0);
    // The hook's `::stop-commands::` line stayed text: certflow's own ::error still works after it.
    expect(b?.run.stdout).toMatch(/^\\::stop-commands::xhooked$/m);
    expect(b?.run.stdout).not.toMatch(/^\s*::stop-commands/m);
    expect(b?.run.stdout).toMatch(/^::error::/m);
  });

  it('no secret in process output, summary, outputs, report (0600), GitHub or webhooks', async () => {
    const leaks: string[] = [];
    for (const { name, run, rawOutput } of runs) {
      // Single-line secrets may appear in `::add-mask::` lines only (the runner consumes them).
      const output = `${run.stdout}\n${run.stderr}`
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      leaks.push(...found(`${name} process output`, output));
      leaks.push(...found(`${name} summary`, run.summary));
      leaks.push(...found(`${name} GITHUB_OUTPUT`, rawOutput));
      const report = run.outputs.report;
      expect(report, `${name}: report output`).toBeTruthy();
      if (report) {
        leaks.push(...found(`${name} report`, await readFile(report, 'latin1')));
        expect((await stat(report)).mode & 0o777).toBe(0o600);
      }
    }
    const issues = [...gh.issues.values()];
    leaks.push(...found('issues and PRs', JSON.stringify(issues)));
    leaks.push(...found('requests to GitHub', JSON.stringify(gh.requests)));
    leaks.push(...found('webhook bodies', webhookBodies.join('\n')));
    expect(leaks).toEqual([]);
  });

  it('no secret in the checkout (certificate.json, state.json) or any git object', async () => {
    const leaks: string[] = [];
    const tree = (await filesUnder(ws.dir)).filter((f) => !f.path.includes('/.git/'));
    const stored = tree.filter((f) => /\/certificates\/.+\.json$/.test(f.path));
    expect(stored.length, 'failure records were written').toBeGreaterThan(0);
    for (const f of tree.filter((t) => !t.path.endsWith('.sh'))) leaks.push(...found(f.path, f.text));
    leaks.push(...found('checkout git objects', await gitObjects(join(ws.dir, '.git'))));
    leaks.push(...found('server git objects', await gitObjects(gh.git.dir)));
    expect(leaks).toEqual([]);
  });
});
