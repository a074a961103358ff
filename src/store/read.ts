/**
 * Reads the clear part of a stored bundle (manifest and chain) without decrypting anything: what
 * the plan, the report and `check` need. A bundle whose parts disagree is reported as unreadable
 * with the reason, so the plan can renew it instead of aborting the run.
 */
import { existsSync, lstatSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Settings } from '../config/settings.js';
import type { Manifest } from '../model.js';
import { errorMessage } from '../util/errors.js';
import { readFileCapped, readFileCappedSync } from '../util/fs.js';
import { leafDerSha256 } from '../util/x509.js';
import { parseManifest } from './manifest.js';

export type StoredState =
  | { name: string; state: 'missing' }
  | { name: string; state: 'unreadable'; error: string }
  | { name: string; state: 'present'; manifest: Manifest; fullchainPem: string; dir: string };

export const BUNDLE_FILES = {
  manifest: 'certificate.json',
  fullchain: 'fullchain.pem',
  key: 'privkey.pem.age',
  /** `dane: true` only: the pre-generated next key, age-encrypted like the key. */
  nextKey: 'nextkey.pem.age',
} as const;

/** Absolute path of the store folder: `store.path`, relative to the workspace unless absolute. */
export function storeDir(settings: Pick<Settings, 'workspace' | 'config'>): string {
  return resolve(settings.workspace, settings.config.store.path);
}

export function bundlePaths(storeDir: string, name: string) {
  const dir = join(storeDir, name);
  return {
    dir,
    manifest: join(dir, BUNDLE_FILES.manifest),
    fullchain: join(dir, BUNDLE_FILES.fullchain),
    key: join(dir, BUNDLE_FILES.key),
    nextKey: join(dir, BUNDLE_FILES.nextKey),
  };
}

/**
 * The most a bundle file may hold. A chain is a few KiB, a manifest less; the store is written
 * by anyone with write access, so a file past this is refused before it is read or parsed.
 */
export const MAX_BUNDLE_FILE = 1024 * 1024;

/**
 * A bundle's folder must be a folder in the repository, not a symlink to one elsewhere (the files'
 * own names are opened without following links, see util/fs.ts; this covers the folder above
 * them). False when there is nothing there.
 */
function bundleFolderThere(dir: string): boolean {
  const stat = lstatOrAbsent(dir);
  if (stat?.isSymbolicLink()) {
    throw new Error(
      `${dir} is a symlink; a bundle must be a folder in the store (a link could point anywhere on the runner)`,
    );
  }
  return stat !== undefined;
}

/** What is at `path` itself (a link is not followed), or undefined when nothing is. */
function lstatOrAbsent(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads one bundle file (capped at MAX_BUNDLE_FILE), or undefined when it is not there. */
export async function readBundleFile(path: string): Promise<Buffer | undefined> {
  try {
    if (!bundleFolderThere(dirname(path))) return undefined;
    return await readFileCapped(path, MAX_BUNDLE_FILE, 'a certificate bundle file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * A bundle file's text, or undefined when it is not there. Read in place (readFileCappedSync): the
 * plan reads two files of every bundle, and the store is a local checkout.
 */
function readIfPresent(path: string): string | undefined {
  try {
    return readFileCappedSync(path, MAX_BUNDLE_FILE, 'a certificate bundle file').toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function readStoredCertificate(storeDir: string, name: string): Promise<StoredState> {
  const paths = bundlePaths(storeDir, name);
  try {
    if (!bundleFolderThere(paths.dir)) return { name, state: 'missing' };
    const manifestText = readIfPresent(paths.manifest);
    const fullchainPem = readIfPresent(paths.fullchain);
    const keyPresent = plainFileThere(paths.key);
    if (manifestText === undefined && fullchainPem === undefined && !keyPresent) {
      return { name, state: 'missing' };
    }
    if (manifestText === undefined) return unreadable(name, `${paths.manifest} is missing`);
    if (fullchainPem === undefined) return unreadable(name, `${paths.fullchain} is missing`);
    if (!keyPresent) return unreadable(name, `${paths.key} is missing`);
    const manifest = parseManifest(manifestText, paths.manifest);
    if (manifest.name !== name) {
      return unreadable(name, `${paths.manifest}: name is "${manifest.name}", expected "${name}"`);
    }
    let sha256: string;
    try {
      // The hash of the PEM's bytes, not a parse: the bundle verifier parses it (once) after this.
      sha256 = leafDerSha256(fullchainPem);
    } catch (error) {
      return unreadable(name, `${paths.fullchain}: not a PEM certificate chain (${errorMessage(error)})`);
    }
    if (sha256 !== manifest.certificateSha256) {
      return unreadable(
        name,
        `${paths.fullchain} does not match ${BUNDLE_FILES.manifest}: certificate SHA-256 is ${sha256}, the manifest says ${manifest.certificateSha256}`,
      );
    }
    return { name, state: 'present', manifest, fullchainPem, dir: paths.dir };
  } catch (error) {
    return unreadable(name, errorMessage(error));
  }
}

/** Whether a plain file is at `path`; a symlink or anything else there is an error, not absence. */
function plainFileThere(path: string): boolean {
  const stat = lstatOrAbsent(path);
  if (stat && !stat.isFile()) {
    throw new Error(`${path} is not a plain file (a symlink, folder or device); a bundle file must be one`);
  }
  return stat !== undefined;
}

function unreadable(name: string, error: string): StoredState {
  return { name, state: 'unreadable', error };
}

/** Names of the bundles in the store folder (folders holding a certificate.json). */
export async function listStoredCertificates(storeDir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(storeDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && existsSync(join(storeDir, entry.name, BUNDLE_FILES.manifest))) {
      names.push(entry.name);
    }
  }
  return names.sort();
}
