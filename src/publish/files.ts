/** The files a publish puts in the repository, with paths as git sees them. */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import type { Settings } from '../config/settings.js';
import { storeDir } from '../store/read.js';
import type { SealedBundle } from '../store/seal.js';
import { UsageError } from '../util/errors.js';

export interface BundleFile {
  /** Relative to the repository root (the workspace), with forward slashes. */
  path: string;
  content: string;
  bundle: string;
}

/**
 * A store file published alongside (or without) bundles, such as a certificate's guard state:
 * `path` is relative to the store folder (`www/state.json`); `content: null` deletes the file.
 */
export interface ExtraFile {
  path: string;
  content: string | null;
}

/** A file a commit writes (`content`) or deletes (`null`), relative to the repository root. */
export interface StoreChange {
  path: string;
  content: string | null;
  bundle: string;
}

/** The store folder relative to the repository root, e.g. `certificates` or `.github/certificates`. */
export function storePathInRepo(settings: Settings): string {
  const rel = relative(settings.workspace, storeDir(settings)).split(sep).join('/');
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(
      `store.path "${settings.config.store.path}" must be a folder inside the repository (${settings.workspace}) to be published`,
      [{ path: 'store.path', message: 'must be inside the repository', file: settings.configPath }],
    );
  }
  return rel;
}

export function bundleFiles(settings: Settings, bundles: SealedBundle[]): BundleFile[] {
  const base = storePathInRepo(settings);
  return bundles.flatMap((bundle) =>
    Object.entries(bundle.files).map(([file, content]) => ({
      path: `${base}/${bundle.name}/${file}`,
      content,
      bundle: bundle.name,
    })),
  );
}

/**
 * Extra files as repository paths. A path that would leave the store (absolute, `..`) is refused:
 * the publish commits the store and nothing else.
 */
export function extraChanges(settings: Settings, extras: ExtraFile[]): StoreChange[] {
  const base = storePathInRepo(settings);
  return extras.map((extra) => {
    const rel = extra.path.split(sep).join('/');
    if (rel === '' || isAbsolute(rel) || rel.split('/').some((s) => s === '..' || s === '' || s === '.')) {
      throw new Error(
        `publish: extra file "${extra.path}" must be a plain path inside the store (like www/state.json); this is a bug in the caller`,
      );
    }
    return { path: `${base}/${rel}`, content: extra.content, bundle: rel.split('/')[0] ?? rel };
  });
}

/** The SHA git gives a blob with this content: lets us tell "unchanged" without uploading anything. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
