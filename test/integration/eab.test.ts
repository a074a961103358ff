/**
 * External account binding against a real server: the bed's EAB Pebble requires it
 * (externalAccountBindingRequired) and knows one key id and MAC key. The right pair issues; a wrong
 * MAC or a missing binding fails with a message that names the CA's place in the config and the
 * secret to check, and the MAC key (right or wrong) appears nowhere in the results or the log.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import type { Settings } from '../../src/config/settings.js';
import type { IssueResult } from '../../src/model.js';
import { MemoryLogger } from '../../src/util/log.js';
import { accountKeyPem, acmeSettings, bindProvider, dueAll, label, verifyChain } from '../support/acme.js';
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
