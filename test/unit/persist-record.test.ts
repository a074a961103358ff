/** The dns-persist-01 record: built values, and what a value read from DNS may and may not say. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashedAccountUri,
  jwkThumbprint,
  parseRecord,
  recordName,
  recordValue,
  showUntrusted,
  zoneLine,
} from '../../src/persist/record.js';

const ACCOUNT = 'https://ca.example/acct/123';

describe('building the record', () => {
  it('puts a wildcard and its apex at the same name, and orders the parameters as the draft does', () => {
    expect(recordName('*.Example.com.')).toBe('_validation-persist.example.com');
    expect(recordName('example.com')).toBe('_validation-persist.example.com');
    expect(recordValue({ issuer: 'authority.example', accountUri: ACCOUNT, wildcard: false })).toBe(
      'authority.example; accounturi=https://ca.example/acct/123',
    );
    expect(
      recordValue({
        issuer: 'authority.example',
        accountUri: ACCOUNT,
        wildcard: true,
        persistUntil: 1721952000,
      }),
    ).toBe(
      'authority.example; accounturi=https://ca.example/acct/123; policy=wildcard; persistUntil=1721952000',
    );
  });

  it('writes zone-file lines with character-strings of at most 255 bytes', () => {
    const long = `a; accounturi=https://ca.example/${'x'.repeat(300)}`;
    const line = zoneLine('_validation-persist.example.com', long, 300);
    expect(line.startsWith('_validation-persist.example.com. 300 IN TXT "a; accounturi=')).toBe(true);
    const strings = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1] as string);
    expect(strings.map((s) => s.length)).toEqual([255, long.length - 255]);
    expect(strings.join('')).toBe(long);
  });

  it('computes the hashed account URI of draft -02 section 10.2 (test vector)', () => {
    const thumb = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
    const prefix = 'https://ca.example/account-hash/';
    expect(hashedAccountUri(prefix, 'example.com', thumb, ACCOUNT)).toBe(
      'https://ca.example/account-hash/sha-256/5SQm7n6tPh2-PlLbCKGnViTXX5z19SCN4cPGQHSk-kw',
    );
    expect(hashedAccountUri(prefix, '*', thumb, ACCOUNT)).toBe(
      'https://ca.example/account-hash/sha-256/NpDnSwUthQK8zCgFdefYxAdAVPnygMLbs9US6oO-5ug',
    );
  });

  it('takes the JWK thumbprint of EC and RSA account keys (43 base64url characters)', () => {
    for (const k of [
      generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      generateKeyPairSync('rsa', { modulusLength: 2048 }),
    ]) {
      const pem = k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(jwkThumbprint(pem)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });
});

describe('reading a record from DNS', () => {
  it('reads what it builds, with any spacing the grammar allows and tags in any case', () => {
    const built = recordValue({ issuer: 'ca.test', accountUri: ACCOUNT, wildcard: true, persistUntil: 42 });
    expect(parseRecord(built)).toEqual({
      ok: true,
      record: { issuer: 'ca.test', accountUri: ACCOUNT, wildcard: true, persistUntil: 42 },
    });
    expect(parseRecord(`CA.Test;accounturi=${ACCOUNT};POLICY=WILDCARD;future-tag=x`)).toEqual({
      ok: true,
      record: { issuer: 'ca.test', accountUri: ACCOUNT, wildcard: true, persistUntil: undefined },
    });
    // Another policy value means no policy (section 4.1 item 4).
    const other = parseRecord(`ca.test; accounturi=${ACCOUNT}; policy=subdomains`);
    expect(other.ok && other.record.wildcard).toBe(false);
  });

  it.each([
    [
      'a tag given twice (which one would a CA read?)',
      'ca.test; accounturi=https://evil.example/acct/1;accounturi=https://ca.example/acct/123',
    ],
    ['accounturi twice in other case', `ca.test; accounturi=${ACCOUNT}; AccountURI=${ACCOUNT}`],
    ['no accounturi', 'ca.test; policy=wildcard'],
    ['no issuer', `; accounturi=${ACCOUNT}`],
    ['a control character', `ca.test; accounturi=${ACCOUNT}\n::error::owned`],
    ['a quote in a value', `ca.test; accounturi="${ACCOUNT}"`],
    ['a space inside a value', `ca.test; accounturi=https://ca.example/ acct`],
    ['a NUL', `ca.test\u0000; accounturi=${ACCOUNT}`],
    ['non-ASCII', `ca.test; accounturi=https://ca.example/acct/123\u202e`],
    ['a parameter without =', `ca.test; accounturi=${ACCOUNT}; wildcard`],
    ['a persistUntil that is no integer', `ca.test; accounturi=${ACCOUNT}; persistUntil=1e12`],
    ['a negative persistUntil', `ca.test; accounturi=${ACCOUNT}; persistUntil=-1`],
    ['a huge value', `ca.test; accounturi=${ACCOUNT}; x=${'a'.repeat(5000)}`],
    ['an issuer that is no domain name', `ca_test; accounturi=${ACCOUNT}`],
  ])('refuses %s', (_what, value) => {
    const parsed = parseRecord(value);
    expect(parsed.ok).toBe(false);
  });

  it('shows a hostile value quoted, escaped and cut, never as a workflow command', () => {
    const shown = showUntrusted(`x\n::error title=owned::pwned\r\u001b[31m\u2028${'y'.repeat(500)}`);
    expect(shown).not.toMatch(/[\n\r\u001b\u2028]/);
    expect(shown.startsWith('"')).toBe(true);
    expect(shown).toContain('\\n::error');
    expect(shown.length).toBeLessThan(200);
  });
});
