import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import acme from 'acme-client';
import { afterEach, describe, expect, it } from 'vitest';
import { jwkThumbprint, keyChangeState } from '../../src/acme/account.js';
import { accountKeyVariable, parseAccountInputs } from '../../src/config/account-inputs.js';
import { readCliSettings } from '../../src/config/args.js';
import { readActionSettings } from '../../src/config/inputs.js';
import { Problems } from '../../src/config/values.js';
import type { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const names = { action: 'account action', yes: '--yes', out: '--out' };

/** acme-client's own thumbprint, from the key authorization it builds for http-01 ("token.thumbprint"). */
async function acmeClientThumbprint(keyPem: string): Promise<string> {
  const client = new acme.Client({ directoryUrl: 'https://ca.invalid/dir', accountKey: keyPem });
  const auth = await client.getChallengeKeyAuthorization({ type: 'http-01', token: 't' } as never);
  return auth.slice(2);
}

describe('RFC 7638 thumbprint', () => {
  it("gives the RFC's own example value (section 3.1)", () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    const pem = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    expect(jwkThumbprint(pem)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('agrees with acme-client for EC and RSA account keys, and is the same from the private or public key', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    for (const pair of [ec, rsa]) {
      const priv = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const pub = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(jwkThumbprint(priv)).toBe(await acmeClientThumbprint(priv));
      expect(jwkThumbprint(pub)).toBe(jwkThumbprint(priv));
    }
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(jwkThumbprint(other)).not.toBe(
      jwkThumbprint(ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    );
  });
});

describe('after a key change that answered with an error', () => {
  const url = 'https://ca.example/acct/7';
  it('the new key finding the account means the change was applied, whatever the old key finds', () => {
    expect(keyChangeState(url, undefined, url)).toBe('changed');
    expect(keyChangeState(url, url, url)).toBe('changed');
  });
  it('only the old key still finding it makes the new key safe to drop', () => {
    expect(keyChangeState(url, url, undefined)).toBe('unchanged');
  });
  it('anything else keeps both keys: no account, or another account than ours', () => {
    expect(keyChangeState(url, undefined, undefined)).toBe('unknown');
    expect(keyChangeState(url, 'https://ca.example/acct/8', undefined)).toBe('unknown');
    expect(keyChangeState(url, undefined, 'https://ca.example/acct/8')).toBe('unknown');
  });
});

describe('account inputs', () => {
  it('takes show, rollover with --out, deactivate with or without --yes', () => {
    const p = new Problems();
    expect(parseAccountInputs('account', 'show', false, undefined, p, names)).toEqual({
      action: 'show',
      yes: false,
    });
    expect(parseAccountInputs('account', 'rollover', false, '/k/new.pem', p, names)).toEqual({
      action: 'rollover',
      yes: false,
      out: '/k/new.pem',
    });
    expect(parseAccountInputs('account', 'deactivate', true, undefined, p, names)).toEqual({
      action: 'deactivate',
      yes: true,
    });
    expect(p.list).toEqual([]);
  });

  it('names the problem: no or unknown action, rollover without --out, flags on the wrong action or command', () => {
    const cases: Array<
      [Parameters<typeof parseAccountInputs>[0], string | undefined, boolean, string | undefined, RegExp]
    > = [
      ['account', undefined, false, undefined, /missing: give one of show, rollover, deactivate/],
      ['account', 'rolover', false, undefined, /got 'rolover' \(did you mean 'rollover'\?\)/],
      ['account', 'rollover', false, undefined, /give its path with --out \(it must not exist yet\)/],
      ['account', 'show', true, undefined, /only makes sense with account deactivate/],
      ['account', 'show', false, '/x.pem', /only makes sense with account rollover/],
      ['renew', 'show', false, undefined, /only makes sense with account/],
      ['renew', undefined, true, undefined, /only makes sense with account deactivate/],
    ];
    for (const [command, action, yes, out, want] of cases) {
      const p = new Problems();
      parseAccountInputs(command, action, yes, out, p, names);
      expect(p.list.map((x) => x.message).join('; '), `${command} ${action}`).toMatch(want);
    }
  });

  it('finds the secret to update from acme.account-key as written, and nothing from a broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'certflow-account-unit-'));
    try {
      const file = join(dir, 'certflow.yml');
      writeFileSync(file, `version: 1\nacme:\n  account-key: \${CA_KEY_PROD}\n`);
      expect(accountKeyVariable(file)).toBe('CA_KEY_PROD');
      writeFileSync(file, 'version: 1\nacme:\n  account-key: "-----BEGIN"\n');
      expect(accountKeyVariable(file)).toBeUndefined();
      writeFileSync(file, 'acme: [\n');
      expect(accountKeyVariable(file)).toBeUndefined();
      expect(accountKeyVariable(join(dir, 'missing.yml'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('account in the Action and the CLI', () => {
  const saved = { ...process.env };
  let repo = '';
  const setup = () => {
    repo = mkdtempSync(join(tmpdir(), 'certflow-account-settings-'));
    mkdirSync(join(repo, '.git'));
    mkdirSync(join(repo, '.github'));
    writeFileSync(
      join(repo, '.github', 'certflow.yml'),
      `version: 1\nacme:\n  account-key: \${CA_KEY}\nstore:\n  recipients: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]\ndns: {}\ncertificates: {}\n`,
    );
  };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    rmSync(repo, { recursive: true, force: true });
  });
  const action = async (inputs: Record<string, string>) => {
    if (repo) rmSync(repo, { recursive: true, force: true });
    setup();
    for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
    for (const [k, v] of Object.entries(inputs)) process.env[`INPUT_${k.toUpperCase()}`] = v;
    const env = {
      GITHUB_WORKSPACE: repo,
      CA_KEY: 'k',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
    };
    const ctx = { ref: 'refs/heads/main', payload: { repository: { default_branch: 'main' } } };
    return readActionSettings(env, new MemoryLogger(), ctx as never).then(
      (s) => ({ s, problems: [] as string[] }),
      (e: UsageError) => ({ s: undefined, problems: e.problems.map((p) => `${p.path}: ${p.message}`) }),
    );
  };

  it('show and deactivate with account-confirm; the secret to update is read from the config', async () => {
    expect((await action({ command: 'account', 'account-action': 'show' })).s?.account).toEqual({
      action: 'show',
      yes: false,
      keyVariable: 'CA_KEY',
    });
    const url = 'https://ca.example/acct/1';
    const d = await action({ command: 'account', 'account-action': 'deactivate', 'account-confirm': url });
    expect(d.s?.account).toMatchObject({ action: 'deactivate', yes: false, confirmUrl: url });
  });

  it('refuses rollover (command line only), a missing action, and account-confirm elsewhere', async () => {
    expect((await action({ command: 'account', 'account-action': 'rollover' })).problems).toEqual([
      expect.stringMatching(/^account-action: rollover is command-line only/),
    ]);
    expect((await action({ command: 'account' })).problems).toEqual([
      'account-action: missing: give one of show, rollover, deactivate',
    ]);
    expect(
      (await action({ command: 'account', 'account-action': 'show', 'account-confirm': 'x' })).problems,
    ).toEqual(['account-confirm: only makes sense with account-action: deactivate']);
    expect((await action({ command: 'plan', 'account-confirm': 'x' })).problems).toEqual([
      'account-confirm: only makes sense with command: account',
    ]);
  });

  it('is kept off other branches, as every command holding the CA secret', async () => {
    setup();
    process.env.INPUT_COMMAND = 'account';
    process.env['INPUT_ACCOUNT-ACTION'] = 'deactivate';
    const ctx = { ref: 'refs/heads/evil', payload: { repository: { default_branch: 'main' } } };
    await expect(
      readActionSettings({ GITHUB_WORKSPACE: repo, CA_KEY: 'k' }, new MemoryLogger(), ctx as never),
    ).rejects.toThrow(/account/);
  });

  it('the CLI: the action is the first word, --out is made absolute, names are refused', async () => {
    setup();
    const s = await readCliSettings(
      ['account', 'rollover', '--out', 'new.pem'],
      { CA_KEY: 'k' },
      repo,
      new MemoryLogger(),
    );
    expect(s.account).toEqual({
      action: 'rollover',
      yes: false,
      out: join(repo, 'new.pem'),
      keyVariable: 'CA_KEY',
    });
    const e = await readCliSettings(
      ['account', 'show', 'www'],
      { CA_KEY: 'k' },
      repo,
      new MemoryLogger(),
    ).catch((x: UsageError) => x);
    expect((e as UsageError).problems).toEqual([
      { path: 'arguments', message: 'account takes no certificate names (got www)' },
    ]);
  });
});
