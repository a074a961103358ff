/**
 * Which ACME directory a run uses and which extra roots it trusts: what the plan's ARI refresh
 * needs, apart from acme-client (src/acme/session.ts), so a plan never loads it (issue 22).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIRECTORY_NAMES, directoryByName } from '../config/schema.js';
import type { Settings } from '../config/settings.js';
import { errorMessage } from '../util/errors.js';
import { IssueError } from './errors.js';

export interface Directory {
  newNonce?: string;
  newAccount?: string;
  newOrder?: string;
  renewalInfo?: string;
  meta?: {
    termsOfService?: string;
    /** RFC 8555: hostnames the CA recognises in CAA "issue" records. */
    caaIdentities?: string[];
    externalAccountRequired?: boolean;
    /** draft-ietf-acme-profiles: profile name -> description. */
    profiles?: Record<string, string>;
  };
}

/** Production -> staging, for dry runs. CAs without staging keep their one directory. */
const STAGING: Record<string, string> = {
  [DIRECTORY_NAMES.letsencrypt]: DIRECTORY_NAMES['letsencrypt-staging'],
  [DIRECTORY_NAMES.google]: DIRECTORY_NAMES['google-staging'],
  [DIRECTORY_NAMES.buypass]: DIRECTORY_NAMES['buypass-staging'],
};

function directoryUrl(value: string): string {
  return directoryByName(value) ?? value;
}

/** The directory URL this run orders from. */
export function resolveDirectoryUrl(settings: Pick<Settings, 'config' | 'dryRun'>): string {
  const { acme: a } = settings.config;
  const main = directoryUrl(a.directory);
  if (!settings.dryRun) return main;
  if (a['dry-run-directory']) return directoryUrl(a['dry-run-directory']);
  return Object.hasOwn(STAGING, main) ? (STAGING[main] as string) : main;
}

export async function readTrust(settings: Pick<Settings, 'config' | 'workspace'>): Promise<string[]> {
  const out: string[] = [];
  for (const file of settings.config.acme.trust ?? []) {
    const full = path.resolve(settings.workspace, file);
    try {
      out.push(await readFile(full, 'utf8'));
    } catch (error) {
      throw new IssueError(
        `acme.trust: cannot read ${file} (${full}): ${errorMessage(error)}`,
        'list PEM files relative to the repository root',
      );
    }
  }
  return out;
}
