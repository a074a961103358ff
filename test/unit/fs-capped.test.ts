/** readFileCapped and readFileCappedSync (util/fs.ts): every byte, never more than the cap, whatever stat said. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
});
