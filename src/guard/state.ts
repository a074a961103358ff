/**
 * Where the guard's memory lives between runs. A certificate with a manifest keeps `history` and
 * `backoff` in its `certificate.json` (the plan reads the back-off there). A certificate that never
 * issued has no manifest, so its failures go to `certificates/<name>/state.json`, a file with only
 * those two fields; it is folded into the manifest by the first success and then removed.
 * Both files are clear text meant to be committed: they hold times, names and error words, never
 * secrets. Writes are atomic (temp file + rename) and stable (same content, same bytes).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { IssuanceRecord, Manifest } from '../model.js';
import { ariWindowSchema, manifestSchema, serializeManifest } from '../store/manifest.js';
import { bundlePaths } from '../store/read.js';
import { writeFileAtomic } from '../store/write.js';
import { errorMessage } from '../util/errors.js';
import type { GuardUpdate } from './backoff.js';
import type { GuardHistory } from './history.js';

export const GUARD_STATE_FILE = 'state.json';

const stateSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().min(1),
  history: manifestSchema.shape.history.unwrap(),
  backoff: manifestSchema.shape.backoff,
  ari: ariWindowSchema.extend({ certId: z.string().min(1) }).optional(),
});

export function guardStatePath(storeDir: string, name: string): string {
  return join(storeDir, name, GUARD_STATE_FILE);
}

/** The state file alone, or undefined when there is none. A corrupt file is an error naming it. */
export async function readGuardStateFile(storeDir: string, name: string): Promise<GuardHistory | undefined> {
  const path = guardStatePath(storeDir, name);
  // Most certificates have none: asking first is a cheap check where a failed open made and threw
  // an error per certificate (a plan over 10,000, issue 22).
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseGuardState(text, path, name);
}

/** A state.json text, checked against the schema; errors name `path` and what to do. */
export function parseGuardState(text: string, path: string, name: string): GuardHistory {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${errorMessage(error)}); delete the file to reset the guard`);
  }
  const parsed = stateSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${path}: ${problems.join('; ')}; delete the file to reset the guard`);
  }
  if (parsed.data.name !== name) {
    throw new Error(`${path}: name is "${parsed.data.name}", expected "${name}"`);
  }
  return {
    history: parsed.data.history as IssuanceRecord[],
    ...(parsed.data.backoff ? { backoff: parsed.data.backoff } : {}),
    ...(parsed.data.ari ? { ari: parsed.data.ari } : {}),
  };
}

/**
 * The guard state of a certificate: the manifest's history and back-off, plus whatever a state file
 * holds (normally only for certificates without a manifest). A state-file back-off older than the
 * manifest's issuance is stale (a success came after it) and is ignored.
 */
export async function readGuardState(
  storeDir: string,
  name: string,
  manifest?: Manifest,
): Promise<GuardHistory> {
  return mergeGuardState(manifest, await readGuardStateFile(storeDir, name));
}

/** readGuardState with the state file already read (`file`: its content, undefined without one). */
export function mergeGuardState(
  manifest: Manifest | undefined,
  file: GuardHistory | undefined,
): GuardHistory {
  const history = mergeHistory(manifest?.history ?? [], file?.history ?? []);
  let backoff = manifest?.backoff;
  const fileBackoff = file?.backoff;
  if (fileBackoff && (!manifest || Date.parse(fileBackoff.lastAt) > Date.parse(manifest.issuedAt))) {
    if (!backoff || Date.parse(fileBackoff.lastAt) > Date.parse(backoff.lastAt)) backoff = fileBackoff;
  }
  return { history, ...(backoff ? { backoff } : {}) };
}

/** Each certificate's state file, read once for a run: its content, none, or why it is unreadable. */
export type GuardStateFiles = Map<string, GuardHistory | undefined | Error>;

export async function readGuardStateFiles(
  storeDir: string,
  names: readonly string[],
): Promise<GuardStateFiles> {
  const files: GuardStateFiles = new Map();
  for (const name of names) {
    files.set(
      name,
      await readGuardStateFile(storeDir, name).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      ),
    );
  }
  return files;
}

function mergeHistory(a: readonly IssuanceRecord[], b: readonly IssuanceRecord[]): IssuanceRecord[] {
  const seen = new Set<string>();
  const out: IssuanceRecord[] = [];
  for (const r of [...a, ...b]) {
    const id = `${r.at}|${r.result}|${r.serial ?? ''}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(r);
  }
  return out.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}

export function serializeGuardState(name: string, state: GuardHistory): string {
  const body = {
    version: 1,
    name,
    history: state.history.map(sortRecord),
    ...(state.backoff ? { backoff: sortRecord(state.backoff) } : {}),
    ...(state.ari ? { ari: sortRecord(state.ari) } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function sortRecord<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    const value = (record as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

export interface SavedGuardState {
  /** Absolute path of the file written: publish it with the run's other changes. */
  file: string;
  /** False when the content was already on disk. */
  changed: boolean;
}

/**
 * Persists a failure (from `recordFailure`): into `certificate.json` when the certificate has a
 * manifest (only `history` and `backoff` change, so the bundle stays bound to its key), otherwise
 * into `state.json`.
 */
export async function saveFailure(
  storeDir: string,
  name: string,
  manifest: Manifest | undefined,
  update: GuardUpdate,
): Promise<SavedGuardState> {
  if (manifest) {
    const file = bundlePaths(storeDir, name).manifest;
    const next: Manifest = { ...manifest, history: update.history };
    if (update.backoff) next.backoff = update.backoff;
    else delete next.backoff;
    return { file, changed: await writeFileAtomic(file, serializeManifest(next)) };
  }
  return writeGuardStateFile(storeDir, name, {
    history: update.history,
    ...(update.backoff ? { backoff: update.backoff } : {}),
  });
}

/** Writes `state.json` (creating the certificate's folder when needed). */
export async function writeGuardStateFile(
  storeDir: string,
  name: string,
  state: GuardHistory,
): Promise<SavedGuardState> {
  await mkdir(join(storeDir, name), { recursive: true, mode: 0o755 });
  const file = guardStatePath(storeDir, name);
  return { file, changed: await writeFileAtomic(file, serializeGuardState(name, state)) };
}

/** Removes `state.json` after a success has carried its history into the manifest. */
export async function clearGuardState(storeDir: string, name: string): Promise<SavedGuardState> {
  const file = guardStatePath(storeDir, name);
  const existed = await readFile(file).then(
    () => true,
    () => false,
  );
  await rm(file, { force: true });
  return { file, changed: existed };
}

/**
 * Pull-request mode: the ARI windows kept in state.json (from the state branch) replace the
 * manifests' older ones, in place, before anything asks the CA again, so a window stored by an
 * earlier run is the cache and is not "moved" a second time. Only a window for the manifest's own
 * certificate (same ARI ID) and newer than the manifest's counts. Unreadable files are skipped:
 * the plan reports them through the guard.
 */
export async function applyStateWindows(
  storeDir: string,
  manifests: Map<string, Manifest | undefined>,
  files?: GuardStateFiles,
): Promise<void> {
  for (const [name, manifest] of manifests) {
    if (!manifest?.ariCertId) continue;
    const state = files ? files.get(name) : await readGuardStateFile(storeDir, name).catch(() => undefined);
    const window = state instanceof Error ? undefined : state?.ari;
    if (!window || window.certId !== manifest.ariCertId) continue;
    if (manifest.ari && Date.parse(manifest.ari.checkedAt) >= Date.parse(window.checkedAt)) continue;
    const { certId: _id, ...ari } = window;
    manifest.ari = ari;
  }
}
