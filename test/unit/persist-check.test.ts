/** Judging `_validation-persist` records (pure, fixed clock), and what the job summary shows of them. */
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/settings.js';
import { judge } from '../../src/persist/check.js';
import { acceptedUris, caFacts, pickIssuer, publishedUri } from '../../src/persist/identity.js';
import { persistMarkdown } from '../../src/persist/render.js';
import { wantedRecords } from '../../src/persist/want.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const T = NOW.getTime() / 1000;
const ME = 'https://ca.test/acct/1';
const want = { name: '_validation-persist.example.org', issuer: 'ca.test', wildcard: false, accepted: [ME] };

describe('judging the records at a name', () => {
  it.each([
    ['ok', [`ca.test; accounturi=${ME}`], 'ok'],
    ['ok next to another CA', ['other.test; accounturi=https://o/1', `ca.test; accounturi=${ME}`], 'ok'],
    ['missing', [], 'missing'],
    ['wrong issuer', [`other.test; accounturi=${ME}`], 'wrong-issuer'],
    ['another account', ['ca.test; accounturi=https://ca.test/acct/2'], 'other-account'],
    ['expired', [`ca.test; accounturi=${ME}; persistUntil=${T - 1}`], 'expired'],
    ['expiring', [`ca.test; accounturi=${ME}; persistUntil=${T + 29 * 86400}`], 'expiring'],
    ['far enough', [`ca.test; accounturi=${ME}; persistUntil=${T + 31 * 86400}`], 'ok'],
    [
      'the longest-lived record counts',
      [`ca.test; accounturi=${ME}; persistUntil=${T - 1}`, `ca.test; accounturi=${ME}`],
      'ok',
    ],
    ['only a hostile value', [`ca.test; accounturi=https://evil/1;accounturi=${ME}`], 'malformed'],
  ])('%s', (_what, values, status) => {
    expect(judge(want, values, NOW).status).toBe(status);
  });

  it('a hostile value next to a good one does not spoil it, and is never trusted', () => {
    expect(
      judge(want, ['ca.test; accounturi=https://evil/1;accounturi=x:y', `ca.test; accounturi=${ME}`], NOW)
        .status,
    ).toBe('ok');
  });

  it('a wildcard needs policy=wildcard; without the account (plan with no key) any account counts', () => {
    const wild = { ...want, wildcard: true };
    expect(judge(wild, [`ca.test; accounturi=${ME}`], NOW).status).toBe('no-wildcard-policy');
    expect(judge(wild, [`ca.test; accounturi=${ME}; Policy=Wildcard`], NOW).status).toBe('ok');
    expect(judge({ ...want, accepted: undefined }, ['ca.test; accounturi=https://x/9'], NOW).status).toBe(
      'ok',
    );
  });
});

describe('what the CA directory decides', () => {
  const session = (meta: Record<string, unknown>) => ({
    directoryUrl: 'https://ca.test/dir',
    directory: { meta },
  });

  it('prefers issuerDomainNames (-02) over caaIdentities (-01), normalized, and refuses a CA with neither', () => {
    expect(
      caFacts(session({ caaIdentities: ['CA.test.'], issuerDomainNames: ['persist.ca.test'] })).issuers,
    ).toEqual(['persist.ca.test']);
    expect(caFacts(session({ caaIdentities: ['CA.test.', 'bad name'] })).issuers).toEqual(['ca.test']);
    expect(() => caFacts(session({}))).toThrow(/names no issuer domain/);
  });

  it('takes the configured issuer only when the CA offers it, and says why it chose', () => {
    const ca = caFacts(session({ caaIdentities: ['a.test', 'b.test'] }));
    expect(pickIssuer(ca, undefined)).toEqual({
      issuer: 'a.test',
      why: 'first of meta.caaIdentities (a.test, b.test); set issuer-domain to choose another',
    });
    expect(pickIssuer(ca, 'b.test').issuer).toBe('b.test');
    expect(() => pickIssuer(ca, 'c.test')).toThrow(/not one the CA offers/);
  });

  it('publishes the URL, or with accountHashPrefix the hashed URI (and accepts the * form too)', () => {
    const account = {
      url: 'https://ca.example/acct/123',
      thumbprint: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
    };
    const plain = caFacts(session({ caaIdentities: ['a.test'] }));
    expect(publishedUri(plain, account, 'example.com')).toBe(account.url);
    const hashed = caFacts(
      session({ caaIdentities: ['a.test'], accountHashPrefix: 'https://ca.example/account-hash/' }),
    );
    expect(publishedUri(hashed, account, 'example.com')).toBe(
      'https://ca.example/account-hash/sha-256/5SQm7n6tPh2-PlLbCKGnViTXX5z19SCN4cPGQHSk-kw',
    );
    expect(acceptedUris(hashed, account, 'example.com')).toContain(
      'https://ca.example/account-hash/sha-256/NpDnSwUthQK8zCgFdefYxAdAVPnygMLbs9US6oO-5ug',
    );
  });
});

