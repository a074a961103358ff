/**
 * Symlinks in the store. git keeps them, so anyone who can push (and a fork pull request, for
 * `verify`) can make a bundle file, or a whole bundle folder, point anywhere on the runner: the
 * environment (/proc/self/environ), the age identity, the SSH key. Such a bundle must be refused as
 * unreadable, naming the link, and nothing of what it points at may appear in any message; the
 * key file is never decrypted through one.
 */
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/store/open.js';
import { bundlePaths, readStoredCertificate } from '../../src/store/read.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { createTestCa, newAgeIdentity, type TestCa } from '../support/store-fixtures.js';

let ca: TestCa;
let workspace: string;
let alice: { identity: string; recipient: string };
/** A file outside the store standing for the runner's secrets. */
let secret: string;
const SECRET = 'AGE-SECRET-KEY-1THISMUSTNEVERSHOW';
const store = () => join(workspace, 'certificates');

beforeAll(async () => {
  ca = await createTestCa();
  workspace = await mkdtemp(join(tmpdir(), 'certflow-links-'));
  alice = await newAgeIdentity();
  secret = join(workspace, 'runner-secret.txt');
  await writeFile(secret, `${SECRET}\n{"name":"x"}\n`);
  for (const name of ['chain', 'manifest', 'key', 'folder', 'fine']) {
    await writeBundle(
      store(),
      await sealBundle(await ca.issue(name, [`${name}.certflow.test`]), [alice.recipient]),
    );
  }
});
afterAll(async () => {
  await ca.close();
  await rm(workspace, { recursive: true, force: true });
});

async function linkInstead(path: string, to: string): Promise<void> {
  await rm(path, { force: true });
  await symlink(to, path);
}

describe('symlinks in the store', () => {
  it.each([
    ['chain', 'fullchain'],
    ['manifest', 'manifest'],
    ['key', 'key'],
  ] as const)('a %s file that is a symlink makes the bundle unreadable, naming it', async (name, file) => {
    const path = bundlePaths(store(), name)[file];
    await linkInstead(path, file === 'key' ? secret : '/proc/self/environ');
    const state = await readStoredCertificate(store(), name);
    expect(state.state).toBe('unreadable');
    const error = state.state === 'unreadable' ? state.error : '';
    expect(error).toContain(path);
    expect(error).toMatch(/symlink|not a plain file/);
    expect(error).not.toContain(SECRET);
    expect(error).not.toMatch(/PATH=|HOME=/);
  });

  it('a bundle folder that is a symlink is refused, not followed', async () => {
    const { dir } = bundlePaths(store(), 'folder');
    const elsewhere = join(workspace, 'elsewhere');
    await mkdir(elsewhere);
    await rename(dir, join(elsewhere, 'folder'));
    await symlink(join(elsewhere, 'folder'), dir);
    const state = await readStoredCertificate(store(), 'folder');
    expect(state).toMatchObject({
      state: 'unreadable',
      error: expect.stringContaining(`${dir} is a symlink`),
    });
    await expect(openBundle(store(), 'folder', alice.identity)).rejects.toThrow(/is a symlink/);
  });

  it('the key is never decrypted through a link, and an untouched bundle still opens', async () => {
    await expect(openBundle(store(), 'key', alice.identity)).rejects.toThrow(/not a plain file|symlink/);
    const opened = await openBundle(store(), 'fine', alice.identity);
    expect(opened.privateKeyPem).toMatch(/BEGIN PRIVATE KEY/);
  });
});
