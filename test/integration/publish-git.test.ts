/** publish: git (plain git in a local checkout, pushed to a bare remote), none, and dry run. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundles } from '../../src/publish/index.js';
import { type SealedBundle, sealBundle } from '../../src/store/seal.js';
import { MemoryLogger } from '../../src/util/log.js';
import { publishSettings } from '../support/github-settings.js';
import { createTestCa, newAgeIdentity, type TestCa } from '../support/store-fixtures.js';

const run = promisify(execFile);
const ID = ['-c', 'user.name=Test', '-c', 'user.email=test@example.test'];
let ca: TestCa;
let recipient: string;
let root: string;

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd })).stdout.trim();
}

async function seal(name: string): Promise<SealedBundle> {
  return sealBundle(await ca.issue(name, [`${name}.certflow.test`]), [recipient]);
}

/** A checkout cloned from a bare "origin", with one commit. */
async function checkout(label: string): Promise<{ work: string; origin: string }> {
  const origin = join(root, `${label}-origin.git`);
  const work = join(root, `${label}-work`);
  await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', origin]);
  await run('git', ['clone', '--quiet', origin, work]);
  await writeFile(join(work, 'README.md'), '# infra\n');
  await git(work, 'add', 'README.md');
  await git(work, ...ID, 'commit', '--quiet', '-m', 'init');
  await git(work, 'push', '--quiet', '-u', 'origin', 'main');
  return { work, origin };
}

beforeAll(async () => {
  ca = await createTestCa();
  recipient = (await newAgeIdentity()).recipient;
  root = await mkdtemp(join(tmpdir(), 'certflow-git-'));
});
afterAll(async () => {
  await ca.close();
  await rm(root, { recursive: true, force: true });
});

describe('publish: git', () => {
  it('commits only the bundle files, pushes, and does nothing on a rerun', async () => {
    const { work, origin } = await checkout('a');
    // Something else the user staged must stay staged and out of certflow's commit.
    await writeFile(join(work, 'notes.txt'), 'mine\n');
    await git(work, 'add', 'notes.txt');
    const settings = publishSettings(work, [recipient], { publish: 'git', push: true });
    const bundles = [await seal('www'), await seal('api')];
    const result = await publishBundles(settings, bundles, [], new MemoryLogger());
    expect(result.action).toBe('committed');
    expect(result.branch).toBe('main');
    expect(result.files.sort()).toEqual(
      ['api', 'www'].flatMap((n) =>
        ['certificate.json', 'fullchain.pem', 'privkey.pem.age'].map((f) => `certificates/${n}/${f}`),
      ),
    );
    expect(await git(origin, 'rev-parse', 'main')).toBe(result.commitSha);
    const committed = (await git(work, 'show', '--name-only', '--format=', 'HEAD')).split('\n');
    expect(committed).not.toContain('notes.txt');
    expect(await git(work, 'diff', '--cached', '--name-only')).toBe('notes.txt');
    expect(await git(work, 'log', '-1', '--format=%s')).toBe('Renew certificates: www, api');

    const again = await publishBundles(settings, bundles, [], new MemoryLogger());
    expect(again.action).toBe('none');
    expect(await git(work, 'rev-parse', 'HEAD')).toBe(result.commitSha);
  });

  it('explains a rejected push and keeps the local commit', async () => {
    const { work, origin } = await checkout('b');
    const other = join(root, 'b-other');
    await run('git', ['clone', '--quiet', origin, other]);
    await writeFile(join(other, 'x.txt'), 'x\n');
    await git(other, 'add', 'x.txt');
    await git(other, ...ID, 'commit', '--quiet', '-m', 'other');
    await git(other, 'push', '--quiet');
    const settings = publishSettings(work, [recipient], { publish: 'git', push: true });
    await expect(publishBundles(settings, [await seal('www')], [], new MemoryLogger())).rejects.toThrow(
      /refused the push .* the renewal is committed locally \([0-9a-f]{12}\): run `git pull --rebase && git push`/,
    );
    expect(await git(work, 'log', '-1', '--format=%s')).toBe('Renew certificates: www');
  });
});

describe('publish: none and dry run', () => {
  it('none writes the working tree only, and reports nothing when it is already there', async () => {
    const work = await mkdtemp(join(root, 'none-'));
    const settings = publishSettings(work, [recipient], { publish: 'none' });
    const bundle = await seal('www');
    const result = await publishBundles(settings, [bundle], [], new MemoryLogger());
    expect(result.action).toBe('written');
    expect(result.files).toHaveLength(3);
    expect(await readFile(join(work, 'certificates/www/privkey.pem.age'), 'utf8')).toBe(
      bundle.files['privkey.pem.age'],
    );
    expect((await publishBundles(settings, [bundle], [], new MemoryLogger())).action).toBe('none');
  });

  it('dry run writes nothing and says what it would do', async () => {
    const work = await mkdtemp(join(root, 'dry-'));
    const settings = publishSettings(work, [recipient], { publish: 'pull-request', dryRun: true });
    const result = await publishBundles(settings, [await seal('www')], [], new MemoryLogger());
    expect(result.action).toBe('dry-run');
    expect(result.files).toHaveLength(3);
    expect(result.message).toMatch(
      /would write 3 new and 0 changed file\(s\) for www and publish with pull-request/,
    );
    await expect(stat(join(work, 'certificates'))).rejects.toThrow(/ENOENT/);
  });
});
