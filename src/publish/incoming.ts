/**
 * The bundles matrix shards renewed, as `command: publish` finds them (issue 22): each shard's
 * store folder, downloaded from its artifact. An artifact is input anyone who can run a workflow
 * (or who took over a shard job) can shape, so nothing is taken on trust:
 * - only folders named after configured certificates, holding only bundle files, regular files
 *   (no symlinks), each under the store's size cap;
 * - a changed bundle must pass the bundle verifier (chain to a trusted root, the configured names,
 *   manifest against certificate, unexpired), be sealed to exactly store.recipients with the key
 *   file the manifest binds, and be newer than the checkout's and issued within MAX_AGE_MS: a
 *   bundle replayed from an earlier run, or the stored one with a forged manifest, is refused;
 * - for an unchanged certificate only the guard's fields (history, back-off, ARI window) may change;
 * - two folders that disagree about one certificate give nothing for it.
 * Files equal to the checkout's are simply not news: every shard's folder is a whole store copy.
 */

import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { saneWindow } from '../acme/ari.js';
import type { Settings } from '../config/settings.js';
import { GUARD_STATE_FILE, parseGuardState } from '../guard/state.js';
import type { Manifest } from '../model.js';
import { parseManifest, serializeManifest } from '../store/manifest.js';
import { BUNDLE_FILES, MAX_BUNDLE_FILE, readBundleFile } from '../store/read.js';
import type { SealedBundle } from '../store/seal.js';
import type { TrustAnchors } from '../store/trust.js';
import { verifyBundle } from '../store/verify.js';
import { errorMessage } from '../util/errors.js';
import { readFileCapped } from '../util/fs.js';
import { sha256Hex } from '../util/x509.js';

/** A renewal is published by the run that ordered it, minutes later; a day covers retries. */
export const MAX_AGE_MS = 24 * 3600_000;

const KNOWN_FILES = new Set<string>([...Object.values(BUNDLE_FILES), GUARD_STATE_FILE]);

/** A renewed bundle taken from a shard's folder. */
export interface IncomingBundle {
  source: string;
  bundle: SealedBundle;
}

/** Guard state a shard changed: a manifest's history/back-off, or a state.json. */
export interface IncomingState {
  name: string;
  source: string;
  file: typeof BUNDLE_FILES.manifest | typeof GUARD_STATE_FILE;
  content: string;
}

export interface Refusal {
  name: string;
  source: string;
  reason: string;
}

export interface IncomingResult {
  bundles: IncomingBundle[];
  states: IncomingState[];
  refused: Refusal[];
  /** Store folders read (one per shard artifact). */
  stores: string[];
}

export interface IncomingOptions {
  /** The checkout's store folder: what is already published. */
  storeDir: string;
  trust: TrustAnchors;
  now: Date;
}

type Files = Map<string, string>;

/**
 * Reads every shard folder under `folders` (each a store copy, or a folder of store copies, as
 * download-artifact leaves them) and sorts what changed into taken and refused.
 */
export async function collectIncoming(
  settings: Pick<Settings, 'config'>,
  folders: string[],
  options: IncomingOptions,
): Promise<IncomingResult> {
  const stores = (await Promise.all(folders.map(storeFolders))).flat();
  const refused: Refusal[] = [];
  const byName = new Map<string, Array<{ source: string; files: Files }>>();
  for (const store of stores) {
    for (const entry of await readdir(store, { withFileTypes: true })) {
      const source = join(store, entry.name);
      if (!Object.hasOwn(settings.config.certificates, entry.name)) {
        refused.push({
          name: entry.name,
          source,
          reason: `not a certificate in the config (under certificates:); a shard writes only configured certificates' folders`,
        });
        continue;
      }
      const files = await readShardFiles(entry, source).catch((error: unknown) => {
        refused.push({ name: entry.name, source, reason: errorMessage(error) });
        return undefined;
      });
      if (!files) continue;
      const list = byName.get(entry.name) ?? [];
      list.push({ source, files });
      byName.set(entry.name, list);
    }
  }

  const bundles: IncomingBundle[] = [];
  const states: IncomingState[] = [];
  for (const [name, copies] of byName) {
    const stored = await storedFiles(options.storeDir, name);
    const changes = new Map<string, { source: string; files: Files }>();
    for (const copy of copies) {
      if (sameFiles(copy.files, stored)) continue;
      changes.set(fingerprint(copy.files), copy);
    }
    if (changes.size === 0) continue;
    const distinct = [...changes.values()];
    if (distinct.length > 1) {
      refused.push({
        name,
        source: distinct.map((c) => c.source).join(', '),
        reason: `${distinct.length} shard folders hold different changes for ${name}; each certificate belongs to one shard, so none is taken`,
      });
      continue;
    }
    const [change] = distinct as [{ source: string; files: Files }];
    try {
      const taken = judge(settings, name, change.files, stored, options);
      if (taken.bundle) bundles.push({ source: change.source, bundle: taken.bundle });
      for (const s of taken.states) states.push({ ...s, name, source: change.source });
    } catch (error) {
      refused.push({ name, source: change.source, reason: errorMessage(error) });
    }
  }
  bundles.sort((a, b) => a.bundle.name.localeCompare(b.bundle.name));
  return { bundles, states, refused, stores };
}

