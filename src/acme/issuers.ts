/**
 * The CAs of a run, in order (`acme.issuers`, issue 19): the single `acme.directory` of old
 * configs, that CA followed by fallbacks, or a list of its own. Each CA has its own account key
 * and binding. A bundle is tied to the CA that issued it (its manifest's `acmeDirectory`), so
 * ARI and revocation go there and never to another CA on the bundle's word alone.
 */
import { DIRECTORY_NAMES, directoryByName } from '../config/schema.js';
import type { Settings } from '../config/settings.js';
import type { Manifest } from '../model.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { IssueError } from './errors.js';

export interface Issuer {
  /** The directory URL this run talks to (a dry run's staging one). */
  directory: string;
  /** The directory URL as configured (names resolved), which manifests record. */
  configured: string;
  accountKey: string;
  eab?: { keyId: string; hmacKey: string };
  /** Where the CA is configured, for messages: `acme` or `acme.issuers[1]`. */
  where: string;
  /** 0 for the first (primary) CA. */
  index: number;
}

/** Production -> staging, for dry runs. CAs without staging keep their one directory. */
const STAGING: Record<string, string> = {
  [DIRECTORY_NAMES.letsencrypt]: DIRECTORY_NAMES['letsencrypt-staging'],
  [DIRECTORY_NAMES.google]: DIRECTORY_NAMES['google-staging'],
  [DIRECTORY_NAMES.buypass]: DIRECTORY_NAMES['buypass-staging'],
};

export function directoryUrl(value: string): string {
  return directoryByName(value) ?? value;
}

function forRun(url: string, dryRun: boolean, dryRunDirectory: string | undefined): string {
  if (!dryRun) return url;
  if (dryRunDirectory) return directoryUrl(dryRunDirectory);
  return Object.hasOwn(STAGING, url) ? (STAGING[url] as string) : url;
}

/**
 * The CAs to order from, first to last. With `acme.issuers` and `acme.account-key`, the top-level
 * CA comes first; with `acme.issuers` alone, the list is the whole story. A dry run with
 * `dry-run-directory` talks to that one directory only, with the first CA's account.
 */
export function configuredIssuers(settings: Pick<Settings, 'config' | 'dryRun'>): Issuer[] {
  const a = settings.config.acme;
  const out: Issuer[] = [];
  const add = (
    directory: string,
    accountKey: string,
    eab: { 'key-id': string; 'hmac-key': string } | undefined,
    where: string,
  ) => {
    const configured = directoryUrl(directory);
    out.push({
      directory: forRun(configured, settings.dryRun, a['dry-run-directory']),
      configured,
      accountKey,
      eab: eab ? { keyId: eab['key-id'], hmacKey: eab['hmac-key'] } : undefined,
      where,
      index: out.length,
    });
  };
  if (a['account-key'] !== undefined || !a.issuers) {
    add(a.directory, a['account-key'] ?? '', a['external-account-binding'], 'acme');
  }
  a.issuers?.forEach((issuer, i) => {
    add(issuer.directory, issuer['account-key'], issuer['external-account-binding'], `acme.issuers[${i}]`);
  });
  // One staging directory stands for every CA of a dry run that names it: ask it once.
  if (settings.dryRun && a['dry-run-directory']) return out.slice(0, 1);
  return out;
}

/** The first CA: the one a bundle without `acmeDirectory` (written before issue 19) belongs to. */
export function primaryIssuer(settings: Pick<Settings, 'config' | 'dryRun'>): Issuer {
  return configuredIssuers(settings)[0] as Issuer;
}

/**
 * The CA that issued a bundle: the configured CA whose directory the manifest records, the first
 * CA for a manifest that records none. A directory no longer configured is refused, not guessed:
 * the manifest is written by whoever can push to the branch, and certflow sends requests (and
 * account signatures) only to CAs the config names.
 */
export function issuerOf(
  settings: Pick<Settings, 'config' | 'dryRun'>,
  manifest: { acmeDirectory?: string } | undefined,
  what: string,
): Issuer {
  const issuers = configuredIssuers(settings);
  const recorded = manifest?.acmeDirectory;
  if (!recorded) return issuers[0] as Issuer;
  const found = issuers.find((i) => i.configured === recorded || i.directory === recorded);
  if (found) return found;
  throw new IssueError(
    `${what} was issued by ${recorded}, which is not among the configured CAs (${issuers.map((i) => i.configured).join(', ')})`,
    'add that CA back to acme.issuers (with its account key) to reach it, or act at the CA by hand',
  );
}

/**
 * Stored manifests by the configured CA that issued them. One whose CA is no longer configured is
 * left out (its stored window stands) with a warning: a manifest never sends us to a CA of its own.
 */
export function byIssuer(
  settings: Pick<Settings, 'config' | 'dryRun'>,
  stored: Map<string, Manifest | undefined>,
  log: Pick<Logger, 'warn'>,
): Map<Issuer, Map<string, Manifest | undefined>> {
  const groups = new Map<Issuer, Map<string, Manifest | undefined>>();
  const issuers = configuredIssuers(settings);
  for (const [name, manifest] of stored) {
    if (!manifest?.ariCertId) continue;
    let issuer: Issuer;
    try {
      issuer = issuerOf(settings, manifest, `certificate ${name}`);
    } catch (error) {
      log.warn(`ARI for ${name}: ${errorMessage(error)}; keeping the stored window`);
      continue;
    }
    // issuerOf builds its own list: key the groups by the shared objects.
    const key = issuers[issuer.index] as Issuer;
    if (!groups.has(key)) groups.set(key, new Map());
    groups.get(key)?.set(name, manifest);
  }
  return groups;
}
