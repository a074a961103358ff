/**
 * `certflow publish` (issue 22): the shards' store folders as an attacker could shape them
 * (forged, replayed, re-sealed, linked, misnamed, contradictory) and as real shards leave them
 * (a renewal, a failure's history and back-off), published through the local GitHub server.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publishCommand } from '../../src/commands/publish.js';
import { readCliSettings } from '../../src/config/args.js';
import type { Settings } from '../../src/config/settings.js';
import { serializeGuardState } from '../../src/guard/state.js';
import type { Manifest } from '../../src/model.js';
import { collectIncoming } from '../../src/publish/incoming.js';
import { serializeManifest } from '../../src/store/manifest.js';
import { type SealedBundle, sealBundle } from '../../src/store/seal.js';
import { trustAnchorsOf } from '../../src/store/trust.js';
import { writeBundle } from '../../src/store/write.js';
import { MemoryLogger } from '../../src/util/log.js';
import { asIssued, createTestCa, type TestCa } from '../support/certs.js';
import { DEFAULT_TOKEN, GitHubServer } from '../support/github-server.js';
import { newAgeIdentity } from '../support/store-fixtures.js';

const DAY = 86_400_000;
const NAMES = ['www', 'api', 'mail', 'ftp'];
let ca: TestCa;
let stranger: TestCa;
let recipient: string;
let otherRecipient: string;
/** The checkout every test starts from (publishing writes into it: tests copy it). */
let ws: string;
const temps: string[] = [];
/** The checkout's bundles (issued ten days ago). */
const stored = new Map<string, SealedBundle>();

const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};
const domains = (name: string) => [`${name}.certflow.test`];

function config(): string {
  return `version: 1
acme:
  account-key: \${ACME_ACCOUNT_KEY}
store:
  path: certificates
  recipients: [${recipient}]
  trust: [.github/root.pem]
dns:
  bed:
    type: exec
    command: ./dns-hook
certificates:
${NAMES.map((n) => `  ${n}:\n    domains: [${domains(n).join(', ')}]\n    dns: bed\n`).join('')}`;
}

async function issue(name: string, opts: { ca?: TestCa; notBefore?: number; to?: string } = {}) {
  const notBefore = new Date(opts.notBefore ?? Date.now() - 60_000);
  const cert = await (opts.ca ?? ca).issue(name, domains(name), {
    validity: { notBefore, notAfter: new Date(notBefore.getTime() + 30 * DAY) },
  });
  return sealBundle(
    { ...asIssued(cert), issuedAt: notBefore.toISOString() },
    [opts.to ?? recipient],
    stored.get(name)?.manifest,
  );
}

/** A shard's artifact: the checkout's whole store, with `change` applied. */
async function shard(change: (store: string) => Promise<void> | void): Promise<string> {
  const dir = temp('certflow-shard-');
  cpSync(join(ws, 'certificates'), dir, { recursive: true });
  await change(dir);
  return dir;
}

beforeAll(async () => {
  ca = await createTestCa('certflow publish');
  stranger = await createTestCa('someone else');
  recipient = (await newAgeIdentity()).recipient;
  otherRecipient = (await newAgeIdentity()).recipient;
  ws = temp('certflow-publish-ws-');
  mkdirSync(join(ws, '.git'));
  mkdirSync(join(ws, '.github'));
  writeFileSync(join(ws, '.github', 'certflow.yml'), config());
  writeFileSync(join(ws, '.github', 'root.pem'), ca.rootPem);
  for (const name of ['www', 'api', 'mail']) {
    const b = await issue(name, { notBefore: Date.now() - 10 * DAY });
    stored.set(name, b);
    await writeBundle(join(ws, 'certificates'), b);
  }
});
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

async function settingsFor(
  argv: string[],
  env: Record<string, string> = {},
  workspace = ws,
): Promise<Settings> {
  return readCliSettings(
    ['publish', ...argv],
    { ACME_ACCOUNT_KEY: 'unused', ...env },
    workspace,
    new MemoryLogger(),
  );
}

/** A fresh checkout: the template workspace copied. */
function checkout(): string {
  const dir = temp('certflow-checkout-');
  cpSync(ws, dir, { recursive: true });
  return dir;
}

async function collect(...folders: string[]) {
  const settings = await settingsFor(folders.flatMap((f) => ['--from', f]));
  return collectIncoming(settings, settings.from ?? [], {
    storeDir: join(ws, 'certificates'),
    trust: trustAnchorsOf([ca.rootPem]),
    now: new Date(),
  });
}