/**
 * `folder` itself when it holds bundle folders, else its sub-folders (download-artifact puts each
 * artifact in a folder of its own). A missing folder is an error: a typo must not publish nothing.
 */
async function storeFolders(folder: string): Promise<string[]> {
  const info = await lstat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(
      `publish: ${folder} is not a folder; give the folder(s) the shards' artifacts were downloaded to`,
    );
  }
  const entries = await readdir(folder, { withFileTypes: true });
  const looksLikeStore = async (dir: string, list: Dirent[]) => {
    for (const e of list) {
      if (!e.isDirectory()) continue;
      const inner = await readdir(join(dir, e.name)).catch(() => [] as string[]);
      if (inner.some((f) => KNOWN_FILES.has(f))) return true;
    }
    return false;
  };
  if (entries.length === 0 || (await looksLikeStore(folder, entries))) return [folder];
  return entries.filter((e) => e.isDirectory()).map((e) => join(folder, e.name));
}

/** The bundle files of one shard folder; anything else in it (a link, a stray file) refuses it. */
async function readShardFiles(entry: Dirent, source: string): Promise<Files> {
  if (!entry.isDirectory()) throw new Error(`${source} is not a folder (a link or a file)`);
  const files: Files = new Map();
  for (const f of await readdir(source, { withFileTypes: true })) {
    const path = join(source, f.name);
    if (!KNOWN_FILES.has(f.name)) {
      throw new Error(`${path} is not a bundle file (expected only ${[...KNOWN_FILES].join(', ')})`);
    }
    // lstat, not the dirent alone: a symlink would let a folder name any file on the runner.
    if (!(await lstat(path)).isFile()) throw new Error(`${path} is not a regular file (a link?)`);
    files.set(f.name, (await readFileCapped(path, MAX_BUNDLE_FILE, 'a bundle file')).toString('utf8'));
  }
  return files;
}

async function storedFiles(storeDir: string, name: string): Promise<Files> {
  const files: Files = new Map();
  for (const f of KNOWN_FILES) {
    const content = await readBundleFile(join(storeDir, name, f));
    if (content !== undefined) files.set(f, content.toString('utf8'));
  }
  return files;
}

/** A shard copy says nothing new when every file it holds is the checkout's. */
function sameFiles(copy: Files, stored: Files): boolean {
  for (const [f, content] of copy) if (stored.get(f) !== content) return false;
  return true;
}

function fingerprint(files: Files): string {
  return sha256Hex(JSON.stringify([...files].sort(([a], [b]) => a.localeCompare(b))));
}