describe('the job summary', () => {
  it('escapes what came from DNS and the CA: no HTML, no table break, no workflow command', () => {
    const message = judge(
      want,
      ['ca.test; accounturi=https://evil/<img>|x;accounturi=a:b\n::error::x'],
      NOW,
    ).message;
    const md = persistMarkdown({
      ca: { directoryUrl: 'https://ca.test/dir', issuers: ['ca.test'], issuerSource: 'meta.caaIdentities' },
      accountUrl: ME,
      records: [
        {
          name: want.name,
          base: 'example.org',
          wildcard: false,
          issuer: 'ca.test',
          issuerWhy: 'meta.caaIdentities',
          accountUri: ME,
          value: `ca.test; accounturi=${ME}`,
          zoneLine: '',
          certificates: ['www'],
          domains: ['example.org'],
          accepted: [ME],
          check: { status: 'malformed', message },
        },
      ],
    });
    expect(md).not.toContain('<img>');
    const row = md.split('\n').find((l) => l.includes('malformed')) as string;
    expect(row.split(' | ')).toHaveLength(4);
    expect(md.split('\n').some((l) => l.startsWith('::'))).toBe(false);
  });
});

describe('the record side never writes DNS', () => {
  it('imports nothing that can update a zone (no provider, no RFC 2136 update, no TSIG)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = [
      ...readdirSync('src/persist').map((f) => `src/persist/${f}`),
      'src/commands/persist-records.ts',
      'src/init/persist.ts',
    ];
    for (const file of files) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);
      for (const spec of imports)
        expect(spec, file).not.toMatch(/dns\/(update|tsig|providers|challenge|propagation)/);
    }
  });
});

describe('the records a config needs', () => {
  it('one per base name and issuer: a wildcard and its apex share one, with policy=wildcard, across certificates', () => {
    const config = {
      certificates: {
        a: { domains: ['x.test', '*.x.test'], challenge: 'dns-persist-01' },
        b: { domains: ['x.test', 'api.x.test'], challenge: 'dns-persist-01' },
        c: { domains: ['x.test'], challenge: 'dns-persist-01', 'issuer-domain': 'b.test' },
      },
    } as unknown as Config;
    const ca = caFacts({
      directoryUrl: 'https://ca.test/dir',
      directory: { meta: { caaIdentities: ['a.test', 'b.test'] } },
    });
    const records = wantedRecords(config, ['a', 'b', 'c'], ca, { url: ME, thumbprint: '' });
    expect(records.map((r) => [r.name, r.issuer, r.wildcard, r.certificates.join()])).toEqual([
      ['_validation-persist.api.x.test', 'a.test', false, 'b'],
      ['_validation-persist.x.test', 'a.test', true, 'a,b'],
      ['_validation-persist.x.test', 'b.test', false, 'c'],
    ]);
    expect(records[1]?.value).toBe(`a.test; accounturi=${ME}; policy=wildcard`);
    expect(records[2]?.issuerWhy).toBe('configured issuer-domain');
  });
});
