/**
 * Per-certificate and per-target recipients: who a bundle is sealed to, reseal without ordering,
 * and what a reviewer sees when someone with write access adds their own age key.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { recipientsPinProblem } from '../../src/config/build.js';
import type { Config } from '../../src/config/settings.js';
import { openBundle } from '../../src/store/open.js';
import { allRecipients, recipientsFor } from '../../src/store/recipients.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { createTestCa, newAgeIdentity, type TestCa } from '../support/store-fixtures.js';

const git = promisify(execFile);
type Id = { identity: string; recipient: string };
let ca: TestCa;
let ws: string;
let store: Id;
let hostA: Id;
let hostB: Id;
let attacker: Id;

function configText(opts: { wwwExtra?: string[]; agentB?: string[] } = {}): string {
  const list = (r: string[]) => `[${r.join(', ')}]`;
  return `version: 1
acme:
  account-key: \${ACME_ACCOUNT_KEY}
store:
  path: certificates
  recipients: [${store.recipient}]
  trust: [ca.pem]
dns:
  corp: { type: rfc2136, server: 127.0.0.1:10053, tsig-name: k, tsig-secret: "\${TSIG}" }
certificates:
  www:
    domains: [www.certflow.test]
    dns: corp
    targets: [pull-a]
${opts.wwwExtra ? `    recipients: ${list(opts.wwwExtra)}\n` : ''}  api:
    domains: [api.certflow.test]
    dns: corp
    targets: [pull-b]
targets:
  pull-a: { type: agent, recipients: [${hostA.recipient}] }
  pull-b: { type: agent, recipients: ${list(opts.agentB ?? [hostB.recipient])} }
`;
}

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    env: { PATH: process.env.PATH, ...env },
    cwd: ws,
  });
  return { code, out, err };
}

const opens = (name: string, who: Id) =>
  openBundle(join(ws, 'certificates'), name, who.identity).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  ca = await createTestCa();
  store = await newAgeIdentity();
  hostA = await newAgeIdentity();
  hostB = await newAgeIdentity();
  attacker = await newAgeIdentity();
  ws = await mkdtemp(join(tmpdir(), 'certflow-recipients-'));
  await mkdir(join(ws, '.github'));
  await writeFile(join(ws, 'ca.pem'), ca.certPem);
  await writeFile(join(ws, '.github/certflow.yml'), configText());
  await writeFile(join(ws, 'store.key'), `${store.identity}\n`, { mode: 0o600 });
  await writeFile(join(ws, 'attacker.key'), `${attacker.identity}\n`, { mode: 0o600 });
  for (const [name, host] of [
    ['www', hostA],
    ['api', hostB],
  ] as const) {
    const issued = await ca.issue(name, [`${name}.certflow.test`]);
    await writeBundle(join(ws, 'certificates'), await sealBundle(issued, [store.recipient, host.recipient]));
  }
  await git('git', ['init', '-q', '-b', 'main'], { cwd: ws });
  await git('git', ['add', '.'], { cwd: ws });
  await git('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base'], { cwd: ws });
});
afterAll(async () => {
  await ca.close();
  await rm(ws, { recursive: true, force: true });
});

describe('recipientsFor', () => {
  it("is the store's, the certificate's and each of its targets', once each", () => {
    const config = {
      store: { recipients: ['s1', 's2'] },
      certificates: {
        www: { recipients: ['c1', 's1'], targets: ['a', 'b', 'missing'] },
        api: { targets: [] },
      },
      targets: { a: { type: 'agent', recipients: ['h1'] }, b: { type: 'ssh', recipients: ['h2', 'h1'] } },
    } as unknown as Config;
    expect(recipientsFor(config, 'www')).toEqual(['s1', 's2', 'c1', 'h1', 'h2']);
    expect(recipientsFor(config, 'api')).toEqual(['s1', 's2']);
    expect(allRecipients(config).sort()).toEqual(['c1', 'h1', 'h2', 's1', 's2']);
  });

  it('the pin catches a recipient added to one certificate only', () => {
    const config = {
      store: { recipients: ['s1'] },
      certificates: { www: { recipients: ['evil'], targets: [] } },
      targets: {},
    } as unknown as Config;
    const problem = recipientsPinProblem('s1', allRecipients(config), 'certflow.yml');
    expect(problem?.message).toContain('not pinned: evil');
    expect(recipientsPinProblem('s1 evil', allRecipients(config), 'certflow.yml')).toBeUndefined();
  });
});

describe('a host identity opens exactly the certificates deployed to it', () => {
  it('A opens www, not api; B opens api, not www', async () => {
    expect(await opens('www', hostA)).toBe(true);
    expect(await opens('api', hostA)).toBe(false);
    expect(await opens('api', hostB)).toBe(true);
    expect(await opens('www', hostB)).toBe(false);
  });
});

describe('an attacker with write access adds their own key to www', () => {
  it('cannot reseal with their own identity: the key is not sealed to it', async () => {
    await writeFile(join(ws, '.github/certflow.yml'), configText({ wwwExtra: [attacker.recipient] }));
    const r = await cli(['reseal', 'www', '--identity', 'attacker.key']);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toMatch(/does not open .* only a holder of an identity the key is sealed to now/);
    expect(await opens('www', attacker)).toBe(false);
  });

  it('verify --base flags the config change, and the manifest change once an honest run re-seals', async () => {
    // An unknowing holder of the store identity runs reseal (or renew with an identity) on the branch.
    const r = await cli(['reseal', '--identity', 'store.key']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/www: resealed: .*\+age1/);
    expect(r.out).toMatch(/api: unchanged/);
    expect(await opens('www', attacker)).toBe(true);
    const v = await cli(['verify', '--base', 'main', '--json']);
    expect(v.code, v.err).toBe(0);
    const flags = JSON.parse(v.out)
      .flags.map((f: { message: string }) => f.message)
      .join('\n');
    expect(flags).toContain(`certificates.www.recipients changed: (none) -> ["${attacker.recipient}"]`);
    expect(flags).toContain(`bundle www: recipients changed: now also opened by ${attacker.recipient}`);
    // Same certificate: reseal ordered nothing.
    const before = (await git('git', ['show', 'main:certificates/www/fullchain.pem'], { cwd: ws })).stdout;
    expect(await readFile(join(ws, 'certificates/www/fullchain.pem'), 'utf8')).toBe(before);
    await git('git', ['checkout', '-q', '--', '.'], { cwd: ws });
  });

  it("a target's recipients change is flagged too", async () => {
    await writeFile(
      join(ws, '.github/certflow.yml'),
      configText({ agentB: [hostB.recipient, attacker.recipient] }),
    );
    const v = await cli(['verify', '--base', 'main', '--json']);
    const flags = JSON.parse(v.out)
      .flags.map((f: { message: string }) => f.message)
      .join('\n');
    expect(flags).toContain('targets.pull-b.recipients changed');
    await git('git', ['checkout', '-q', '--', '.'], { cwd: ws });
  });
});

describe('removing a recipient and resealing', () => {
  it("leaves B unable to open api; the store's identity still can", async () => {
    await writeFile(join(ws, '.github/certflow.yml'), configText({ agentB: [hostA.recipient] }));
    const r = await cli(['reseal', 'api', '--identity', 'store.key']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(await opens('api', hostB)).toBe(false);
    expect(await opens('api', hostA)).toBe(true);
    expect(await opens('api', store)).toBe(true);
    const manifest = JSON.parse(await readFile(join(ws, 'certificates/api/certificate.json'), 'utf8'));
    expect(manifest.recipients).toEqual([store.recipient, hostA.recipient]);
    await git('git', ['checkout', '-q', '--', '.'], { cwd: ws });
  });

  it('reseal without an identity is a usage error naming --identity', async () => {
    const r = await cli(['reseal']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--identity');
  });
});