describe('what publish takes from the shards', () => {
  it('takes a fresh renewal and ignores the untouched copies of every other shard', async () => {
    const fresh = await issue('www');
    const s1 = await shard((d) => writeBundle(d, fresh).then(() => undefined));
    const s2 = await shard(() => undefined);
    const r = await collect(s1, s2);
    expect(r.refused).toEqual([]);
    expect(r.bundles.map((b) => b.bundle.manifest.serial)).toEqual([fresh.manifest.serial]);
    expect(r.states).toEqual([]);
  });

  it('takes a folder of artifact folders, as download-artifact leaves them', async () => {
    const parent = temp('certflow-artifacts-');
    const fresh = await issue('api');
    cpSync(
      await shard((d) => writeBundle(d, fresh).then(() => undefined)),
      join(parent, 'certflow-shard-1'),
      {
        recursive: true,
      },
    );
    cpSync(await shard(() => undefined), join(parent, 'certflow-shard-2'), { recursive: true });
    const r = await collect(parent);
    expect(r.stores).toHaveLength(2);
    expect(r.bundles.map((b) => b.bundle.name)).toEqual(['api']);
  });

  const attacks: Array<[string, (store: string) => Promise<void>, RegExp]> = [
    [
      'a bundle from a CA nobody trusts',
      async (d) => void (await writeBundle(d, await issue('www', { ca: stranger }))),
      /does not verify: .*chain/,
    ],
    [
      'a replay of an older certificate',
      async (d) => void (await writeBundle(d, await issue('www', { notBefore: Date.now() - 12 * DAY }))),
      /not newer than the stored one.*replayed/,
    ],
    [
      'a replay of a renewal from days ago (newer than the checkout, not of this run)',
      async (d) => void (await writeBundle(d, await issue('www', { notBefore: Date.now() - 3 * DAY }))),
      /more than 24 h ago/,
    ],
    [
      'a key sealed to someone else',
      async (d) => void (await writeBundle(d, await issue('www', { to: otherRecipient }))),
      /sealed to age1.*not to store.recipients/,
    ],
    [
      'a swapped key file',
      async (d) => {
        const fresh = await issue('www');
        await writeBundle(d, fresh);
        writeFileSync(join(d, 'www', 'privkey.pem.age'), (await issue('www')).files['privkey.pem.age']);
      },
      /privkey.pem.age is not the file the manifest binds/,
    ],
    [
      'the stored certificate with an edited manifest',
      async (d) => {
        const m: Manifest = { ...(stored.get('www')?.manifest as Manifest), replaces: 'abcdef' };
        writeFileSync(join(d, 'www', 'certificate.json'), serializeManifest(m));
      },
      /other changes than history, back-off or ARI window/,
    ],
    [
      'a certificate for other names',
      async (d) => {
        const cert = await ca.issue('www', ['evil.example']);
        await writeBundle(d, await sealBundle(asIssued(cert), [recipient]));
      },
      /does not verify: .*names/,
    ],
    [
      'a link to a file of the runner',
      async (d) => {
        rmSync(join(d, 'www', 'fullchain.pem'));
        symlinkSync('/etc/hostname', join(d, 'www', 'fullchain.pem'));
      },
      /not a regular file/,
    ],
    [
      'a stray file in a bundle folder',
      async (d) => writeFileSync(join(d, 'www', 'run.sh'), 'echo hi\n'),
      /run.sh is not a bundle file/,
    ],
  ];

  it.each(attacks)('refuses %s, names it, and takes nothing for it', async (_what, attack, reason) => {
    const r = await collect(await shard(attack));
    expect(r.bundles).toEqual([]);
    expect(r.states).toEqual([]);
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]?.name).toBe('www');
    expect(r.refused[0]?.reason).toMatch(reason);
  });

  it('refuses folders of unconfigured names (a prototype name too)', async () => {
    const r = await collect(
      await shard(async (d) => {
        mkdirSync(join(d, 'evil'));
        mkdirSync(join(d, 'constructor'));
      }),
    );
    expect(r.refused.map((x) => x.name).sort()).toEqual(['constructor', 'evil']);
    expect(r.refused[0]?.reason).toMatch(/not a certificate in the config/);
  });

  it('takes nothing for a certificate two shards disagree about', async () => {
    const a = await shard(async (d) => void (await writeBundle(d, await issue('mail'))));
    const b = await shard(async (d) => void (await writeBundle(d, await issue('mail'))));
    const r = await collect(a, b);
    expect(r.bundles).toEqual([]);
    expect(r.refused[0]?.reason).toMatch(/2 shard folders hold different changes for mail/);
  });

  it('a missing folder is an error naming it', async () => {
    await expect(collect(join(ws, 'no-such-folder'))).rejects.toThrow(/no-such-folder is not a folder/);
  });
});

