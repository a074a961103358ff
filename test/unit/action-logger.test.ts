/** The Action's logger keeps within GitHub's 10 annotations per kind and step, and says so. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionsLogger } from '../../src/action/logger.js';

let lines: string[];
beforeEach(() => {
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const count = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).length;

describe('annotations', () => {
  it('shows at most 10 errors and 10 warnings per step, the last one pointing to the full list', () => {
    const log = new ActionsLogger();
    for (let i = 1; i <= 25; i++) log.error(`error ${i}`, i === 20 ? { file: 'a.yml', line: 3 } : undefined);
    for (let i = 1; i <= 12; i++) log.warn(`warning ${i}`);
    // The run's own failure line (core.setFailed) is an error annotation too.
    lines.push('::error::certflow renew failed');
    log.flush();
    expect(count('::error')).toBe(10);
    expect(count('::warning')).toBe(10);
    expect(lines.filter((l) => l.startsWith('::error')).at(-1)).toBe(
      "::error::17 more errors not shown as annotations (GitHub shows 10 per step): the job summary and this step's log list every one",
    );
    expect(lines).toContain('warning: warning 12');
    expect(lines).toContain('error (a.yml:3): error 20');
    expect(lines.filter((l) => l.startsWith('::warning')).at(-1)).toMatch(
      /^::warning::3 more warnings not shown/,
    );
  });

  it('adds nothing when every message fits', () => {
    const log = new ActionsLogger();
    log.error('one');
    log.warn('two');
    log.flush();
    expect(lines).toEqual(['::error::one', '::warning::two']);
  });
});

describe('debug lines', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('are written, secrets masked, only with step debug logging (RUNNER_DEBUG=1)', () => {
    const secret = 'tsig-secret-value-0123456789abcdef';
    vi.stubEnv('RUNNER_DEBUG', '1');
    const log = new ActionsLogger();
    log.secret(secret);
    lines.length = 0;
    log.debug(`update signed with ${secret}`);
    expect(lines).toEqual(['::debug::update signed with ***']);
  });

  it('are neither written nor redacted without it', () => {
    vi.stubEnv('RUNNER_DEBUG', '');
    const log = new ActionsLogger();
    const redact = vi.spyOn(log, 'redact');
    log.debug('a line nobody would see');
    expect(lines).toEqual([]);
    expect(redact).not.toHaveBeenCalled();
    log.info('shown');
    expect(lines).toEqual(['shown']);
  });
});
