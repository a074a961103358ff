import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { access, open } from 'node:fs/promises';

/**
 * How repository files are opened: never through a symlink (git stores them, and one named
 * fullchain.pem could point at /proc/self/environ or the runner's key files), and without waiting
 * on a pipe (O_NONBLOCK: a FIFO planted in an artifact would otherwise hang the open).
 */
const PLAIN = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Refuses anything but a regular file, naming what it is. */
function assertRegular(path: string, stat: Stats, expected: string): void {
  if (stat.isFile()) return;
  const what = stat.isFIFO()
    ? 'a pipe'
    : stat.isDirectory()
      ? 'a folder'
      : stat.isSocket()
        ? 'a socket'
        : 'a device';
  throw new Error(`${path} is ${what}; ${expected} must be a plain file`);
}

/** An open error in plain words: ELOOP from O_NOFOLLOW means the name is a symlink. */
function openError(path: string, error: unknown, expected: string): unknown {
  if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
    return new Error(
      `${path} is a symlink; ${expected} must be a plain file (a link could point anywhere on the runner)`,
    );
  }
  return error;
}

/** Whether something exists at `path` (any error, including no permission, counts as absent). */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a file of at most `max` bytes, or throws saying how big it is. For files anyone with
 * write access can put in the repository (bundles in the store): a huge one must not cost the
 * run its memory, and the size check comes from the open file, so nothing past the cap is read.
 * Only a plain file is read: a symlink, pipe, device or folder is refused, naming what it is.
 */
export async function readFileCapped(path: string, max: number, expected: string): Promise<Buffer> {
  const handle = await open(path, PLAIN).catch((error: unknown) => {
    throw openError(path, error, expected);
  });
  try {
    const stat = await handle.stat();
    assertRegular(path, stat, expected);
    const { size } = stat;
    if (size > max) {
      throw new Error(`${path} is ${size} bytes; ${expected} is at most ${max} bytes, so this is not one`);
    }
    // Sized to the file (plus one byte to see it grew), not to max: a plan reads every file of
    // every bundle, and a 1 MiB buffer each was most of a 10,000-bundle plan's time (issue 22).
    // Read at most max + 1 bytes: a file that grew since the stat is still refused.
    let buf = Buffer.alloc(size + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        const grown = Buffer.alloc(Math.min(max + 1, buf.length * 2));
        buf.copy(grown, 0, 0, length);
        buf = grown;
      }
      const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > max) throw new Error(`${path} is over ${max} bytes; ${expected} is at most ${max} bytes`);
    }
    return buf.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/**
 * readFileCapped without the event loop, for the store's small files: a plan reads two per bundle,
 * and 20,000 reads through fs/promises (a FileHandle and four thread-pool round trips each) cost
 * about four times the CPU of the same reads done in place (issue 22). The same cap, checked the
 * same way: from the open file's size, and never reading past `max` + 1 bytes.
 */
export function readFileCappedSync(path: string, max: number, expected: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, PLAIN);
  } catch (error) {
    throw openError(path, error, expected);
  }
  try {
    const stat = fstatSync(fd);
    assertRegular(path, stat, expected);
    const { size } = stat;
    if (size > max) {
      throw new Error(`${path} is ${size} bytes; ${expected} is at most ${max} bytes, so this is not one`);
    }
    let buf = Buffer.allocUnsafe(size + 1);
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        const grown = Buffer.allocUnsafe(Math.min(max + 1, buf.length * 2));
        buf.copy(grown, 0, 0, length);
        buf = grown;
      }
      const read = readSync(fd, buf, length, buf.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > max) throw new Error(`${path} is over ${max} bytes; ${expected} is at most ${max} bytes`);
    }
    return buf.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
