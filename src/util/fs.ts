import { access } from 'node:fs/promises';

/** Whether something exists at `path` (any error, including no permission, counts as absent). */
export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
