/** readFileCapped and readFileCappedSync (util/fs.ts): every byte, never more than the cap, whatever stat said. */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileCapped as readAsync, readFileCappedSync } from '../../src/util/fs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certflow-fs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The sync one (the store's reads) through the same promise-shaped calls as the async one.
const variants = [
  ['readFileCapped', readAsync],
  [
    'readFileCappedSync',
    async (path: string, max: number, expected: string) => readFileCappedSync(path, max, expected),
  ],
] as const;

describe.each(variants)('%s', (_name, readFileCapped) => {
  it('returns the file exactly, empty and small and at the cap', async () => {
    for (const size of [0, 1, 4097, 10_000]) {
      const file = join(dir, `f${size}`);
      const data = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7) % 256));
      await writeFile(file, data);
      expect((await readFileCapped(file, 10_000, 'a test file')).equals(data)).toBe(true);
    }
  });

  it('refuses a file over the cap, naming the file and what it should be', async () => {
    const file = join(dir, 'big');
    await writeFile(file, Buffer.alloc(10_001));
    await expect(readFileCapped(file, 10_000, 'a manifest')).rejects.toThrow(
      /big is 10001 bytes; a manifest/,
    );
  });

  it('reads past what stat said (a file whose size stat does not know) and still stops at the cap', async () => {
    // /proc files stat as 0 bytes but have content: the buffer must grow.
    const status = '/proc/self/status';
    const got = (await readFileCapped(status, 1_000_000, 'a status file')).toString();
    expect(got).toMatch(/^Name:/);
    expect(got.length).toBeGreaterThan(100);
    expect((await readFile(status, 'utf8')).slice(0, 5)).toBe('Name:');
    await expect(readFileCapped(status, 50, 'a status file')).rejects.toThrow(/is over 50 bytes/);
  });

  it('refuses a symlink, even to a readable file, saying it is one', async () => {
    const target = join(dir, 'secret');
    await writeFile(target, 'AGE-SECRET-KEY-1NOTREALLY\n');
    const link = join(dir, `link-${Math.random()}`);
    await symlink(target, link);
    const error = await readFileCapped(link, 10_000, 'a bundle file').then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/link-[\d.]+ is a symlink; a bundle file must be a plain file/);
    expect(error?.message).not.toContain('AGE-SECRET-KEY');
  });

  it('refuses a pipe at once (it would block the read forever) and a folder and a device', async () => {
    const fifo = join(dir, `fifo-${Math.random()}`);
    execFileSync('mkfifo', [fifo]);
    await expect(readFileCapped(fifo, 10_000, 'a bundle file')).rejects.toThrow(/fifo-[\d.]+ is a pipe/);
    const folder = join(dir, `folder-${Math.random()}`);
    await mkdir(folder);
    await expect(readFileCapped(folder, 10_000, 'a bundle file')).rejects.toThrow(/is a folder/);
    await expect(readFileCapped('/dev/zero', 10_000, 'a bundle file')).rejects.toThrow(
      /\/dev\/zero is a device/,
    );
  });

  it('a missing file is still ENOENT (absence is not an error to callers)', async () => {
    await expect(readFileCapped(join(dir, 'nothing'), 10, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
