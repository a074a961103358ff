/**
 * The part of reading settings the Action and the CLI share: load the file, then check the
 * inputs that refer to it (certificate names) and those that need each other.
 */

import { describeSelectors, knownTags, selectHosts } from '../deploy/select.js';
import { allRecipients } from '../store/recipients.js';
import type { Problem } from '../util/errors.js';
import { UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { loadConfig } from './load.js';
import type { Settings } from './settings.js';
import { didYouMean } from './suggest.js';

export interface SettingsRequest extends Omit<Settings, 'config'> {
  /** The config path as shown in messages and annotations. */
  displayPath: string;
  /** How the user spells the inputs that name certificates ("force" / "--force"). */
  names: { force: string; only: string; hosts?: string };
}

export async function completeSettings(
  request: SettingsRequest,
  env: Readonly<Record<string, string | undefined>>,
  log: Logger,
): Promise<Settings> {
  const { displayPath, names, ...rest } = request;
  const missingEnv = (path: ReadonlyArray<PropertyKey>) => secretNeeded(request, path);
  const config = await loadConfig(request.configPath, { displayPath, env, log, missingEnv });
  const known = Object.keys(config.certificates);
  const problems: Problem[] = [];
  const checkNames = (input: string, list: string[]) => {
    for (const name of list) {
      if (!known.includes(name)) {
        problems.push({
          path: input,
          message: `no certificate '${name}' in ${displayPath}${didYouMean(name, known)}; known: ${known.join(', ') || '(none)'}`,
        });
      }
    }
  };
  if (request.force !== 'all') checkNames(names.force, request.force);
  if (request.only) checkNames(names.only, request.only);
  if (
    (request.command === 'renew' || request.command === 'rotate' || request.command === 'publish') &&
    (request.publish === 'pull-request' || request.publish === 'commit') &&
    !request.github
  ) {
    problems.push({
      path: 'publish',
      message: `${request.publish} needs a GitHub token and repository (github-token input, or GITHUB_TOKEN and GITHUB_REPOSITORY); use publish git or none outside GitHub`,
    });
  }
  if (request.hosts) {
    // A typo in a tag must stop the run before anything is ordered or changed, not after.
    const ssh = Object.values(config.targets).flatMap((t) => (t.type === 'ssh' ? [t] : []));
    if (!ssh.some((t) => selectHosts(t, request.hosts ?? []))) {
      problems.push({
        path: names.hosts ?? 'hosts',
        message: `${describeSelectors(request.hosts)} matches no host of any SSH target in ${displayPath}; tags in the config: ${knownTags(ssh).join(', ') || '(none)'}`,
      });
    }
  }
  if (request.command === 'renew' || request.command === 'rotate') {
    const pinned = recipientsPinProblem(env.CERTFLOW_RECIPIENTS, allRecipients(config), displayPath);
    if (pinned) problems.push(pinned);
  }
  if (problems.length > 0) {
    throw new UsageError(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} with the inputs`,
      problems,
    );
  }
  return { ...rest, config };
}

/**
 * Whether a command uses the field at `path`, so that a missing variable there is an error. Each
 * job then holds only the secrets it uses (least privilege): plan, check and decrypt read no
 * secret from the file, renew needs the CA and DNS credentials (and the SSH ones only when it
 * deploys), deploy needs only the SSH ones.
 */
export function secretNeeded(
  request: Pick<Settings, 'command' | 'deploy'>,
  path: ReadonlyArray<PropertyKey>,
): boolean {
  const section = path[0];
  switch (request.command) {
    case 'renew':
      return section === 'acme' || section === 'dns' || (section === 'targets' && request.deploy);
    case 'deploy':
      return section === 'targets';
    case 'revoke':
    case 'account':
    case 'persist-records':
      return section === 'acme';
    case 'rotate':
      return section === 'acme' || section === 'dns' || section === 'targets';
    default:
      return false;
  }
}

/**
 * Recipients pinning. The recipients in the config (store.recipients, and each certificate's and
 * target's `recipients:`) decide who can open the keys renew seals, and anyone with write access
 * can change them on a branch. CERTFLOW_RECIPIENTS, set in the protected environment that holds
 * the renew secrets, states the expected list; when it is set and the config's recipients, all
 * of them together, differ from it (in any member, order aside), renew refuses before anything is
 * issued. A recipient added to one certificate is caught as surely as one added to the store.
 */
export function recipientsPinProblem(
  pinned: string | undefined,
  recipients: readonly string[],
  displayPath: string,
): Problem | undefined {
  if (pinned === undefined || pinned.trim() === '') return undefined;
  const want = new Set(pinned.split(/[\s,]+/).filter((r) => r.length > 0));
  const have = new Set(recipients);
  const extra = [...have].filter((r) => !want.has(r));
  const missing = [...want].filter((r) => !have.has(r));
  if (extra.length === 0 && missing.length === 0) return undefined;
  const parts = [
    extra.length > 0 ? `not pinned: ${extra.join(', ')}` : '',
    missing.length > 0 ? `pinned but missing: ${missing.join(', ')}` : '',
  ].filter(Boolean);
  return {
    path: 'store.recipients',
    message: `${displayPath} recipients (store, certificates and targets together) differ from CERTFLOW_RECIPIENTS (${parts.join('; ')}); renew will not seal keys to recipients the protected environment did not pin. If the change is intended, update CERTFLOW_RECIPIENTS in the certflow-renew environment too`,
  };
}
