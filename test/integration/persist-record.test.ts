/**
 * `certflow persist-record` through the real CLI entry, against the bed: the account is Pebble's,
 * the records are published into bind with TSIG updates, and `--check` reads them back at bind.
 * Each case a DNS owner can get wrong is one certificate here, so the report says which is which.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { openSession } from '../../src/acme/session.js';
import { type CliIo, EXIT, runCli } from '../../src/cli/main.js';
import { existingAccountUrl } from '../../src/persist/identity.js';
import { persistPlanWarnings } from '../../src/persist/plan-warnings.js';
import { MemoryLogger } from '../../src/util/log.js';
import { accountKeyPem, acmeSettings, dueAll, label } from '../support/acme.js';
import { runBundledAction } from '../support/action-runner.js';
import { startAriFront } from '../support/ari-server.js';
import { runCliCaptured } from '../support/cli.js';
import { type PersistDirectory, startPersistDirectory } from '../support/persist-directory.js';
import { loadTestbed, nsupdate } from '../support/testbed.js';

const bed = loadTestbed();
const ISSUER = 'persist-ca.certflow.test';
const z = bed.dns.zone;
const L = label('p');
/** One certificate per case; the record of each is published (or not) in beforeAll. */
const CASES = {
  good: [`good-${L}.${z}`],
  missing: [`missing-${L}.${z}`],
  other: [`other-${L}.${z}`],
  wild: [`wild-${L}.${z}`, `*.wild-${L}.${z}`],
  expired: [`expired-${L}.${z}`],
  expiring: [`expiring-${L}.${z}`],
  issuer: [`issuer-${L}.${z}`],
  hostile: [`hostile-${L}.${z}`],
} as const;

let front: PersistDirectory;
let work: string;
let accountUrl: string;
const key = accountKeyPem();
const added: string[] = [];

function cli(argv: string[], env: NodeJS.ProcessEnv = { ACME_KEY: key }) {
  return runCliCaptured(argv, { env, cwd: work });
}

function writeConfig(file: string, directory: string, certs: Record<string, readonly string[]>) {
  const lines = [
    'version: 1',
    'acme:',
    `  directory: ${directory}`,
    `  account-key: \${ACME_KEY}`,
    `  trust: [${bed.pebbleCa}]`,
    'store:',
    '  recipients: [age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq]',
    'certificates:',
  ];
  for (const [name, domains] of Object.entries(certs)) {
    lines.push(`  ${name}:`, `    domains: [${domains.map((d) => `"${d}"`).join(', ')}]`);
    lines.push('    challenge: dns-persist-01', `    resolvers: [${bed.dns.server}]`);
  }
  writeFileSync(path.join(work, file), `${lines.join('\n')}\n`);
}

async function publish(name: string, ...values: string[]) {
  const update = values.map((v) => `update add ${name}. 60 TXT ${v}`);
  const r = await nsupdate(bed, [`zone ${z}`, ...update]);
  expect(r.code, r.stderr).toBe(0);
  added.push(name);
}

const now = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  front = await startPersistDirectory(bed, { caaIdentities: [ISSUER, 'second.certflow.test'] });
  work = mkdtempSync(path.join(tmpdir(), 'certflow-persist-'));
  // The account exists before persist-record runs (renew would have registered it).
  const settings = acmeSettings(bed, { directory: front.url, dns: {}, certificates: {} });
  settings.config.acme['account-key'] = key;
  const session = await openSession(settings, new MemoryLogger(), { maxRetryAfterMs: 5000 });
  await session.account();
  accountUrl = session.client.getAccountUrl();
  session.close();
  writeConfig('certflow.yml', front.url, CASES);
  const mine = `${ISSUER}; accounturi=${accountUrl}`;
  await publish(
    `_validation-persist.good-${L}.${z}`,
    `"${mine}"`,
    `"another-ca.example; accounturi=https://x.example/a/1"`,
  );
  await publish(
    `_validation-persist.other-${L}.${z}`,
    `"${ISSUER}; accounturi=https://127.0.0.1:14000/my-account/999999"`,
  );
  await publish(`_validation-persist.wild-${L}.${z}`, `"${mine}"`);
  await publish(`_validation-persist.expired-${L}.${z}`, `"${mine}; persistUntil=${now - 60}"`);
  await publish(
    `_validation-persist.expiring-${L}.${z}`,
    `"${mine}; policy=wildcard; persistUntil=${now + 10 * 86400}"`,
  );
  await publish(`_validation-persist.issuer-${L}.${z}`, `"other-ca.example; accounturi=${accountUrl}"`);
  // A value that tries to name two accounts, one that tries to start a workflow command, and a
  // huge one (eight character-strings of 250 bytes in one record).
  await publish(
    `_validation-persist.hostile-${L}.${z}`,
    `"${ISSUER}; accounturi=https://evil.example/1;accounturi=${accountUrl}"`,
    `"${ISSUER}; accounturi=${accountUrl}\\010::error title=owned::pwned"`,
    `"${ISSUER}; accounturi=${accountUrl}; x=" ${Array.from({ length: 8 }, () => `"${'a'.repeat(250)}"`).join(' ')}`,
  );
}, 60_000);

