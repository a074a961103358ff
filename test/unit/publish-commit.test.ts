/** How a big change is cut into create-tree requests (pure). */
import { describe, expect, it } from 'vitest';
import { TREE_LIMITS, treeChunks } from '../../src/publish/commit.js';
import type { BundleFile } from '../../src/publish/files.js';

function file(i: number, size: number): BundleFile {
  return { path: `certificates/c${i}/fullchain.pem`, content: 'é'.repeat(size / 2), bundle: `c${i}` };
}

const sizes = (chunks: BundleFile[][]) => chunks.map((c) => c.length);

describe('treeChunks', () => {
  it('keeps a typical renewal in one request', () => {
    const files = Array.from({ length: 60 }, (_, i) => file(i, 2000));
    expect(sizes(treeChunks(files))).toEqual([60]);
  });

  it('cuts by file count, in order, losing nothing', () => {
    const files = Array.from({ length: 7 }, (_, i) => file(i, 10));
    const chunks = treeChunks(files, { files: 3, bytes: 1e9 });
    expect(sizes(chunks)).toEqual([3, 3, 1]);
    expect(chunks.flat()).toEqual(files);
  });

  it('cuts by UTF-8 bytes, not characters', () => {
    // 'é' is 2 bytes: each file is 100 bytes, so 250 bytes hold two.
    const files = Array.from({ length: 5 }, (_, i) => file(i, 100));
    expect(sizes(treeChunks(files, { files: 100, bytes: 250 }))).toEqual([2, 2, 1]);
  });

  it('sends a file bigger than the byte limit on its own rather than dropping it', () => {
    const files = [file(0, 10), file(1, 1000), file(2, 10)];
    expect(sizes(treeChunks(files, { files: 100, bytes: 100 }))).toEqual([1, 1, 1]);
  });

  it('makes no request for no files', () => {
    expect(treeChunks([])).toEqual([]);
  });

  it('fits 50 certificates of three ~3 KB files in one request', () => {
    expect(TREE_LIMITS.files).toBeGreaterThanOrEqual(150);
    expect(TREE_LIMITS.bytes).toBeGreaterThanOrEqual(150 * 3000);
  });
});
