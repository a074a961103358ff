/** The shard flags as renew and plan read them: a matrix entry is untrusted input (issue 22). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readCliSettings } from '../../src/config/args.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const CONFIG = `version: 1
acme:
  account-key: \${ACME_ACCOUNT_KEY}
store:
  recipients: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]
dns:
  bed:
    type: exec
    command: ./dns-hook
certificates:
  www:
    domains: [www.certflow.test]
    dns: bed
  api:
    domains: [api.certflow.test]
    dns: bed
`;
const env = { ACME_ACCOUNT_KEY: 'account-key-pem' };
let repo: string;
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'certflow-shard-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, '.github'));
  writeFileSync(join(repo, '.github', 'certflow.yml'), CONFIG);
});

async function problems(argv: string[]) {
  const error = await readCliSettings(argv, env, repo, new MemoryLogger()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).problems;
}

describe('renew --shard', () => {
  it('renews exactly the entry names', async () => {
    const s = await readCliSettings(
      ['renew', '--shard', '{"index":2,"of":2,"names":["api"]}'],
      env,
      repo,
      new MemoryLogger(),
    );
    expect(s.only).toEqual(['api']);
    expect(s.shard).toEqual({ index: 2, of: 2, names: ['api'] });
  });

  it('refuses a name the config does not hold, naming the input', async () => {
    expect(await problems(['renew', '--shard', '{"names":["www","mail"]}'])).toEqual([
      { path: '--shard', message: "no certificate 'mail' in .github/certflow.yml; known: www, api" },
    ]);
    // A prototype name must not pass as "configured".
    expect((await problems(['renew', '--shard', '{"names":["constructor"]}']))[0]?.message).toMatch(
      /no certificate 'constructor'/,
    );
  });

  it('belongs to renew only, and not with names given too', async () => {
    expect((await problems(['plan', '--shard', '{"names":["www"]}'])).map((p) => p.path)).toEqual([
      '--shard',
    ]);
    expect((await problems(['renew', 'www', '--shard', '{"names":["www"]}']))[0]?.message).toMatch(/either/);
    expect((await problems(['renew', '--shards', '3']))[0]).toEqual({
      path: '--shards',
      message: 'only makes sense with plan',
    });
  });
});