afterAll(async () => {
  await front?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  if (added.length) await nsupdate(bed, [`zone ${z}`, ...added.map((n) => `update delete ${n}. TXT`)]);
});

describe('certflow persist-record on the bed', () => {
  it('prints one zone-file line per base name: a wildcard and its apex share one, with policy=wildcard', async () => {
    const r = await cli(['persist-record', '-c', 'certflow.yml', 'good', 'wild']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toBe(
      [
        `; dns-persist-01 records for ${front.url}`,
        `; account ${accountUrl}`,
        '; publish these through your DNS change process; certflow never writes them',
        `; good: good-${L}.${z} (issuer ${ISSUER}: first of meta.caaIdentities (${ISSUER}, second.certflow.test); set issuer-domain to choose another)`,
        `_validation-persist.good-${L}.${z}. 3600 IN TXT "${ISSUER}; accounturi=${accountUrl}"`,
        `; wild: wild-${L}.${z}, *.wild-${L}.${z} (issuer ${ISSUER}: first of meta.caaIdentities (${ISSUER}, second.certflow.test); set issuer-domain to choose another)`,
        `_validation-persist.wild-${L}.${z}. 3600 IN TXT "${ISSUER}; accounturi=${accountUrl}; policy=wildcard"`,
        '',
      ].join('\n'),
    );
  });

  it('gives the same as JSON with stable field names', async () => {
    const r = await cli(['persist-record', '-c', 'certflow.yml', 'wild', '--json']);
    expect(r.code).toBe(EXIT.ok);
    expect(JSON.parse(r.stdout)).toEqual({
      directory: front.url,
      issuerDomainNames: [ISSUER, 'second.certflow.test'],
      issuerSource: 'meta.caaIdentities',
      account: accountUrl,
      accountUriForm: 'url',
      records: [
        {
          name: `_validation-persist.wild-${L}.${z}`,
          type: 'TXT',
          value: `${ISSUER}; accounturi=${accountUrl}; policy=wildcard`,
          zoneLine: `_validation-persist.wild-${L}.${z}. 3600 IN TXT "${ISSUER}; accounturi=${accountUrl}; policy=wildcard"`,
          issuer: ISSUER,
          issuerReason: `first of meta.caaIdentities (${ISSUER}, second.certflow.test); set issuer-domain to choose another`,
          accountUri: accountUrl,
          wildcard: true,
          certificates: ['wild'],
          domains: [`wild-${L}.${z}`, `*.wild-${L}.${z}`],
        },
      ],
    });
  });

  it('--check reports each case at bind and fails the run', async () => {
    const r = await cli(['persist-record', '-c', 'certflow.yml', '--check', '--json']);
    expect(r.code).toBe(EXIT.failed);
    const json = JSON.parse(r.stdout) as {
      records: Array<{ name: string; certificates: string[]; check: { status: string; message: string } }>;
    };
    const status = Object.fromEntries(json.records.map((x) => [x.certificates.join(), x.check.status]));
    expect(status).toEqual({
      good: 'ok',
      missing: 'missing',
      other: 'other-account',
      wild: 'no-wildcard-policy',
      expired: 'expired',
      expiring: 'expiring',
      issuer: 'wrong-issuer',
      hostile: 'malformed',
    });
    const hostile = json.records.find((x) => x.name.includes('hostile'));
    expect(hostile?.check.message).toContain('appears more than once');
    expect(hostile?.check.message).toContain('longer than 1024 characters');
    expect(hostile?.check.message.length).toBeLessThan(1000);
    // The newline arrives as an escape inside a quoted value, never as a line of its own.
    expect(hostile?.check.message).toContain('\\n::error');
    for (const line of r.stderr.split('\n')) expect(line.startsWith('::')).toBe(false);
    expect(r.stderr).toContain('other-account');
  });

  it('--check passes when every named record is right', async () => {
    const r = await cli(['persist-record', '-c', 'certflow.yml', 'good', '--check']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain(`_validation-persist.good-${L}.${z}: ok`);
  });

  it('never creates an account: with an unknown key it says so and what to run', async () => {
    const fresh = accountKeyPem();
    const r = await cli(['persist-record', '-c', 'certflow.yml', 'good'], { ACME_KEY: fresh });
    expect(r.code).toBe(EXIT.failed);
    expect(r.stderr).toContain('no ACME account exists');
    expect(r.stderr).toContain('restore the old key');
    const settings = acmeSettings(bed, { directory: front.url, dns: {}, certificates: {} });
    settings.config.acme['account-key'] = fresh;
    const session = await openSession(settings, new MemoryLogger(), { maxRetryAfterMs: 5000 });
    try {
      expect(await existingAccountUrl(session)).toBeUndefined();
    } finally {
      session.close();
    }
  });

  it('refuses a certificate that does not use dns-persist-01', async () => {
    writeConfig('plain.yml', front.url, { good: CASES.good });
    const dns = `dns:\n  bind:\n    type: rfc2136\n    server: ${bed.dns.server}\n    tsig-name: k\n    tsig-secret: \${TSIG}\n`;
    const classic = `  classic:\n    domains: [c-${L}.${z}]\n    dns: bind\n`;
    const text = readFileSync(path.join(work, 'plain.yml'), 'utf8');
    writeFileSync(
      path.join(work, 'plain.yml'),
      text.replace('certificates:\n', `${dns}certificates:\n${classic}`),
    );
    const r = await cli(['persist-record', '-c', 'plain.yml', 'classic']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('does not use challenge: dns-persist-01');
  });
});

describe('account continuity before renew orders', () => {
  it('says loudly, before ordering, that a new account will not match the records naming the old one', async () => {
    const settings = acmeSettings(bed, {
      directory: front.url,
      dns: {},
      certificates: {
        good: { domains: [...CASES.good], challenge: 'dns-persist-01', resolvers: [bed.dns.server] } as never,
      },
    });
    const fresh = accountKeyPem(); // the key secret was replaced: the CA has no account for it
    settings.config.acme['account-key'] = fresh;
    const log = new MemoryLogger();
    await issueCertificates(settings, dueAll(settings), new Map(), log);
    const warning = log.lines.find((l) => l.includes('NEW account'));
    expect(warning, log.lines.join('\n')).toBeDefined();
    expect(warning).toContain(JSON.stringify(accountUrl));
    expect(warning).toContain('certflow persist-record');
    expect(warning).toContain('restore the old account key');
    // Said before anything was ordered.
    const order = log.lines.findIndex((l) => /order/i.test(l) && !l.includes('NEW account'));
    expect(order === -1 || order > log.lines.indexOf(warning as string)).toBe(true);
  });

  it('stays quiet when the account exists (the records still match)', async () => {
    const settings = acmeSettings(bed, {
      directory: front.url,
      dns: {},
      certificates: {
        good: { domains: [...CASES.good], challenge: 'dns-persist-01', resolvers: [bed.dns.server] } as never,
      },
    });
    settings.config.acme['account-key'] = key;
    const log = new MemoryLogger();
    await issueCertificates(settings, dueAll(settings), new Map(), log);
    expect(log.lines.join('\n')).not.toContain('NEW account');
  });
});

describe('certflow init --challenge dns-persist-01 on the bed', () => {
  it('writes a config with no DNS secret, registers the account and prints the records to publish', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'certflow-persist-init-'));
    try {
      const domain = `init-${L}.${z}`;
      const out: string[] = [];
      const io: CliIo = { stdout: (t) => out.push(t), stderr: () => {}, env: {}, cwd: repo };
      const code = await runCli(
        [
          'init',
          '--challenge',
          'dns-persist-01',
          '--directory',
          front.url,
          '--trust',
          bed.pebbleCa,
          '--domain',
          `${domain},*.${domain}`,
          '--workflows',
          'none',
          '--no-ssh-key',
        ],
        io,
      );
      const text = out.join('');
      expect(code, text).toBe(EXIT.ok);
      const config = readFileSync(path.join(repo, '.github/certflow.yml'), 'utf8');
      expect(config).toContain('challenge: dns-persist-01');
      expect(config).not.toMatch(/^dns:/m);
      expect(text).not.toMatch(/TSIG|DNS_API|_TOKEN/);
      const account = /ACME account (\S+);/.exec(text)?.[1] as string;
      expect(account).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/my-account\//);
      expect(text).toContain(
        `_validation-persist.${domain}. 3600 IN TXT "${ISSUER}; accounturi=${account}; policy=wildcard"`,
      );
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});

describe('command: persist-records in the Action (bundled)', () => {
  it('sets the JSON output, writes the summary table, fails on a wrong record, and no DNS text becomes a workflow command', async () => {
    const run = await runBundledAction({
      workspace: work,
      inputs: {
        command: 'persist-records',
        config: 'certflow.yml',
        certificates: 'good,hostile',
        check: 'true',
      },
      env: { ACME_KEY: key },
      bundle: process.env.CERTFLOW_TEST_BUNDLE_DIR
        ? path.join(process.env.CERTFLOW_TEST_BUNDLE_DIR, 'index.cjs')
        : undefined,
    });
    expect(run.code, run.stdout + run.stderr).not.toBe(0);
    const json = JSON.parse(run.outputs['persist-records'] as string) as {
      records: Array<{ certificates: string[]; value: string; check: { status: string } }>;
    };
    expect(json.records.map((r) => [r.certificates.join(), r.check.status])).toEqual([
      ['good', 'ok'],
      ['hostile', 'malformed'],
    ]);
    expect(json.records[0]?.value).toBe(`${ISSUER}; accounturi=${accountUrl}`);
    expect(run.summary).toContain('| Record | Value | Certificates | Check |');
    expect(run.summary).toContain(`_validation-persist.good-${L}.${z}`);
    // The hostile value's "::error title=owned::" rides inside an escaped warning, never on a line of its own.
    expect(run.stdout).toContain('title=owned'); // the warning does quote it
    expect(run.stdout).not.toMatch(/^::error title=owned/m);
    for (const line of run.stdout.split('\n').filter((l) => l.includes('title=owned'))) {
      expect(line.startsWith('::warning::') || !line.startsWith('::')).toBe(true);
    }
  });
});

describe('plan warns about the records', () => {
  function planSettings(accountKey: string, resolvers = [bed.dns.server]) {
    const certificates = Object.fromEntries(
      Object.entries(CASES).map(([n, domains]) => [
        n,
        { domains: [...domains], challenge: 'dns-persist-01', resolvers },
      ]),
    );
    const settings = acmeSettings(bed, {
      directory: front.url,
      dns: {},
      certificates: certificates as never,
    });
    settings.config.acme['account-key'] = accountKey;
    return settings;
  }

  it('one line per record that is wrong, none for the good one', async () => {
    const warnings = await persistPlanWarnings(planSettings(key), new MemoryLogger());
    expect(warnings).toHaveLength(7);
    for (const [name, status] of [
      ['missing', 'missing'],
      ['other', 'other-account'],
      ['wild', 'no-wildcard-policy'],
      ['expired', 'expired'],
      ['expiring', 'expiring'],
      ['issuer', 'wrong-issuer'],
      ['hostile', 'malformed'],
    ]) {
      expect(warnings.filter((w) => w.includes(`(${name}): ${status}:`))).toHaveLength(1);
    }
    expect(warnings.join('\n')).not.toContain('(good)');
    for (const w of warnings) expect(w).not.toMatch(/[\n\r]/);
  });

  it('without the account key (a plan job holds none) the records are checked for everything but the account', async () => {
    const warnings = await persistPlanWarnings(planSettings('$' + '{ACME_KEY}'), new MemoryLogger());
    expect(warnings.some((w) => w.includes('(missing): missing'))).toBe(true);
    expect(warnings.some((w) => w.includes('(other)'))).toBe(false);
  });

  it('a lookup that fails is a warning, not a crash, and does not wait long', async () => {
    const started = Date.now();
    const warnings = await persistPlanWarnings(planSettings(key, ['127.0.0.1:9']), new MemoryLogger());
    expect(warnings).toHaveLength(8);
    for (const w of warnings) expect(w).toContain('lookup-failed');
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('the records persist-record prints are the ones the CA accepts', () => {
  it('published exactly as printed, they let the test CA issue a wildcard with no DNS provider', async () => {
    const ca = await startAriFront(bed, { persist: { issuer: ISSUER } });
    const name = `rt-${L}.${z}`;
    try {
      const settings = acmeSettings(bed, {
        directory: ca.directory,
        dns: {},
        certificates: {
          rt: {
            domains: [name, `*.${name}`],
            challenge: 'dns-persist-01',
            resolvers: [bed.dns.server],
          } as never,
        },
      });
      settings.config.acme['account-key'] = key;
      // The account at this CA exists first (the records name it); persist-record never makes one.
      const session = await openSession(settings, new MemoryLogger(), { maxRetryAfterMs: 5000 });
      await session.account();
      session.close();
      writeConfig('roundtrip.yml', ca.directory, { rt: [name, `*.${name}`] });
      const printed = await cli(['persist-record', '-c', 'roundtrip.yml', '--json']);
      expect(printed.code, printed.stderr).toBe(EXIT.ok);
      const records = (JSON.parse(printed.stdout) as { records: Array<{ name: string; value: string }> })
        .records;
      expect(records).toHaveLength(1);
      for (const r of records) await publish(r.name, JSON.stringify(r.value));
      expect((await cli(['persist-record', '-c', 'roundtrip.yml', '--check'])).code).toBe(EXIT.ok);
      const [result] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger(), {
        handleSignals: false,
        maxRetryAfterMs: 1000,
      });
      expect(result?.ok, JSON.stringify(result?.ok ? '' : result?.error)).toBe(true);
    } finally {
      await ca.close();
    }
  });
});

describe('a CA that speaks draft -02 (issuerDomainNames, accountHashPrefix)', () => {
  it('prints hashed account URIs, and --check accepts them while a record with the bare URL is another account', async () => {
    const prefix = 'https://ca.certflow.test/account-hash/';
    const dir02 = await startPersistDirectory(bed, {
      caaIdentities: ['caa-only.certflow.test', ISSUER],
      issuerDomainNames: [ISSUER],
      accountHashPrefix: prefix,
    });
    try {
      const hashed = `hashed-${L}.${z}`;
      const bare = `bare-${L}.${z}`;
      writeConfig('draft02.yml', dir02.url, { hashed: [hashed], bare: [bare] });
      const printed = await cli(['persist-record', '-c', 'draft02.yml', '--json']);
      expect(printed.code, printed.stderr).toBe(EXIT.ok);
      const json = JSON.parse(printed.stdout) as {
        issuerSource: string;
        accountUriForm: string;
        records: Array<{ name: string; value: string; accountUri: string; certificates: string[] }>;
      };
      expect(json.issuerSource).toBe('meta.issuerDomainNames');
      expect(json.accountUriForm).toBe('hashed');
      for (const r of json.records)
        expect(r.accountUri).toMatch(
          /^https:\/\/ca\.certflow\.test\/account-hash\/sha-256\/[A-Za-z0-9_-]{43}$/,
        );
      // Domain-bound: the two names get different hashed URIs.
      expect(new Set(json.records.map((r) => r.accountUri)).size).toBe(2);
      const byCert = Object.fromEntries(json.records.map((r) => [r.certificates.join(), r]));
      await publish(byCert.hashed?.name as string, JSON.stringify(byCert.hashed?.value));
      await publish(byCert.bare?.name as string, JSON.stringify(`${ISSUER}; accounturi=${accountUrl}`));
      const checked = await cli(['persist-record', '-c', 'draft02.yml', '--check', '--json']);
      expect(checked.code).toBe(EXIT.failed);
      const status = Object.fromEntries(
        (
          JSON.parse(checked.stdout) as {
            records: Array<{ certificates: string[]; check: { status: string } }>;
          }
        ).records.map((r) => [r.certificates.join(), r.check.status]),
      );
      expect(status).toEqual({ hashed: 'ok', bare: 'other-account' });
    } finally {
      await dir02.close();
    }
  });
});
