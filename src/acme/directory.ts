/**
 * Which ACME directory a run uses and which extra roots it trusts: what the plan's ARI refresh
 * needs, apart from acme-client (src/acme/session.ts), so a plan never loads it (issue 22).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../config/settings.js';
import { errorMessage } from '../util/errors.js';
import { IssueError } from './errors.js';
import { primaryIssuer } from './issuers.js';

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

/** The directory URL the first CA of this run is asked at (rate-limit policy, plan's ARI). */
export function resolveDirectoryUrl(settings: Pick<Settings, 'config' | 'dryRun'>): string {
  return primaryIssuer(settings).directory;
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
