// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references in certflow.yml are written as text
/**
 * External account binding against a real server: the bed's EAB Pebble requires it
 * (externalAccountBindingRequired) and knows one key id and MAC key. The right pair issues; a wrong
 * MAC or a missing binding fails with a message that names the CA's place in the config and the
 * secret to check, and the MAC key (right or wrong) appears nowhere in the results or the log.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { type CliIo, runCli } from '../../src/cli/main.js';
import type { Settings } from '../../src/config/settings.js';
import type { IssueResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { accountKeyPem, acmeSettings, bindProvider, dueAll, label, verifyChain } from '../support/acme.js';
import { newAgeIdentity } from '../support/store-fixtures.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const eab = bed.pebbleEab;
if (!eab)
  throw new Error('the bed has no EAB Pebble: bash testbed/services/pebble-extra.sh configure/start/ready');

function settingsWith(binding: { 'key-id': string; 'hmac-key': string } | undefined): Settings {
  const name = label('eab');
  const s = acmeSettings(bed, {
    directory: eab?.directory,
    dns: { bind: bindProvider(bed) },
    certificates: { [name]: { domains: [`${name}.${bed.dns.zone}`], dns: 'bind' } },
  });
  if (binding) s.config.acme['external-account-binding'] = binding;
  return s;
}

async function issue(settings: Settings): Promise<{ result: IssueResult; text: string }> {
  const log = new MemoryLogger();
  const [result] = await issueCertificates(settings, dueAll(settings), new Map(), log);
  if (!result) throw new Error('no result');
  return { result, text: `${JSON.stringify(result)}\n${log.lines.join('\n')}` };
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A MAC key of the same form as the right one, but not it. */
const wrongMac = () => randomBytes(32).toString('base64url');

describe('external account binding (bed, EAB Pebble)', () => {
  it('the right key id and MAC register the account and issue', async () => {
    const { result, text } = await issue(
      settingsWith({ 'key-id': eab.eab.kid, 'hmac-key': eab.eab.hmacKey }),
    );
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) {
      expect(result.certificate.acmeDirectory).toBe(eab.directory);
      expect((await verifyChain(bed, result.certificate.fullchainPem, eab.mgmt)).code).toBe(0);
    }
    expect(text).not.toContain(eab.eab.hmacKey);
  });

  it('a wrong MAC fails clearly: the CA, the place in the config, the secret to check; no MAC key shown', async () => {
    const wrong = wrongMac();
    const { result, text } = await issue(settingsWith({ 'key-id': eab.eab.kid, 'hmac-key': wrong }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toMatch(
        new RegExp(
          `^${eab.directory.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(acme\\) refused the ACME account: `,
        ),
      );
      expect(result.error.hint).toMatch(/check the EAB secret of acme\.external-account-binding/);
      expect(result.error.hint).toContain(`key-id "${eab.eab.kid}"`);
    }
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(eab.eab.hmacKey);
  });

  it('an unknown key id is refused the same way', async () => {
    const { result } = await issue(settingsWith({ 'key-id': 'no-such-kid', 'hmac-key': eab.eab.hmacKey }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('(acme) refused the ACME account');
      expect(result.error.hint).toMatch(/check the EAB secret/);
    }
  });

  it('no binding at a CA that requires one: says which field to set, before asking the CA', async () => {
    const { result } = await issue(settingsWith(undefined));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toBe(
        `${eab.directory} (acme) requires an external account binding, and none is configured`,
      );
      expect(result.error.hint).toMatch(/set acme\.external-account-binding \(key-id, hmac-key\)/);
    }
  });

  it('in acme.issuers, a wrong MAC names that issuer and is not taken to the next CA', async () => {
    const second = bed.pebbleSecond;
    if (!second) throw new Error('the bed has no second Pebble');
    const wrong = wrongMac();
    const s = settingsWith(undefined);
    delete s.config.acme['account-key'];
    s.config.acme.issuers = [
      {
        directory: eab.directory,
        'account-key': accountKeyPem(),
        'external-account-binding': { 'key-id': eab.eab.kid, 'hmac-key': wrong },
      },
      { directory: second.directory, 'account-key': accountKeyPem() },
    ];
    const { result, text } = await issue(s);
    expect(result.ok, JSON.stringify(result)).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain(`${eab.directory} (acme.issuers[0]) refused the ACME account`);
      expect(result.error.hint).toMatch(
        /check the EAB secret of acme\.issuers\[0\]\.external-account-binding/,
      );
      expect(result.error.acmeDirectory).toBe(eab.directory);
      expect(result.error.skippedIssuers).toBeUndefined();
    }
    expect(text).not.toContain(wrong);
  });
});

describe('certflow renew with acme.issuers and EAB, through the CLI (bed)', () => {
  it('the first CA down: the EAB CA issues, the run says so, the MAC key is in no output', async () => {
    const second = bed.pebbleEab;
    if (!second) throw new Error('no EAB Pebble');
    const repo = mkdtempSync(join(tmpdir(), 'certflow-eab-cli-'));
    try {
      execFileSync('git', ['init', '-q', '-b', 'main', repo]);
      mkdirSync(join(repo, '.github'));
      copyFileSync(bed.pebbleCa, join(repo, 'pebble-ca.pem'));
      const name = label('ec');
      const closed = `https://127.0.0.1:${await closedPort()}/dir`;
      writeFileSync(
        join(repo, '.github/certflow.yml'),
        [
          'version: 1',
          'acme:',
          '  issuers:',
          `    - directory: ${closed}`,
          '      account-key: ${FIRST_KEY}',
          `    - directory: ${second.directory}`,
          '      account-key: ${EAB_ACCOUNT_KEY}',
          '      external-account-binding:',
          `        key-id: ${second.eab.kid}`,
          '        hmac-key: ${EAB_HMAC_KEY}',
          '  trust: [pebble-ca.pem]',
          'store:',
          `  recipients: [${(await newAgeIdentity()).recipient}]`,
          'dns:',
          '  bind:',
          '    type: rfc2136',
          `    server: ${bed.dns.server}`,
          `    tsig-name: ${bed.tsig.name}`,
          '    tsig-algorithm: hmac-sha256',
          '    tsig-secret: ${TSIG_SECRET}',
          `    resolvers: [${bed.dns.server}]`,
          '    propagation-timeout: 10s',
          '    ttl: 5',
          'certificates:',
          `  ${name}:`,
          `    domains: [${name}.${bed.dns.zone}]`,
          '    dns: bind',
          '',
        ].join('\n'),
      );
      const out: string[] = [];
      const io: CliIo = {
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
        env: {
          FIRST_KEY: accountKeyPem(),
          EAB_ACCOUNT_KEY: accountKeyPem(),
          EAB_HMAC_KEY: second.eab.hmacKey,
          TSIG_SECRET: bed.tsig.secret,
        },
        cwd: repo,
      };
      const code = await runCli(['renew', '--verbose'], io);
      const text = out.join('');
      expect(code, text).toBe(0);
      expect(text).toContain(
        `${name}: issued by ${second.directory} after the CA before it failed on its side`,
      );
      expect(text).toMatch(/acme\.issuers\[0\] \(https:\/\/127\.0\.0\.1:\d+\/dir\): cannot reach the CA/);
      expect(text).not.toContain(second.eab.hmacKey);
      const manifest = JSON.parse(readFileSync(join(repo, 'certificates', name, 'certificate.json'), 'utf8'));
      expect(manifest.acmeDirectory).toBe(second.directory);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