describe('publish through the local GitHub server', () => {
  let gh: GitHubServer;
  beforeEach(async () => {
    gh = await GitHubServer.start();
  });
  afterEach(async () => {
    gh.assertNoViolations();
    await gh.close();
  });
  const env = () => ({
    GITHUB_TOKEN: DEFAULT_TOKEN,
    GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`,
    GITHUB_API_URL: gh.url,
  });

  it('commit: one commit with the renewal, the failure state and the removal; refusals fail the run', async () => {
    const fresh = await issue('www');
    const failedApi: Manifest = {
      ...(stored.get('api')?.manifest as Manifest),
      history: [
        { at: new Date().toISOString(), result: 'failed', domains: domains('api'), error: 'SERVFAIL' },
      ],
      backoff: {
        failures: 1,
        lastError: 'SERVFAIL',
        lastAt: new Date().toISOString(),
        nextAttemptAt: new Date(Date.now() + DAY).toISOString(),
      },
    };
    const ftpState = serializeGuardState('ftp', {
      history: [
        { at: new Date().toISOString(), result: 'failed', domains: domains('ftp'), error: 'timeout' },
      ],
    });
    const repo = checkout();
    // www had failed before: its state.json in the checkout goes when the renewal lands.
    writeFileSync(
      join(repo, 'certificates', 'www', 'state.json'),
      serializeGuardState('www', { history: [] }),
    );
    const s1 = await shard(async (d) => {
      await writeBundle(d, fresh);
      rmSync(join(d, 'www', 'state.json'), { force: true });
    });
    const s2 = await shard((d) => {
      writeFileSync(join(d, 'api', 'certificate.json'), serializeManifest(failedApi));
      mkdirSync(join(d, 'ftp'));
      writeFileSync(join(d, 'ftp', 'state.json'), ftpState);
    });
    const s3 = await shard(async (d) => void (await writeBundle(d, await issue('mail', { ca: stranger }))));
    const settings = await settingsFor(
      ['--publish', 'commit', '--from', `${s1},${s2}`, '--from', s3],
      env(),
      repo,
    );
    const outcome = await publishCommand(settings, new MemoryLogger());

    expect(outcome.ok).toBe(false);
    expect(outcome.report?.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^refused mail from .*: the bundle does not verify/),
    ]);
    expect(outcome.outputs.renewed).toBe('["www"]');
    expect(outcome.report?.publish?.action).toBe('committed');
    const commits = await gh.git.git(['log', '--format=%s', 'main']);
    expect(commits.split('\n')[0]).toBe('Renew certificates: www');
    expect(await gh.readFile('main', 'certificates/www/fullchain.pem')).toBe(fresh.files['fullchain.pem']);
    expect(await gh.readFile('main', 'certificates/api/certificate.json')).toBe(serializeManifest(failedApi));
    expect(await gh.readFile('main', 'certificates/ftp/state.json')).toBe(ftpState);
    expect(await gh.readFile('main', 'certificates/mail/fullchain.pem')).toBeUndefined();
    const commit = await gh.git.readCommit((await gh.branchSha('main')) ?? '');
    expect(commit.message).toContain('Record failed renewal(s): api, ftp');
    expect(existsSync(join(repo, 'certificates', 'www', 'state.json'))).toBe(false);
  });

  it('pull-request: one pull request with a section per certificate; failures go to the state branch', async () => {
    const fresh = [await issue('www'), await issue('api')];
    const shards = [
      await shard(async (d) => void (await writeBundle(d, fresh[0] as SealedBundle))),
      await shard(async (d) => {
        await writeBundle(d, fresh[1] as SealedBundle);
        mkdirSync(join(d, 'ftp'));
        writeFileSync(join(d, 'ftp', 'state.json'), serializeGuardState('ftp', { history: [] }));
      }),
    ];
    const argv = ['--publish', 'pull-request', ...shards.flatMap((s) => ['--from', s])];
    const outcome = await publishCommand(await settingsFor(argv, env(), checkout()), new MemoryLogger());
    expect(outcome.ok, JSON.stringify(outcome.report?.errors)).toBe(true);
    expect(outcome.report?.publish?.action).toBe('pr-created');
    const [pr] = gh.pulls();
    expect(gh.pulls()).toHaveLength(1);
    expect(pr?.title).toBe('Renew certificates: api, www');
    expect(pr?.body).toContain('<!-- certflow:begin www -->');
    expect(pr?.body).toContain('<!-- certflow:begin api -->');
    expect(await gh.readFile('certflow/renewal', 'certificates/api/fullchain.pem')).toBe(
      fresh[1]?.files['fullchain.pem'],
    );
    expect(await gh.readFile('certflow/state', 'certificates/ftp/state.json')).toBe(
      serializeGuardState('ftp', { history: [] }),
    );
    // A rerun (a fresh checkout, the same artifacts) changes nothing on GitHub.
    const head = await gh.branchSha('certflow/renewal');
    const count = gh.requests.length;
    const again = await publishCommand(await settingsFor(argv, env(), checkout()), new MemoryLogger());
    expect(again.ok, JSON.stringify(again.report?.errors)).toBe(true);
    expect(again.report?.publish?.action).toBe('none');
    // Content-addressed trees (to compare with the branches) and the commit status are all it
    // sends: no commit, no ref moved, no pull request touched.
    const writes = gh.requests.slice(count).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.operationId).filter((op) => op !== 'git/create-tree')).toEqual([
      'repos/create-commit-status',
    ]);
    expect(await gh.branchSha('certflow/renewal')).toBe(head);
    expect(gh.pulls()).toHaveLength(1);
  });
});
