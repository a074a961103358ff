/**
 * `certflow init` through the real CLI entry, then its output used for real: the account key
 * registers with the bed's Pebble, the config loads with the project's loader pointing at the bed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import acme from 'acme-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, EXIT, runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/load.js';
import { MemoryLogger } from '../../src/util/log.js';
import { loadTestbedEnv } from '../support/testbed.js';

let bed: Record<string, string>;
beforeAll(() => {
  bed = loadTestbedEnv();
});

function cli(argv: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd };
  return runCli(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

describe('certflow init against the test bed', () => {
  const label = `init-${randomBytes(4).toString('hex')}`;
  const domain = `${label}.certflow.test`;
  let repo: string;
  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true }); // holds generated secrets
  });

  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'certflow-init-int-'));
    execFileSync('git', ['init', '-q', repo]);
    const r = await cli(
      [
        'init',
        '--directory',
        bed.PEBBLE_DIRECTORY as string,
        '--trust',
        bed.PEBBLE_CA as string,
        '--domain',
        domain,
        '--email',
        `ops@${domain}`,
        '--host',
        bed.HOST1_ADDR as string,
        '--json',
      ],
      repo,
    );
    expect(r.stderr).not.toMatch(/AGE-SECRET-KEY|PRIVATE KEY/);
    expect(r.code).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout);
    expect(json.recipient).toMatch(/^age1/);
    expect(json).not.toHaveProperty('printedSecrets');
  });

  it('writes an account key that Pebble accepts for a new account', async () => {
    const keyFile = join(repo, '.certflow-secrets', 'acme-account-key.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    acme.axios.defaults.httpsAgent = new Agent({ ca: readFileSync(bed.PEBBLE_CA as string) });
    const client = new acme.Client({
      directoryUrl: bed.PEBBLE_DIRECTORY as string,
      accountKey: readFileSync(keyFile),
    });
    const account = await client.createAccount({
      termsOfServiceAgreed: true,
      contact: [`mailto:ops@${domain}`],
    });
    expect(account.status).toBe('valid');
    expect(client.getAccountUrl()).toMatch(/^https:\/\/127\.0\.0\.1:14000\//);
  });

  it('writes a config the loader accepts with the bed as its CA, DNS and host', async () => {
    const secrets = join(repo, '.certflow-secrets');
    const env = {
      ACME_ACCOUNT_KEY: readFileSync(join(secrets, 'acme-account-key.pem'), 'utf8'),
      DNS_TSIG_SECRET: bed.TSIG_SECRET,
      SSH_PRIVATE_KEY: readFileSync(join(secrets, 'ssh-deploy-key'), 'utf8'),
      SSH_KNOWN_HOSTS: readFileSync(bed.SSH_KNOWN_HOSTS as string, 'utf8'),
    };
    const config = await loadConfig(join(repo, '.github', 'certflow.yml'), { env, log: new MemoryLogger() });
    expect(config.acme.directory).toBe(bed.PEBBLE_DIRECTORY);
    expect(config.acme.trust).toEqual([bed.PEBBLE_CA]);
    expect(config.certificates[label]?.domains).toEqual([domain]);
    expect(config.targets.web).toMatchObject({ hosts: [bed.HOST1_ADDR] });
  });

  it('refuses a second run with exit code 2 and names what exists', async () => {
    const before = readFileSync(join(repo, '.github', 'certflow.yml'), 'utf8');
    const r = await cli(['init'], repo);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/\.github\/certflow\.yml.*already exist.*--force/);
    expect(readFileSync(join(repo, '.github', 'certflow.yml'), 'utf8')).toBe(before);
  });
});
