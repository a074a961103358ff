/**
 * Writing bundles into the store folder. Each file goes to a temp name in its own folder and is
 * renamed over the old one, so a crash leaves either the old or the new file, never half of one.
 * A file whose content is already on disk is not rewritten: an unchanged bundle gives no diff.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorMessage } from '../util/errors.js';
import type { SealedBundle } from './seal.js';

export interface WriteResult {
  /** Absolute paths of the bundle's files (all of them, changed or not). */
  files: string[];
  /** The subset whose content changed (or that did not exist). */
  changed: string[];
}

export async function writeBundle(storeDir: string, bundle: SealedBundle): Promise<WriteResult> {
  const dir = join(storeDir, bundle.name);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const files: string[] = [];
  const changed: string[] = [];
  // Manifest last: a reader that finds the new manifest also finds the files it describes.
  const order = ['fullchain.pem', 'privkey.pem.age', 'nextkey.pem.age', 'certificate.json'] as const;
  for (const file of order) {
    const content = bundle.files[file];
    if (content === undefined) continue; // nextkey.pem.age: only with dane
    const path = join(dir, file);
    files.push(path);
    if (await writeFileAtomic(path, content)) changed.push(path);
  }
  return { files, changed };
}

/** Writes `content` to `path` atomically; returns false (and writes nothing) when it is already there. */
export async function writeFileAtomic(path: string, content: string, mode = 0o644): Promise<boolean> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === content) return false;
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': never follow or reuse something already at the temp name.
    await writeFile(temp, content, { mode, flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`cannot write ${path}: ${errorMessage(error)}`);
  }
  return true;
}