/** Guard-owned manifest fields: a shard may change them without a new certificate. */
function withoutGuardFields(m: Manifest): string {
  const { history: _h, backoff: _b, ari: _a, ...rest } = m;
  return serializeManifest(rest as Manifest);
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  [...a].sort().join('\n') === [...b].sort().join('\n');

/** What to take from one changed shard copy; throws the reason to refuse it. */
function judge(
  settings: Pick<Settings, 'config'>,
  name: string,
  files: Files,
  stored: Files,
  options: IncomingOptions,
): { bundle?: SealedBundle; states: Array<Omit<IncomingState, 'name' | 'source'>> } {
  const manifestText = files.get(BUNDLE_FILES.manifest);
  const fullchain = files.get(BUNDLE_FILES.fullchain);
  const key = files.get(BUNDLE_FILES.key);
  const stateText = files.get(GUARD_STATE_FILE);
  const states: Array<Omit<IncomingState, 'name' | 'source'>> = [];
  const bundleChanged =
    manifestText !== stored.get(BUNDLE_FILES.manifest) ||
    fullchain !== stored.get(BUNDLE_FILES.fullchain) ||
    key !== stored.get(BUNDLE_FILES.key);

  if (!bundleChanged || (manifestText === undefined && fullchain === undefined && key === undefined)) {
    if (stateText !== undefined && stateText !== stored.get(GUARD_STATE_FILE)) {
      parseGuardState(stateText, `${name}/${GUARD_STATE_FILE}`, name);
      states.push({ file: GUARD_STATE_FILE, content: stateText });
    }
    return { states };
  }
  if (manifestText === undefined || fullchain === undefined || key === undefined) {
    const missing = Object.values(BUNDLE_FILES).filter((f) => !files.has(f));
    throw new Error(`the bundle is incomplete (no ${missing.join(', ')})`);
  }
  const manifest = parseManifest(manifestText, `${name}/${BUNDLE_FILES.manifest}`);
  if (manifest.name !== name) throw new Error(`the manifest names "${manifest.name}", not ${name}`);
  const verdict = verifyBundle(name, manifest, fullchain, {
    domains: settings.config.certificates[name]?.domains,
    trust: options.trust,
    now: options.now,
    requireUnexpired: true,
  });
  if (!verdict.ok || !verdict.leaf) {
    throw new Error(`the bundle does not verify: ${verdict.findings.map((f) => f.message).join('; ')}`);
  }
  if (sha256Hex(key) !== manifest.privateKeySha256) {
    throw new Error(
      `${BUNDLE_FILES.key} is not the file the manifest binds (its SHA-256 is ${sha256Hex(key)}, privateKeySha256 says ${manifest.privateKeySha256})`,
    );
  }
  if (!sameList(manifest.recipients, settings.config.store.recipients)) {
    throw new Error(
      `the key is sealed to ${manifest.recipients.join(', ')}, not to store.recipients (${settings.config.store.recipients.join(', ')})`,
    );
  }

  const storedText = stored.get(BUNDLE_FILES.manifest);
  const previous = storedText === undefined ? undefined : safeManifest(storedText, name);
  if (previous && previous.certificateSha256 === manifest.certificateSha256) {
    // The stored certificate: only the guard's fields may differ (a failed renewal's history).
    if (
      key !== stored.get(BUNDLE_FILES.key) ||
      withoutGuardFields(previous) !== withoutGuardFields(manifest)
    ) {
      throw new Error(
        'it holds the stored certificate with other changes than history, back-off or ARI window; a shard never does that',
      );
    }
    // A moved ARI window passes the same check as the CA's answer did in the shard (issue 22).
    const ari = manifest.ari;
    if (ari && JSON.stringify(ari) !== JSON.stringify(previous.ari)) {
      const refused = saneWindow(ari, ari.explanationUrl, options.now);
      if (typeof refused === 'string') throw new Error(`its ARI window is refused: ${refused}`);
    }
    states.push({ file: BUNDLE_FILES.manifest, content: manifestText });
    return { states };
  }
  const notBefore = verdict.leaf.notBefore.getTime();
  if (previous && notBefore <= Date.parse(previous.notBefore)) {
    throw new Error(
      `its certificate (serial ${manifest.serial}, valid from ${verdict.leaf.notBefore.toISOString()}) is not newer than the stored one (serial ${previous.serial}, valid from ${previous.notBefore}): a replayed bundle`,
    );
  }
  if (notBefore < options.now.getTime() - MAX_AGE_MS) {
    throw new Error(
      `its certificate was issued ${verdict.leaf.notBefore.toISOString()}, more than ${MAX_AGE_MS / 3600_000} h ago: not a renewal of this run (a replayed bundle?)`,
    );
  }
  return {
    bundle: {
      name,
      manifest,
      files: { 'certificate.json': manifestText, 'fullchain.pem': fullchain, 'privkey.pem.age': key },
    },
    states,
  };
}

/** The checkout's manifest, or undefined when it does not parse (then anything verified replaces it). */
function safeManifest(text: string, name: string): Manifest | undefined {
  try {
    return parseManifest(text, `${name}/${BUNDLE_FILES.manifest}`);
  } catch {
    return undefined;
  }
}
