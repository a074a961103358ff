/**
 * `certflow account show|rollover|deactivate` against the bed's Pebble, through the CLI entry
 * point. Every test registers its own fresh account key, so no other test's account is touched.
 * Pebble is the judge: after a rollover the old key finds no account and the new one finds the
 * same URL; after deactivation the CA refuses the account's orders. The attacker-minded part: the
 * new key file is 0600, never written over an existing file or through a symlink (and then the CA
 * is not touched), and the key is in no output, not even with --verbose.
 */
import { createPublicKey } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import acme from 'acme-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcmeProblemError } from '../../src/acme/errors.js';
import { type AcmeSession, openSession } from '../../src/acme/session.js';
import { accountCommand } from '../../src/commands/account.js';
import { MemoryLogger } from '../../src/util/log.js';
import { accountKeyPem, acmeSettings } from '../support/acme.js';
import { runBundledAction } from '../support/action-runner.js';
import { type CliRun, runCliCaptured } from '../support/cli.js';
import { loadTestbed } from '../support/testbed.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const bed = loadTestbed();
let ws: Workspace;
let dir: string;

beforeAll(async () => {
  ws = await createWorkspace();
  dir = mkdtempSync(join(tmpdir(), 'certflow-account-'));
});
afterAll(() => {
  rmSync(ws.dir, { recursive: true, force: true });
  rmSync(ws.origin, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

function cli(key: string, argv: string[], confirm?: (q: string) => Promise<boolean>): Promise<CliRun> {
  return runCliCaptured(argv, { env: { ...ws.env, ACME_ACCOUNT_KEY: key }, cwd: ws.dir, confirm });
}

function settingsWith(key: string) {
  const s = acmeSettings(bed, { dns: {}, certificates: {} });
  s.config.acme['account-key'] = key;
  s.config.acme.email = 'account-tests@certflow.test';
  return s;
}

async function withSession<T>(key: string, fn: (s: AcmeSession) => Promise<T>): Promise<T> {
  const session = await openSession(settingsWith(key), new MemoryLogger(), { maxRetryAfterMs: 5000 });
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}

/** A fresh key with an account at Pebble; returns the key and the account URL. */
async function registered(): Promise<{ key: string; url: string }> {
  const key = accountKeyPem();
  const url = await withSession(key, async (s) => {
    await s.account();
    return s.client.getAccountUrl();
  });
  return { key, url };
}

/** Asks Pebble for a new order signed by `key` as account `url`: the CA's answer or 'created'. */
function tryOrder(key: string, url: string): Promise<string> {
  return withSession(key, async (s) => {
    try {
      const res = await s.http.signedRequest(
        s.directory.newOrder as string,
        { identifiers: [{ type: 'dns', value: 'account-test.certflow.test' }] },
        { kid: url },
      );
      return res.status === 201 ? 'created' : `HTTP ${res.status}`;
    } catch (error) {
      return error instanceof AcmeProblemError ? error.problem.type : String(error);
    }
  });
}

const body = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
const showJson = async (key: string) => {
  const r = await cli(key, ['account', 'show', '--json']);
  return { ...r, json: r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined };
};

describe('certflow account (bed Pebble)', () => {
  it('show: URL, status, contacts and the RFC 7638 thumbprint; a key without an account is an error, not a registration', async () => {
    const fresh = accountKeyPem();
    const none = await cli(fresh, ['account', 'show']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no account at https:\/\/\S+ for this account key \(thumbprint [\w-]{43}\)/);
    // Still none: show never registers.
    expect((await cli(fresh, ['account', 'show'])).code).toBe(1);

    const { key, url } = await registered();
    const shown = await showJson(key);
    expect(shown.code, shown.stderr).toBe(0);
    // acme-client's own thumbprint, as it builds http-01 key authorizations ("token.thumbprint").
    const client = new acme.Client({ directoryUrl: bed.pebble.directory, accountKey: key });
    const keyAuth = await client.getChallengeKeyAuthorization({ type: 'http-01', token: 't' } as never);
    expect(shown.json).toMatchObject({
      url,
      status: 'valid',
      contact: ['mailto:account-tests@certflow.test'],
      thumbprint: keyAuth.slice(2),
      directory: bed.pebble.directory,
    });
    const text = await cli(key, ['account', 'show']);
    expect(text.stdout).toMatch(new RegExp(`^account\\s+${url.replace(/[.?]/g, '\\$&')}$`, 'm'));
    expect(text.stdout).toMatch(/^status\s+valid$/m);
    expect(text.stdout).toMatch(/^key thumbprint\s+[\w-]{43}$/m);
  });

  it.skipIf(!bed.pebbleSecond)(
    'show with acme.issuers: each fallback CA account too, flagged when missing, deactivated or unreachable',
    async () => {
      const second = bed.pebbleSecond?.directory ?? '';
      const { key } = await registered();
      // A fallback account that exists and was then deactivated, one never registered, and a CA
      // that is not there at all.
      const gone = accountKeyPem();
      const goneSettings = settingsWith(gone);
      goneSettings.config.acme.directory = second;
      await (async () => {
        const session = await openSession(goneSettings, new MemoryLogger(), { maxRetryAfterMs: 5000 });
        try {
          await session.account();
          await session.client.updateAccount({ status: 'deactivated' } as never);
        } finally {
          session.close();
        }
      })();
      const settings = {
        ...settingsWith(key),
        command: 'account' as const,
        account: { action: 'show' as const, yes: false },
      };
      settings.config.acme.issuers = [
        { directory: second, 'account-key': gone },
        { directory: second, 'account-key': accountKeyPem() },
        { directory: 'https://127.0.0.1:1/dir', 'account-key': accountKeyPem() },
      ];
      const shown = await accountCommand(settings, new MemoryLogger());
      expect(shown.ok).toBe(true);
      const json = JSON.parse(shown.outputs.account ?? '{}') as { status: string; fallbacks: unknown[] };
      expect(json.status).toBe('valid');
      expect(json.fallbacks).toMatchObject([
        { where: 'acme.issuers[0]', directory: second, status: 'refused' },
        { where: 'acme.issuers[1]', directory: second, status: 'none' },
        { where: 'acme.issuers[2]', status: 'unreachable' },
      ]);
      expect(shown.text).toMatch(/^fallback acme\.issuers\[0\]\s+refused at https:/m);
      expect(shown.text).toMatch(
        /acme\.issuers\[0\]: the CA refuses this account \(.*deactivated.*\): orders that fall back to this CA will fail/,
      );
      expect(shown.text).toContain(
        'acme.issuers[1]: no account yet: the first order sent there registers it',
      );
      expect(shown.text).toMatch(/acme\.issuers\[2\]: cannot ask the CA: /);
      // show registers nothing, at any CA.
      expect(
        JSON.parse((await accountCommand(settings, new MemoryLogger())).outputs.account ?? '{}').fallbacks[1]
          .status,
      ).toBe('none');
    },
  );

  it('rollover: the new key (0600 file, never printed) finds the same account, the old key no longer does', async () => {
    const { key: oldKey, url } = await registered();
    const out = join(dir, 'rolled.pem');
    const r = await cli(oldKey, ['account', 'rollover', '--out', out, '--verbose']);
    expect(r.code, r.stderr + r.stdout).toBe(0);

    expect(statSync(out).mode & 0o777).toBe(0o600);
    const newKey = readFileSync(out, 'utf8');
    expect(createPublicKey(newKey).asymmetricKeyType).toBe('ec');
    for (const text of [r.stdout, r.stderr]) {
      expect(text).not.toContain(body(newKey).slice(10, 50));
      expect(text).not.toContain(body(oldKey).slice(10, 50));
      expect(text).not.toContain('PRIVATE KEY');
    }
    // Nowhere else on disk: no temp copy beside the one file asked for (the workspace included).
    const needle = body(newKey).slice(10, 50);
    for (const folder of [tmpdir(), ws.dir, dirname(out)]) {
      for (const name of readdirSync(folder)) {
        const path = join(folder, name);
        if (path === out) continue;
        let holds = false;
        try {
          holds =
            statSync(path).isFile() &&
            statSync(path).size < 1_000_000 &&
            readFileSync(path, 'utf8').includes(needle);
        } catch {
          // other runs' files come and go; one we cannot read cannot hold our key either
        }
        expect(holds, path).toBe(false);
      }
    }
    // It names the secret to update, as the config refers to it, and how.
    expect(r.stdout).toContain('update ACME_ACCOUNT_KEY now');
    expect(r.stdout).toContain(`gh secret set ACME_ACCOUNT_KEY < ${out}`);
    expect(r.stdout).toContain(`checked: the new key finds ${url}`);

    // Pebble: the old key finds nothing, the new key finds the same account and can order.
    const old = await cli(oldKey, ['account', 'show']);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('no account at');
    expect((await showJson(newKey)).json).toMatchObject({ url, status: 'valid' });
    expect(await tryOrder(newKey, url)).toBe('created');
    // Pebble checks the JWS against the account's key, which is now the new one.
    expect(await tryOrder(oldKey, url)).toBe('urn:ietf:params:acme:error:malformed');
  });

  it('rollover refuses an existing file or a symlink at --out, and then leaves the account alone', async () => {
    const { key, url } = await registered();
    const own = mkdtempSync(join(dir, 'refuse-'));
    const existing = join(own, 'existing.pem');
    writeFileSync(existing, 'keep me\n', { mode: 0o644 });
    const target = join(dir, 'link-target.pem');
    const link = join(own, 'link.pem');
    symlinkSync(target, link); // dangling: following it would create the target
    for (const out of [existing, link]) {
      const r = await cli(key, ['account', 'rollover', '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/already; rollover writes the new key only to a new file/);
    }
    expect(readFileSync(existing, 'utf8')).toBe('keep me\n');
    expect(existsSync(target)).toBe(false);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);

    // Inside the repository where git would pick it up: refused; in a git-ignored folder: fine later.
    const tracked = await cli(key, ['account', 'rollover', '--out', join(ws.dir, 'account-key.pem')]);
    expect(tracked.code, tracked.stderr).toBe(2);
    expect(tracked.stderr).toContain('git does not ignore it');
    expect(existsSync(join(ws.dir, 'account-key.pem'))).toBe(false);
    // A file that cannot be created (no such folder): the CA is not asked, the old key still works.
    const nowhere = await cli(key, ['account', 'rollover', '--out', join(own, 'no/such/folder/k.pem')]);
    expect(nowhere.code).toBe(1);
    expect((await showJson(key)).json).toMatchObject({ url, status: 'valid' });
    // Without --out it is a usage error before anything happens.
    expect((await cli(key, ['account', 'rollover'])).code).toBe(2);
    expect(readdirSync(own).sort()).toEqual(['existing.pem', 'link.pem']);

    // A git-ignored folder in the repository (as certflow init makes) is a fine place.
    mkdirSync(join(ws.dir, 'secrets'));
    writeFileSync(join(ws.dir, 'secrets', '.gitignore'), '*\n');
    const ignored = join(ws.dir, 'secrets', 'account-key.pem');
    const ok = await cli(key, ['account', 'rollover', '--out', ignored]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(statSync(ignored).mode & 0o777).toBe(0o600);
    rmSync(join(ws.dir, 'secrets'), { recursive: true, force: true });
  });

  it('deactivate asks first; "no" or no terminal changes nothing, "yes" (or --yes) deactivates and the CA refuses orders', async () => {
    const { key, url } = await registered();
    const asked: string[] = [];
    const no = await cli(key, ['account', 'deactivate'], async (q) => {
      asked.push(q);
      return false;
    });
    expect(no.code).toBe(1);
    expect(asked[0]).toContain(`Deactivate ACME account ${url}`);
    expect(no.stdout).toContain('not deactivated: not confirmed');
    // Nobody to ask (no terminal, as in CI): refused, never assumed.
    const unattended = await cli(key, ['account', 'deactivate']);
    expect(unattended.code).toBe(2);
    expect(unattended.stderr).toContain('pass --yes');
    expect(await tryOrder(key, url)).toBe('created');

    const yes = await cli(key, ['account', 'deactivate', '--json'], async () => true);
    expect(yes.code, yes.stderr).toBe(0);
    expect(JSON.parse(yes.stdout)).toMatchObject({ url, status: 'deactivated', deactivated: true });
    expect(await tryOrder(key, url)).toBe('urn:ietf:params:acme:error:unauthorized');

    const other = await registered();
    const flag = await cli(other.key, ['account', 'deactivate', '--yes']);
    expect(flag.code, flag.stderr).toBe(0);
    expect(await tryOrder(other.key, other.url)).toBe('urn:ietf:params:acme:error:unauthorized');
  });

  it('the Action form: deactivate only when account-confirm names this very account', async () => {
    const { key, url } = await registered();
    const settings = { ...settingsWith(key), command: 'account' as const };
    const wrong = {
      ...settings,
      account: { action: 'deactivate' as const, yes: false, confirmUrl: `${url}x` },
    };
    await expect(accountCommand(wrong, new MemoryLogger())).rejects.toThrow(
      /account-confirm does not name this account/,
    );
    const none = { ...settings, account: { action: 'deactivate' as const, yes: false } };
    await expect(accountCommand(none, new MemoryLogger())).rejects.toThrow(/needs consent/);
    expect(await tryOrder(key, url)).toBe('created');

    const right = { ...settings, account: { action: 'deactivate' as const, yes: false, confirmUrl: url } };
    const done = await accountCommand(right, new MemoryLogger());
    expect(done.ok).toBe(true);
    expect(JSON.parse(done.outputs.account ?? '{}')).toMatchObject({ url, status: 'deactivated' });
    expect(await tryOrder(key, url)).toBe('urn:ietf:params:acme:error:unauthorized');
    // Once deactivated, show says so plainly instead of pretending there is no account.
    const after = await cli(key, ['account', 'show']);
    expect(after.stdout + after.stderr).toMatch(/deactivated/);
  });

  it('the bundled Action: show, rollover refused, deactivate only with account-confirm (run npm run bundle first)', async () => {
    const { key, url } = await registered();
    const action = (inputs: Record<string, string>) =>
      runBundledAction({
        workspace: ws.dir,
        inputs: { command: 'account', ...inputs },
        env: { ...ws.env, ACME_ACCOUNT_KEY: key },
      });
    const shown = await action({ 'account-action': 'show' });
    expect(shown.code, shown.stdout + shown.stderr).toBe(0);
    expect(JSON.parse(shown.outputs.account ?? '{}')).toMatchObject({ url, status: 'valid' });
    expect(shown.summary).toContain('certflow account: show');
    for (const text of [shown.stdout, shown.stderr, shown.summary])
      expect(text).not.toContain(body(key).slice(10, 50));

    const rollover = await action({ 'account-action': 'rollover' });
    expect(rollover.code).not.toBe(0);
    expect(rollover.stdout).toContain('rollover is command-line only');
    // The Action never prompts: without account-confirm nothing happens.
    const unconfirmed = await action({ 'account-action': 'deactivate' });
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stdout).toContain(`account-confirm: ${url}`);
    expect(await tryOrder(key, url)).toBe('created');

    const done = await action({ 'account-action': 'deactivate', 'account-confirm': url });
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(JSON.parse(done.outputs.account ?? '{}')).toMatchObject({ url, status: 'deactivated' });
    expect(await tryOrder(key, url)).toBe('urn:ietf:params:acme:error:unauthorized');
  }, 120_000);
});
