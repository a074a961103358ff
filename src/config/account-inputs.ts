/**
 * The inputs of `account`: which action (show, rollover, deactivate), and for deactivate the
 * consent. Shared by the CLI (`certflow account <action> [--yes] [--out FILE]`) and the Action
 * (`account-action`, `account-confirm`), so both say the same about bad values.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ENV_REF } from './schema.js';
import type { Command } from './settings.js';
import { didYouMean } from './suggest.js';
import type { Problems } from './values.js';

export const ACCOUNT_ACTIONS = ['show', 'rollover', 'deactivate'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

/** What `account` does; see Settings.account. */
export interface AccountRequest {
  action: AccountAction;
  /**
   * deactivate: consent given up front (`--yes`, or the Action's `account-confirm` equal to the
   * account URL). Without it the CLI asks on a terminal and refuses elsewhere.
   */
  yes: boolean;
  /** Action only: the account URL the user confirmed; deactivate refuses any other account. */
  confirmUrl?: string;
  /** rollover: the new key's file (absolute), created 0600, never over an existing one. */
  out?: string;
  /** The environment variable `acme.account-key` names, i.e. the secret to update after rollover. */
  keyVariable?: string;
}

export interface AccountInputNames {
  action: string;
  yes: string;
  out: string;
}

/**
 * `{action, yes, out}` for `account`; undefined for other commands (where the account inputs are
 * a problem, not silently ignored).
 */
export function parseAccountInputs(
  command: Command,
  action: string | undefined,
  yes: boolean,
  out: string | undefined,
  problems: Problems,
  names: AccountInputNames,
): AccountRequest | undefined {
  const a = action?.trim() ?? '';
  if (command !== 'account') {
    if (a) problems.add(names.action, 'only makes sense with account');
    if (yes) problems.add(names.yes, 'only makes sense with account deactivate');
    return undefined;
  }
  if (!(ACCOUNT_ACTIONS as readonly string[]).includes(a)) {
    problems.add(
      names.action,
      a
        ? `expected one of ${ACCOUNT_ACTIONS.join(', ')}, got '${a.slice(0, 80)}'${didYouMean(a, ACCOUNT_ACTIONS)}`
        : `missing: give one of ${ACCOUNT_ACTIONS.join(', ')}`,
    );
    return undefined;
  }
  const request: AccountRequest = { action: a as AccountAction, yes };
  if (yes && a !== 'deactivate') problems.add(names.yes, 'only makes sense with account deactivate');
  if (a === 'rollover') {
    if (!out)
      problems.add(
        names.out,
        'rollover writes the new account key to a new file: give its path with --out (it must not exist yet)',
      );
    else request.out = out;
  } else if (out) problems.add(names.out, 'only makes sense with account rollover');
  return request;
}

/**
 * The variable `acme.account-key` refers to (`${ACME_ACCOUNT_KEY}` -> ACME_ACCOUNT_KEY), read from
 * the file as written: after a rollover that is the secret to update. Undefined when the file
 * cannot be read or the field is not a reference (the config loader reports that on its own).
 */
export function accountKeyVariable(configPath: string): string | undefined {
  try {
    const raw = parseYaml(readFileSync(configPath, 'utf8')) as { acme?: { 'account-key'?: unknown } };
    const value = raw?.acme?.['account-key'];
    return typeof value === 'string' ? ENV_REF.exec(value)?.[1] : undefined;
  } catch {
    return undefined;
  }
}
