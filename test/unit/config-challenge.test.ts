// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references are part of the files under test
/**
 * `challenge` and `fallback` per certificate (issue 23): a dns-persist-01 certificate needs no
 * DNS provider and no DNS secret; the rules that tie fallback to a provider are reported on the
 * field, with its line.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, parseConfig } from '../../src/config/load.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const HEAD = `version: 1
acme:
  account-key: \${ACME_ACCOUNT_KEY}
store:
  recipients: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]
`;
const DNS = `dns:
  corp:
    type: rfc2136
    server: 127.0.0.1:10053
    tsig-name: acme
    tsig-secret: \${TSIG_SECRET}
`;
const KEY = { ACME_ACCOUNT_KEY: '-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----' };

const parse = (text: string, env: Record<string, string> = KEY) =>
  parseConfig(text, { displayPath: 'certflow.yml', env, log: new MemoryLogger() });

function problems(text: string): string[] {
  try {
    parse(text, { ...KEY, TSIG_SECRET: 'c2VjcmV0' });
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).problems.map(formatProblem);
  }
  throw new Error('expected the config to be rejected');
}

describe('challenge: dns-persist-01', () => {
  it('loads with no dns section and no DNS secret in the environment', () => {
    const config = parse(`${HEAD}certificates:
  www:
    domains: [example.com, "*.example.com"]
    challenge: dns-persist-01
`);
    expect(config.certificates.www).toMatchObject({ challenge: 'dns-persist-01' });
    expect(config.certificates.www?.dns).toBeUndefined();
    expect(config.dns).toEqual({});
  });

  it('takes fallback: dns-01 with a provider', () => {
    const config = parse(
      `${HEAD}${DNS}certificates:
  www:
    domains: [example.com]
    challenge: dns-persist-01
    dns: corp
    fallback: dns-01
`,
      { ...KEY, TSIG_SECRET: 'c2VjcmV0' },
    );
    expect(config.certificates.www).toMatchObject({
      challenge: 'dns-persist-01',
      fallback: 'dns-01',
      dns: 'corp',
    });
  });

  it('refuses fallback without a provider, fallback on dns-01, and dns-01 without a provider', () => {
    expect(
      problems(`${HEAD}certificates:
  a:
    domains: [a.example.com]
    challenge: dns-persist-01
    fallback: dns-01
  b:
    domains: [b.example.com]
    fallback: dns-01
  c:
    domains: [c.example.com]
`),
    ).toEqual([
      expect.stringMatching(/certflow\.yml:10.*certificates\.a\.fallback.*needs dns:/),
      // A missing field is reported on its certificate's line.
      expect.stringMatching(/certflow\.yml:11.*certificates\.b\.dns.*a dns-01 certificate needs dns:/),
      expect.stringMatching(
        /certflow\.yml:13.*certificates\.b\.fallback.*only applies to challenge: dns-persist-01/,
      ),
      expect.stringMatching(/certflow\.yml:14.*certificates\.c\.dns.*a dns-01 certificate needs dns:/),
    ]);
  });
});
