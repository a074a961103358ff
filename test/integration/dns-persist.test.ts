/**
 * DNS-PERSIST-01 end to end on the bed: the test CA front (ari-server.ts with `persist`) offers
 * the challenge and judges `_validation-persist` records it reads from bind9. The test plays the
 * DNS owner: it publishes those records once with TSIG; certflow itself holds no DNS credential.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import acme from 'acme-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { type CliIo, runCli } from '../../src/cli/main.js';
import type { CertificateConfig } from '../../src/config/schema.js';
import type { Settings } from '../../src/config/settings.js';
import type { IssueResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { accountKeyPem, acmeSettings, bindProvider, dueAll, label, txtOn } from '../support/acme.js';
import { type AriFront, startAriFront } from '../support/ari-server.js';
import { loadTestbed, nsupdate, pebbleRoot } from '../support/testbed.js';

const bed = loadTestbed();
const zone = bed.dns.zone;
const ISSUER = 'ca.certflow.test';
let front: AriFront;
const accountKey = accountKeyPem();
let accountUrl = '';
const published: string[] = [];
const scratch: string[] = [];

/** The DNS owner's change: one persistent record, removed when the file is done. */
async function publish(name: string, value: string): Promise<void> {
  const line = `_validation-persist.${name}. 60 TXT "${value}"`;
  const r = await nsupdate(bed, [`update add ${line}`]);
  expect(r.code, r.stderr).toBe(0);
  published.push(line.replace(' 60 TXT', ' TXT'));
}

beforeAll(async () => {
  front = await startAriFront(bed, { persist: { issuer: ISSUER } });
  // The account exists before any record names it, as a DNS owner's change would need.
  const client = new acme.Client({ directoryUrl: front.directory, accountKey });
  acme.axios.defaults.httpsAgent = new Agent({ ca: readFileSync(bed.pebbleCa) });
  await client.createAccount({ termsOfServiceAgreed: true });
  accountUrl = client.getAccountUrl();
});

