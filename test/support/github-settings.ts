/** Settings for publish tests: only what publishing reads is real, the rest is a harmless default. */
import type { Settings } from '../../src/config/settings.js';
import type { GitHubServer } from './github-server.js';
import { DEFAULT_TOKEN } from './github-server.js';

export function publishSettings(
  workspace: string,
  recipients: string[],
  overrides: Partial<Settings> = {},
  gh?: GitHubServer,
  token = DEFAULT_TOKEN,
): Settings {
  return {
    command: 'renew',
    configPath: `${workspace}/.github/certflow.yml`,
    workspace,
    config: { store: { path: 'certificates', recipients } } as unknown as Settings['config'],
    force: [],
    forceUnsafe: false,
    publish: 'pull-request',
    push: false,
    prBranch: 'certflow/renewal',
    stateBranch: 'certflow/state',
    prLabels: ['certificates'],
    dryRun: false,
    deploy: false,
    concurrency: 4,
    alertIssue: false,
    webhookAlways: false,
    json: false,
    ...(gh
      ? { github: { token, owner: gh.owner, repo: gh.repo, apiUrl: gh.url, baseBranch: gh.defaultBranch } }
      : {}),
    ...overrides,
  };
}
