/**
 * Secret files: one folder (0700) that ignores itself in git, files created 0600 from the start
 * (never written first and chmod-ed later), so no other user can read a secret even briefly.
 */
import { constants } from 'node:fs';
import { chmod, lstat, mkdir, open, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DIR_MODE = 0o700;
export const SECRET_MODE = 0o600;

/**
 * Creates the folder (0700) with a `.gitignore` of `*`: the folder keeps itself out of git
 * wherever it is, without touching the repository's own .gitignore.
 */
export async function prepareSecretDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  const info = await lstat(dir);
  if (!info.isDirectory()) throw new Error(`${dir} exists and is not a folder; choose another with --out`);
  // mkdir applies the mode only when it creates the folder, and umask may have narrowed it anyway.
  await chmod(dir, DIR_MODE);
  await writeFile(
    join(dir, '.gitignore'),
    '# Secret files written by certflow init: never commit them.\n*\n',
    {
      mode: 0o644,
    },
  );
}

/**
 * Writes `content` to a new file with mode 0600. An existing file is an error unless `replace`;
 * then it is removed first, so the new file is created with the right mode rather than inheriting
 * the old one's.
 */
export async function writeSecretFile(path: string, content: string, replace: boolean): Promise<void> {
  if (replace) await unlink(path).catch((e: NodeJS.ErrnoException) => ignoreMissing(e));
  // O_EXCL: never follow a planted symlink or reuse a file someone else created.
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, SECRET_MODE);
  try {
    await handle.chmod(SECRET_MODE); // umask can only remove bits, but be explicit about the contract
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