afterAll(async () => {
  if (published.length)
    await nsupdate(
      bed,
      published.map((l) => `update delete ${l}`),
    );
  await front?.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function settingsFor(name: string, cert: Partial<CertificateConfig>, directory = front.directory): Settings {
  const s = acmeSettings(bed, {
    directory,
    dns: cert.dns ? { bind: bindProvider(bed) } : {},
    certificates: { [name]: { challenge: 'dns-persist-01', ...cert } as CertificateConfig & { dns: string } },
  });
  s.config.acme['account-key'] = accountKey;
  return s;
}

async function issue(s: Settings): Promise<IssueResult> {
  const [result] = await issueCertificates(s, dueAll(s), new Map(), new MemoryLogger(), {
    handleSignals: false,
    maxRetryAfterMs: 1000,
  });
  if (!result) throw new Error('no result');
  return result;
}

const failure = (r: IssueResult) => (r.ok ? '' : `${r.error.message} ${r.error.detail ?? ''}`);

describe('dns-persist-01 through the CLI, with no DNS secret anywhere', () => {
  it('plans and renews a name and its wildcard from the published record alone', async () => {
    const name = label('persist');
    const domain = `${name}.${zone}`;
    await publish(domain, `${ISSUER}; accounturi=${accountUrl}; policy=wildcard`);
    const repo = mkdtempSync(path.join(tmpdir(), 'certflow-persist-'));
    scratch.push(repo);
    execFileSync('git', ['init', '-q', '-b', 'main', repo]);
    mkdirSync(path.join(repo, '.github'));
    writeFileSync(path.join(repo, '.github', 'pebble-root.pem'), await pebbleRoot(bed.pebble.mgmt, bed));
    writeFileSync(
      path.join(repo, '.github', 'certflow.yml'),
      `version: 1
acme:
  directory: ${front.directory}
  account-key: \${ACME_ACCOUNT_KEY}
  trust: [${bed.pebbleCa}]
store:
  recipients: [age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq]
  trust: [.github/pebble-root.pem]
certificates:
  ${name}:
    domains: [${domain}, "*.${domain}"]
    challenge: dns-persist-01
`,
    );
    // The whole environment certflow sees: the account key. No TSIG or API secret exists.
    const env = { ACME_ACCOUNT_KEY: accountKey, PATH: process.env.PATH };
    const cli = async (argv: string[]) => {
      const out: string[] = [];
      const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => out.push(t), env, cwd: repo };
      return { code: await runCli(argv, io), text: out.join('') };
    };
    const plan = await cli(['plan']);
    expect(plan.code, plan.text).toBe(0);
    expect(plan.text).toContain('dns-persist-01: no DNS credential needed');
    const renew = await cli(['renew']);
    expect(renew.code, renew.text).toBe(0);
    expect(renew.text).toContain('dns-persist-01: no DNS credential needed');
    expect(existsSync(path.join(repo, 'certificates', name, 'fullchain.pem'))).toBe(true);
    // The front's own dns-01 bridge record is gone again; certflow wrote none.
    expect(await txtOn(bed.dns.server, `_acme-challenge.${domain}`)).toEqual([]);
  });
});

describe('account continuity', () => {
  it('keeps a record valid across an account key rollover (same account URL, new key)', async () => {
    const oldKey = accountKeyPem();
    const client = new acme.Client({ directoryUrl: front.directory, accountKey: oldKey });
    await client.createAccount({ termsOfServiceAgreed: true });
    const url = client.getAccountUrl();
    const name = label('persist');
    const domain = `${name}.${zone}`;
    await publish(domain, `${ISSUER}; accounturi=${url}`);
    const newKey = accountKeyPem();
    await client.updateAccountKey(newKey);
    const s = settingsFor(name, { domains: [domain] });
    s.config.acme['account-key'] = newKey;
    const r = await issue(s);
    expect(r.ok, failure(r)).toBe(true);
  });
});

describe('dns-persist-01 refusals name what is wrong', () => {
  it('fails without a record', async () => {
    const name = label('persist');
    const r = await issue(settingsFor(name, { domains: [`${name}.${zone}`] }));
    expect(r.ok).toBe(false);
    expect(failure(r)).toMatch(/_validation-persist\.\S+: no TXT record found/);
  });

  it("refuses another account that finds a name's record (an attacker with an account of its own)", async () => {
    const name = label('persist');
    const domain = `${name}.${zone}`;
    await publish(domain, `${ISSUER}; accounturi=${accountUrl}`);
    const s = settingsFor(name, { domains: [domain] });
    s.config.acme['account-key'] = accountKeyPem();
    const r = await issue(s);
    expect(r.ok).toBe(false);
    expect(failure(r)).toContain(`the record is for account ${accountUrl}, not for the requesting account`);
  });

  it('fails for a wildcard when the record lacks policy=wildcard', async () => {
    const name = label('persist');
    const domain = `${name}.${zone}`;
    await publish(domain, `${ISSUER}; accounturi=${accountUrl}`);
    const r = await issue(settingsFor(name, { domains: [`*.${domain}`] }));
    expect(r.ok).toBe(false);
    expect(failure(r)).toContain('a wildcard name needs policy=wildcard');
  });

  it('fails when persistUntil has passed', async () => {
    const name = label('persist');
    const domain = `${name}.${zone}`;
    await publish(
      domain,
      `${ISSUER}; accounturi=${accountUrl}; persistUntil=${Math.floor(Date.now() / 1000) - 60}`,
    );
    const r = await issue(settingsFor(name, { domains: [domain] }));
    expect(r.ok).toBe(false);
    expect(failure(r)).toMatch(/persistUntil=\d+ \(.*\) is in the past/);
  });

  it('fails for a record that names another CA', async () => {
    const name = label('persist');
    const domain = `${name}.${zone}`;
    await publish(domain, `other-ca.example; accounturi=${accountUrl}`);
    const r = await issue(settingsFor(name, { domains: [domain] }));
    expect(r.ok).toBe(false);
    expect(failure(r)).toContain(`no record names this CA (${ISSUER})`);
  });
});

describe('a CA without dns-persist-01 (plain Pebble)', () => {
  it('fails the certificate clearly without a fallback', async () => {
    const name = label('persist');
    const r = await issue(settingsFor(name, { domains: [`${name}.${zone}`] }, bed.pebble.directory));
    expect(r.ok).toBe(false);
    expect(failure(r)).toContain(`the CA offers no dns-persist-01 challenge for ${name}.${zone}`);
  });

  it('never falls back on its own: a dns provider without fallback stays unused', async () => {
    const name = label('persist');
    const r = await issue(
      settingsFor(name, { domains: [`${name}.${zone}`], dns: 'bind' }, bed.pebble.directory),
    );
    expect(r.ok).toBe(false);
    expect(failure(r)).toContain('the CA offers no dns-persist-01 challenge');
    expect(await txtOn(bed.dns.server, `_acme-challenge.${name}.${zone}`)).toEqual([]);
  });

  it('issues through dns-01 with fallback: dns-01 and a dns provider, and says so', async () => {
    const name = label('persist');
    const r = await issue(
      settingsFor(
        name,
        { domains: [`${name}.${zone}`], dns: 'bind', fallback: 'dns-01' },
        bed.pebble.directory,
      ),
    );
    expect(r.ok, failure(r)).toBe(true);
    if (r.ok)
      expect(r.certificate.validation).toMatch(/^dns-01 fallback for .*does not offer dns-persist-01/);
  });
});
