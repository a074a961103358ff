/** The branch guard's decision (config/branch.ts), table by table; the bundled run is in integration. */
import { describe, expect, it } from 'vitest';
import { checkBranch, globRegExp, runContext } from '../../src/config/branch.js';
import { UsageError } from '../../src/util/errors.js';

const main = (ref: string) => ({
  ref,
  eventName: 'workflow_dispatch',
  defaultBranch: 'main',
  repository: 'acme/infra',
});

describe('checkBranch', () => {
  it('lets every command run on the default branch', () => {
    for (const c of ['renew', 'deploy', 'check', 'plan'] as const)
      expect(() => checkBranch(c, true, [], main('refs/heads/main'))).not.toThrow();
  });

  it('refuses renew, deploy and check --alert elsewhere, naming the branch and allow-branches', () => {
    for (const [c, alert] of [
      ['renew', false],
      ['deploy', false],
      ['check', true],
    ] as const) {
      let error: unknown;
      try {
        checkBranch(c, alert, [], main('refs/heads/evil'));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain("refused on branch 'evil'");
      expect((error as Error).message).toContain('allow-branches');
    }
    expect(() => checkBranch('check', false, [], main('refs/heads/evil'))).not.toThrow();
    expect(() => checkBranch('plan', false, [], main('refs/heads/evil'))).not.toThrow();
  });

  it('refuses when the payload names no default branch, unless the branch is allowed', () => {
    const ctx = { ref: 'refs/heads/main' };
    expect(() => checkBranch('renew', false, [], ctx)).toThrow(/payload does not name the default branch/);
    expect(checkBranch('renew', false, ['main'], ctx)).toBe('main');
  });

  it('allow-branches globs: * stops at /, ** does not, the rest is literal', () => {
    expect(globRegExp('release/*').test('release/2026')).toBe(true);
    expect(globRegExp('release/*').test('release/a/b')).toBe(false);
    expect(globRegExp('release/**').test('release/a/b')).toBe(true);
    expect(globRegExp('v1.?').test('v1.2')).toBe(true);
    expect(globRegExp('v1.?').test('v1x2')).toBe(false);
    expect(globRegExp('a+b').test('aab')).toBe(false);
    expect(() => checkBranch('renew', false, ['release/*'], main('refs/pull/1/merge'))).toThrow(
      /not on a branch/,
    );
  });

  it('reads @actions/github context fields, ignoring a default_branch that is not a string', () => {
    expect(
      runContext({
        ref: 'refs/heads/x',
        eventName: 'push',
        payload: { repository: { default_branch: 'main', full_name: 'a/b' } },
      }),
    ).toEqual({
      ref: 'refs/heads/x',
      eventName: 'push',
      defaultBranch: 'main',
      repository: 'a/b',
    });
    expect(
      runContext({ payload: { repository: { default_branch: { toString: () => 'x' } } } }).defaultBranch,
    ).toBeUndefined();
  });
});
