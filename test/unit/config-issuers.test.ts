// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references are the subject of these tests
/**
 * acme.issuers in the config: the forms that load (old single directory, directory plus fallbacks,
 * a list alone) give the CAs in order with their own keys; contradictory ones are refused at the line.
 */
import { describe, expect, it } from 'vitest';
import { configuredIssuers, issuerOf } from '../../src/acme/issuers.js';
import { formatProblem, parseConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/settings.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const ENV = {
  LE_KEY: 'le-account-key-pem',
  ZS_KEY: 'zerossl-account-key-pem',
  ZS_HMAC: 'zerossl-hmac-secret',
  TSIG: 'c2VjcmV0LXRzaWctdmFsdWU=',
};

const TAIL = `store:
  recipients: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]
dns:
  corp:
    type: rfc2136
    server: 127.0.0.1:10053
    tsig-name: acme
    tsig-secret: \${TSIG}
certificates:
  www:
    domains: [example.com]
    dns: corp
`;

function load(acme: string): Config {
  return parseConfig(`version: 1\nacme:\n${acme}${TAIL}`, {
    displayPath: 'certflow.yml',
    env: ENV,
    log: new MemoryLogger(),
  });
}

function problems(acme: string): string[] {
  try {
    load(acme);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).problems.map(formatProblem);
  }
  throw new Error('expected the config to be rejected');
}

const ZEROSSL = `    - directory: zerossl
      account-key: \${ZS_KEY}
      external-account-binding:
        key-id: kid-zs
        hmac-key: \${ZS_HMAC}
`;

