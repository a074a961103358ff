/**
 * `verify`: proves every stored bundle (store/verify.ts) and, given a base revision (a pull
 * request's base), says what changed per certificate and flags what needs a careful human look.
 * It reads no secret: the chain, the names and the manifest are all public, which is what makes
 * it safe to run on pull requests from forks.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Settings } from '../config/settings.js';
import type { Manifest } from '../model.js';
import { BUNDLE_FILES, readStoredCertificate, storeDir } from '../store/read.js';
import { loadTrustAnchors } from '../store/trust.js';
import { type StoredVerdict, verifyStoredBundle } from '../store/verify-stored.js';
import { runGit } from '../util/git.js';
import type { Logger } from '../util/log.js';
import {
  type CertificateChange,
  compareCertificate,
  configFlags,
  leafView,
  type ReviewFlag,
  recipientsFlag,
} from '../verify/compare.js';
import { daneFlag, daneSide } from '../verify/dane.js';
import { storePrefix } from './changed.js';

export interface VerifyResult {
  /** One per configured (selected) certificate that has a bundle. */
  verdicts: StoredVerdict[];
  /** Configured certificates with nothing stored yet (not an error: not issued yet). */
  missing: string[];
  base?: string;
  changes: CertificateChange[];
  flags: ReviewFlag[];
  /** Paths (relative to the workspace) of each bundle's files, for annotations. */
  storePath: string;
}

export async function runVerify(
  settings: Settings,
  log: Logger,
  now: Date = new Date(),
): Promise<VerifyResult> {
  const dir = storeDir(settings);
  const trust = await loadTrustAnchors(settings);
  const names = Object.keys(settings.config.certificates).filter(
    (n) => !settings.only?.length || settings.only.includes(n),
  );
  const verdicts: StoredVerdict[] = [];
  const missing: string[] = [];
  for (const name of names) {
    if ((await readStoredCertificate(dir, name)).state === 'missing') {
      missing.push(name);
      continue;
    }
    const verdict = await verifyStoredBundle(settings, dir, name, trust, 'verify', now);
    if (verdict.ok) log.info(`bundle ${name} valid: ${verdict.path?.join(' <- ') ?? ''}`);
    else for (const f of verdict.findings) log.error(f.message);
    verdicts.push(verdict);
  }
  const result: VerifyResult = {
    verdicts,
    missing,
    changes: [],
    flags: [],
    storePath: settings.config.store.path,
  };
  if (settings.base) {
    result.base = settings.base;
    await compareWithBase(settings, result);
  }
  return result;
}

/** git in the workspace; throws with git's words and what to do. */
async function git(settings: Settings, args: string[]): Promise<string> {
  const r = await runGit(settings.workspace, args);
  if (r.code !== 0) {
    const said = r.stderr.trim().split('\n')[0] || `exit code ${r.code}`;
    throw new Error(
      `git ${args[0]} failed in ${settings.workspace} (${said}); the checkout must hold the base commit (actions/checkout with fetch-depth: 0)`,
    );
  }
  return r.stdout;
}

/** A file at the base revision, or undefined when it did not exist there. */
async function atBase(settings: Settings, base: string, path: string): Promise<string | undefined> {
  const r = await runGit(settings.workspace, ['show', `${base}:./${path}`]);
  return r.code === 0 ? r.stdout : undefined;
}

async function compareWithBase(settings: Settings, result: VerifyResult): Promise<void> {
  const base = settings.base as string;
  if (base.startsWith('-')) throw new Error(`--base '${base}' is not a revision`);
  await git(settings, ['rev-parse', '--verify', '--quiet', `${base}^{commit}`]);
  const changed = (
    await git(settings, ['diff', '--name-only', '-z', '--no-renames', '--relative', base, '--'])
  )
    .split('\0')
    .filter(Boolean);
  const untracked = (await git(settings, ['ls-files', '-z', '--others', '--exclude-standard']))
    .split('\0')
    .filter(Boolean);
  const prefix = storePrefix(settings.config.store.path);
  const bundles = new Set<string>();
  for (const path of [...new Set([...changed, ...untracked])].sort()) {
    const rest =
      prefix === undefined
        ? undefined
        : prefix === ''
          ? path
          : path.startsWith(`${prefix}/`)
            ? path.slice(prefix.length + 1)
            : undefined;
    const parts = rest?.split('/') ?? [];
    if (rest !== undefined && parts.length === 2 && parts[0]) {
      bundles.add(parts[0]);
    } else if (rest === undefined) {
      result.flags.push({ kind: 'file', file: path, message: `${path} changed outside the store` });
    }
  }
  for (const name of [...bundles].sort()) {
    const folder = `${prefix ? `${prefix}/` : ''}${name}`;
    const oldChain = await atBase(settings, base, `${folder}/${BUNDLE_FILES.fullchain}`);
    const oldManifest = parseLoose(await atBase(settings, base, `${folder}/${BUNDLE_FILES.manifest}`));
    const stored = await readStoredCertificate(storeDir(settings), name);
    const before = oldChain ? leafView(oldChain, oldManifest) : undefined;
    const after = stored.state === 'present' ? leafView(stored.fullchainPem, stored.manifest) : undefined;
    const newRecipients = stored.state === 'present' ? stored.manifest.recipients : undefined;
    const sealedTo = recipientsFlag(
      `${folder}/${BUNDLE_FILES.manifest}`,
      name,
      oldManifest?.recipients,
      newRecipients,
    );
    if (sealedTo) result.flags.push(sealedTo);
    const dane = daneFlag(
      `${folder}/${BUNDLE_FILES.manifest}`,
      name,
      daneSide(before?.publicKeySha256, oldManifest),
      daneSide(after?.publicKeySha256, stored.state === 'present' ? stored.manifest : undefined),
    );
    if (dane) result.flags.push(dane);
    if (!before && !after) continue;
    if (before && after && JSON.stringify(before) === JSON.stringify(after)) continue;
    result.changes.push(compareCertificate(name, before, after));
  }
  const configRel = relative(settings.workspace, settings.configPath);
  if (!configRel.startsWith('..') && !isAbsolute(configRel)) {
    const oldConfig = await atBase(settings, base, configRel);
    const newConfig = await readFile(settings.configPath, 'utf8');
    result.flags.push(...configFlags(configRel, yamlOf(oldConfig), yamlOf(newConfig)));
  }
}

function parseLoose(text: string | undefined): Manifest | undefined {
  try {
    return text ? (JSON.parse(text) as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

function yamlOf(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : parseYaml(text);
  } catch {
    return undefined;
  }
}
