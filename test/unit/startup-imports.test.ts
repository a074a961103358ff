/**
 * Start-up (issue 22): what each entry loads before it runs, read from the sources' static import
 * graph (dynamic `import()` becomes a chunk the bundle loads on demand). `--version` must load no
 * library at all, and a command must not load the libraries of other commands: Octokit only for
 * GitHub, acme-client only to order, ssh2 only to deploy. test/unit/bundle-startup.test.ts checks
 * the same on the built dist/.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticClosure } from '../support/import-graph.js';

const ROOT = join(import.meta.dirname, '..', '..');
const closure = (file: string) => staticClosure(join(ROOT, file), ROOT);
const HEAVY = {
  octokit: '@octokit/rest',
  'actions-github': '@actions/github',
  acme: 'acme-client',
  ssh2: 'ssh2',
  'node-ssh': 'node-ssh',
  aws: '@aws-sdk/client-route-53',
  age: 'age-encryption',
} as const;
type Heavy = keyof typeof HEAVY;

/** The heavy libraries `file` loads statically, each with the file that imports it. */
function heavyOf(file: string): Partial<Record<Heavy, string>> {
  const { packages } = closure(file);
  const out: Partial<Record<Heavy, string>> = {};
  for (const [key, pkg] of Object.entries(HEAVY) as Array<[Heavy, string]>) {
    const by = packages.get(pkg);
    if (by) out[key] = by;
  }
  return out;
}

describe('static imports at start-up', () => {
  it('the graph sees a static import (so the checks below can fail)', () => {
    expect(heavyOf('src/deploy/transport.ts')).toHaveProperty('node-ssh');
    expect(heavyOf('src/acme/session.ts')).toHaveProperty('acme');
    expect(heavyOf('src/publish/octokit.ts')).toHaveProperty('octokit');
  });

  it('the bundle entry and --version load no library and nothing of a command', () => {
    expect([...closure('src/entry.ts').packages.keys()]).toEqual([]);
    const cli = closure('src/cli/main.ts');
    expect([...cli.packages.keys()]).toEqual([]);
    expect(cli.files).toEqual(['src/cli/main.ts', 'src/version.ts']);
  });

  it('what every command pays (settings, dispatch) loads no heavy library', () => {
    expect(heavyOf('src/cli/run.ts')).toEqual({});
    expect(heavyOf('src/action/main.ts')).toEqual({});
    expect(heavyOf('src/commands/index.ts')).toEqual({});
  });

  it('plan and verify load neither Octokit, acme-client, ssh2 nor age', () => {
    expect(heavyOf('src/commands/plan.ts')).toEqual({});
    expect(heavyOf('src/commands/verify.ts')).toEqual({});
  });

  it('renew loads ssh2 only when it deploys, and never the AWS SDK up front', () => {
    const renew = heavyOf('src/pipeline/renew.ts');
    expect(renew).not.toHaveProperty('ssh2');
    expect(renew).not.toHaveProperty('node-ssh');
    expect(renew).not.toHaveProperty('aws');
    expect(renew).not.toHaveProperty('octokit');
  });

  it('deploy and check load neither acme-client nor Octokit', () => {
    for (const file of ['src/commands/deploy.ts', 'src/commands/check.ts']) {
      const heavy = heavyOf(file);
      expect(heavy, file).not.toHaveProperty('acme');
      expect(heavy, file).not.toHaveProperty('octokit');
    }
  });
});