describe('acme.issuers', () => {
  it('a config with only directory and account-key keeps working: one CA, the old one', () => {
    const config = load('  directory: letsencrypt\n  account-key: ${LE_KEY}\n');
    const issuers = configuredIssuers({ config, dryRun: false });
    expect(issuers).toHaveLength(1);
    expect(issuers[0]).toMatchObject({
      directory: 'https://acme-v02.api.letsencrypt.org/directory',
      accountKey: ENV.LE_KEY,
      where: 'acme',
      index: 0,
    });
  });

  it('with acme.account-key, acme.directory comes first and the issuers follow, each with its own key and binding', () => {
    const config = load(`  directory: letsencrypt\n  account-key: \${LE_KEY}\n  issuers:\n${ZEROSSL}`);
    const issuers = configuredIssuers({ config, dryRun: false });
    expect(issuers.map((i) => [i.where, i.directory, i.accountKey])).toEqual([
      ['acme', 'https://acme-v02.api.letsencrypt.org/directory', ENV.LE_KEY],
      ['acme.issuers[0]', 'https://acme.zerossl.com/v2/DV90', ENV.ZS_KEY],
    ]);
    expect(issuers[1]?.eab).toEqual({ keyId: 'kid-zs', hmacKey: ENV.ZS_HMAC });
    expect(issuers[0]?.eab).toBeUndefined();
  });

  it('without acme.account-key, the issuers are the whole list; a dry run goes to each staging directory', () => {
    const config = load(
      `  issuers:\n    - directory: letsencrypt\n      account-key: \${LE_KEY}\n${ZEROSSL}`,
    );
    expect(configuredIssuers({ config, dryRun: false }).map((i) => i.where)).toEqual([
      'acme.issuers[0]',
      'acme.issuers[1]',
    ]);
    const dry = configuredIssuers({ config, dryRun: true });
    expect(dry[0]?.directory).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(dry[0]?.configured).toBe('https://acme-v02.api.letsencrypt.org/directory');
    // ZeroSSL has no staging: the dry run stays on its one directory.
    expect(dry[1]?.directory).toBe('https://acme.zerossl.com/v2/DV90');
  });

  it("a bundle's CA: the one its manifest names, the first for an old bundle, never one the config lacks", () => {
    const config = load(`  directory: letsencrypt\n  account-key: \${LE_KEY}\n  issuers:\n${ZEROSSL}`);
    const s = { config, dryRun: false };
    expect(issuerOf(s, {}, 'www').where).toBe('acme');
    expect(issuerOf(s, { acmeDirectory: 'https://acme.zerossl.com/v2/DV90' }, 'www').where).toBe(
      'acme.issuers[0]',
    );
    expect(() => issuerOf(s, { acmeDirectory: 'https://evil.example/directory' }, 'www serial 01')).toThrow(
      /www serial 01 was issued by https:\/\/evil\.example\/directory, which is not among the configured CAs/,
    );
  });

  it('acme.directory without acme.account-key next to issuers is contradictory: refused at its line', () => {
    expect(problems(`  directory: letsencrypt\n  issuers:\n${ZEROSSL}`)).toEqual([
      expect.stringMatching(
        /^certflow\.yml:3:3: acme\.directory: acme\.issuers lists the CAs, and acme\.directory has no acme\.account-key/,
      ),
    ]);
  });

  it('acme.account-key next to issuers without acme.directory would make the default CA first: refused', () => {
    expect(problems(`  account-key: \${LE_KEY}\n  issuers:\n${ZEROSSL}`)).toEqual([
      expect.stringMatching(
        /^certflow\.yml:3:3: acme\.account-key: with acme\.issuers, acme\.account-key is the key of acme\.directory, the first CA: write acme\.directory too/,
      ),
    ]);
  });

  it('a top-level binding with issuers alone belongs to no CA', () => {
    const lines = problems(
      `  external-account-binding:\n    key-id: k\n    hmac-key: \${ZS_HMAC}\n  issuers:\n${ZEROSSL}`,
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^certflow\.yml:3:3: acme\.external-account-binding: this binding belongs to no CA/,
      ),
    ]);
  });

  it('the same CA twice is refused at the second, by name or by URL', () => {
    const lines = problems(
      `  directory: zerossl\n  account-key: \${LE_KEY}\n  issuers:\n    - directory: https://acme.zerossl.com/v2/DV90\n      account-key: \${ZS_KEY}\n`,
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^certflow\.yml:6:18: acme\.issuers\[0\]\.directory: https:\/\/acme\.zerossl\.com\/v2\/DV90 is already the CA of acme\.directory/,
      ),
    ]);
  });

  it('an issuer needs its own account key, as a reference; an empty list is refused', () => {
    expect(problems('  issuers:\n    - directory: zerossl\n')).toEqual([
      expect.stringMatching(/^certflow\.yml:4:7: acme\.issuers\[0\]\.account-key: required/),
    ]);
    expect(problems('  issuers:\n    - directory: zerossl\n      account-key: "-----BEGIN"\n')).toEqual([
      expect.stringMatching(/acme\.issuers\[0\]\.account-key: this field is secret/),
    ]);
    expect(problems('  issuers: []\n')).toEqual([
      expect.stringMatching(/acme\.issuers: list at least one CA, or leave issuers out/),
    ]);
  });

  it('no account key at all, and no issuers: the old message', () => {
    expect(problems('  directory: letsencrypt\n')).toEqual([
      'certflow.yml:2:1: acme.account-key: required: expected a string',
    ]);
  });
});

describe('acme.issuers in a pull request', () => {
  it('a CA added to or moved in the list is flagged for review', async () => {
    const { configFlags } = await import('../../src/verify/compare.js');
    const before = { acme: { directory: 'letsencrypt', issuers: [{ directory: 'zerossl' }] } };
    const added = {
      acme: {
        directory: 'letsencrypt',
        issuers: [{ directory: 'zerossl' }, { directory: 'https://ca.evil/dir' }],
      },
    };
    expect(configFlags('certflow.yml', before, added).map((f) => f.message)).toEqual([
      'acme.issuers changed: ["zerossl"] -> ["zerossl","https://ca.evil/dir"]',
    ]);
    expect(configFlags('certflow.yml', before, structuredClone(before))).toEqual([]);
  });
});
