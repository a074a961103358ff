/**
 * The test CA's rules for `_validation-persist` records (test/support/persist-validator.ts,
 * draft-ietf-acme-dns-persist-01 section 4): the integration tests trust its verdicts, so its
 * parsing is pinned here, one row per rule.
 */
import { describe, expect, it } from 'vitest';
import { judgeRecords, parseIssueValue } from '../support/persist-validator.js';

const ACCOUNT = 'https://ca.test/my-account/7';
const NOW = 1_900_000_000;
const want = { issuers: ['ca.test'], accountUri: ACCOUNT, wildcard: false, now: NOW };

describe('judgeRecords', () => {
  const rows: Array<[string, string[], Partial<typeof want>, true | RegExp]> = [
    ['the plain record', [`ca.test; accounturi=${ACCOUNT}`], {}, true],
    ['issuer without case, trailing dot, no spaces', [`CA.Test.;accounturi=${ACCOUNT}`], {}, true],
    ['parameter names without case', [`ca.test; AccountURI=${ACCOUNT}; PERSISTUNTIL=${NOW + 1}`], {}, true],
    ['unknown parameters are ignored', [`ca.test; accounturi=${ACCOUNT}; future=x`], {}, true],
    [
      'one good record among others',
      ['other.test; accounturi=x', 'garbage;;=', `ca.test; accounturi=${ACCOUNT}`],
      {},
      true,
    ],
    ['no record', [], {}, /no TXT record found/],
    ['only other CAs', [`other.test; accounturi=${ACCOUNT}`], {}, /no record names this CA \(ca\.test\)/],
    ['no accounturi', ['ca.test; policy=wildcard'], {}, /has no accounturi/],
    [
      'another account',
      ['ca.test; accounturi=https://ca.test/my-account/8'],
      {},
      /for account .*\/8, not for/,
    ],
    [
      'account URL compared exactly',
      [`ca.test; accounturi=${ACCOUNT.toUpperCase()}`],
      {},
      /not for the requesting/,
    ],
    [
      'persistUntil passed',
      [`ca.test; accounturi=${ACCOUNT}; persistUntil=${NOW - 1}`],
      {},
      /is in the past/,
    ],
    [
      'persistUntil not a number',
      [`ca.test; accounturi=${ACCOUNT}; persistUntil=soon`],
      {},
      /not a base-10 integer/,
    ],
    [
      'wildcard without policy',
      [`ca.test; accounturi=${ACCOUNT}`],
      { wildcard: true },
      /needs policy=wildcard/,
    ],
    [
      'wildcard, policy without case',
      [`ca.test; accounturi=${ACCOUNT}; policy=WildCard`],
      { wildcard: true },
      true,
    ],
    [
      'wildcard, other policy value',
      [`ca.test; accounturi=${ACCOUNT}; policy=subdomain`],
      { wildcard: true },
      /policy=wildcard/,
    ],
    ['a parameter twice', [`ca.test; accounturi=${ACCOUNT}; accounturi=${ACCOUNT}`], {}, /appears twice/],
  ];
  it.each(rows)('%s', (_, records, extra, expected) => {
    const verdict = judgeRecords(records, { ...want, ...extra });
    if (expected === true) expect(verdict).toMatchObject({ ok: true });
    else expect(verdict.ok ? 'accepted' : verdict.detail).toMatch(expected);
  });
});

describe('parseIssueValue', () => {
  it('refuses what is not an RFC 8659 issue-value', () => {
    expect(parseIssueValue('; accounturi=x')).toMatch(/not an issuer domain name/);
    expect(parseIssueValue('ca.test; accounturi')).toMatch(/not a tag=value/);
    expect(parseIssueValue('ca.test; account uri=x')).toMatch(/not a tag=value/);
    // ";" always separates parameters: a value cannot hold one.
    expect(parseIssueValue('ca.test; accounturi=a;b')).toMatch(/"b" is not a tag=value/);
  });
});
