/** The files a publish puts in the repository, with paths as git sees them. */
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Settings } from '../config/settings.js';
import type { SealedBundle } from '../store/seal.js';
import { UsageError } from '../util/errors.js';

export interface BundleFile {
  /** Relative to the repository root (the workspace), with forward slashes. */
  path: string;
  content: string;
  bundle: string;
}

/** Absolute path of the store folder. */
export function storeDir(settings: Settings): string {
  const path = settings.config.store.path;
  return isAbsolute(path) ? path : join(settings.workspace, path);
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

/** The SHA git gives a blob with this content: lets us tell "unchanged" without uploading anything. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
