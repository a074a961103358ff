/**
 * V8's compile cache (Node 22.1+, `module.enableCompileCache`): the second start of the same
 * bundle reuses the code V8 compiled the first time instead of parsing it again. Node 20 has no
 * such function and runs as before.
 *
 * The cache holds code this process will run, so only this user may write it: Node's default
 * folder sits in the shared temporary directory, where another user could create it first. Ours
 * is under the user's cache home, created 0700, and used only when it is a real folder owned by
 * this user that nobody else can write. Anything unexpected turns the cache off, never the run.
 * CERTFLOW_COMPILE_CACHE=0 (or Node's NODE_DISABLE_COMPILE_CACHE) turns it off too.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

type EnableCompileCache = (dir?: string) => { status: number; message?: string; directory?: string };

/** The folder for this user's cache, or undefined when there is no safe place for one. */
export function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  let base = xdg && isAbsolute(xdg) ? xdg : undefined;
  if (!base) {
    let home: string;
    try {
      home = env.HOME || homedir();
    } catch {
      return undefined;
    }
    if (!home || !isAbsolute(home)) return undefined;
    base = join(home, '.cache');
  }
  return join(base, 'certflow', 'v8-compile-cache');
}

/** Whether `dir` is a folder of this user's that no one else can write to. */
export function privateDir(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    const uid = process.getuid?.();
    return st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/**
 * Turns the cache on when this Node has it and the folder is safe. Returns the folder in use,
 * or undefined. Called by the bundle's entry (src/entry.ts) before it loads any command.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CERTFLOW_COMPILE_CACHE === '0' || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const enable = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable !== 'function') return undefined;
  const dir = compileCacheDir(env);
  if (!dir) return undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  // The parent too: whoever can write there can swap the folder for one of their own.
  if (!privateDir(dir) || !privateDir(dirname(dir))) return undefined;
  try {
    const result = enable(dir);
    return result.directory ?? dir;
  } catch {
    return undefined;
  }
}
