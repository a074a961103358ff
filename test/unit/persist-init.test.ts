/** `certflow init --challenge dns-persist-01` offline: a config with no DNS provider and no DNS secret. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../src/config/schema.js';
import { parseInitArgs } from '../../src/init/options.js';
import { runInit } from '../../src/init/run.js';
import { DNS_SECRETS } from '../../src/init/template.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('init --challenge dns-persist-01', () => {
  it('refuses --dns with it, and an unknown challenge', () => {
    expect(() => parseInitArgs(['--challenge', 'dns-persist-01', '--dns', 'cloudflare'])).toThrow(UsageError);
    expect(() => parseInitArgs(['--challenge', 'http-01'])).toThrow(/dns-01 or dns-persist-01/);
  });

  it('writes a config without a dns section or DNS secret; offline it says how to get the records later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certflow-init-persist-'));
    made.push(dir);
    execFileSync('git', ['init', '-q', dir]);
    const options = parseInitArgs([
      '--challenge',
      'dns-persist-01',
      '--domain',
      'example.org,*.example.org',
      // Nothing listens here: the account cannot be registered, and init must still finish.
      '--directory',
      'https://127.0.0.1:9/dir',
      '--workflows',
      'none',
    ]);
    const result = await runInit(options, { workspace: dir, now: new Date(), log: new MemoryLogger() });
    const text = readFileSync(result.configPath, 'utf8');
    const config = configSchema.parse(parse(text));
    expect(config.dns).toEqual({});
    expect(config.certificates.example).toMatchObject({ challenge: 'dns-persist-01' });
    expect(config.certificates.example?.dns).toBeUndefined();
    expect(text).not.toMatch(/^dns:/m);
    const dnsSecretNames = Object.values(DNS_SECRETS).flatMap((list) => list.map((s) => s.name));
    expect(result.secrets.map((s) => s.name).filter((n) => dnsSecretNames.includes(n))).toEqual([]);
    expect(result.persist?.records).toEqual([]);
    expect(result.text).toContain('certflow persist-record');
    expect(result.text).toContain('never writes them');
  });
});
