import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHostKey,
  fingerprint,
  hostsFieldMatches,
  knownHostsName,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
} from '../../src/deploy/known-hosts.js';
import { requirePrograms } from '../support/programs.js';

// Real keys from ssh-keygen: the parser must read what OpenSSH writes, hashed lines included.
let dir: string;
const keys: Record<
  'ed25519' | 'ecdsa' | 'rsa' | 'other',
  { type: string; b64: string; blob: Buffer; fp: string }
> = {} as never;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certflow-kh-'));
  for (const [name, args] of [
    ['ed25519', ['-t', 'ed25519']],
    ['ecdsa', ['-t', 'ecdsa', '-b', '256']],
    ['rsa', ['-t', 'rsa', '-b', '2048']],
    ['other', ['-t', 'ed25519']],
  ] as const) {
    const file = join(dir, name);
    execFileSync('ssh-keygen', ['-q', ...args, '-N', '', '-f', file]);
    const [type, b64] = readFileSync(`${file}.pub`, 'utf8').trim().split(' ') as [string, string];
    const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], {
      encoding: 'utf8',
    }).split(' ')[1] as string;
    keys[name] = { type, b64, blob: Buffer.from(b64, 'base64'), fp };
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hashed(text: string): string {
  const file = join(dir, `kh-${Math.random()}`);
  writeFileSync(file, text);
  execFileSync('ssh-keygen', ['-q', '-H', '-f', file], { stdio: 'ignore' });
  return readFileSync(file, 'utf8');
}

// The programs these tests run: a missing one fails them with one line that says what to do.
beforeAll(() => requirePrograms('ssh-keygen'));
describe('known-hosts', () => {
  it('computes the same fingerprint as ssh-keygen -l', () => {
    for (const k of Object.values(keys)) expect(fingerprint(k.blob)).toBe(k.fp);
  });

  it('writes [host]:port only for non-standard ports', () => {
    expect(knownHostsName('10.0.0.1', 22)).toBe('10.0.0.1');
    expect(knownHostsName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
    expect(knownHostsName('[::1]', 2222)).toBe('[::1]:2222');
  });

  it('accepts the pinned key of each type on plain lines', () => {
    const known = parseKnownHosts(
      [
        '# comment',
        `a.example,10.0.0.1 ${keys.ed25519.type} ${keys.ed25519.b64}`,
        `b.example ${keys.ecdsa.type} ${keys.ecdsa.b64} comment here`,
        `[c.example]:2222 ${keys.rsa.type} ${keys.rsa.b64}`,
      ].join('\n'),
    );
    expect(known.problems).toEqual([]);
    expect(checkHostKey(known, '10.0.0.1', 22, keys.ed25519.blob)).toEqual({ ok: true, line: 2 });
    expect(checkHostKey(known, 'b.example', 22, keys.ecdsa.blob).ok).toBe(true);
    expect(checkHostKey(known, 'c.example', 2222, keys.rsa.blob).ok).toBe(true);
    // The same host on port 22 is another entry: not pinned.
    expect(checkHostKey(known, 'c.example', 22, keys.rsa.blob)).toMatchObject({
      ok: false,
      reason: 'unknown',
    });
  });

  it('matches hashed lines written by ssh-keygen -H, ports included', () => {
    const text = hashed(
      `10.0.0.5 ${keys.ed25519.type} ${keys.ed25519.b64}\n[10.0.0.6]:2200 ${keys.ecdsa.type} ${keys.ecdsa.b64}\n`,
    );
    expect(text).toMatch(/^\|1\|/);
    expect(text).not.toContain('10.0.0.5');
    const known = parseKnownHosts(text);
    expect(checkHostKey(known, '10.0.0.5', 22, keys.ed25519.blob).ok).toBe(true);
    expect(checkHostKey(known, '10.0.0.6', 2200, keys.ecdsa.blob).ok).toBe(true);
    expect(checkHostKey(known, '10.0.0.6', 22, keys.ecdsa.blob).ok).toBe(false);
    expect(checkHostKey(known, '10.0.0.7', 22, keys.ed25519.blob).ok).toBe(false);
  });

  it('agrees with ssh-keygen -F on which host a hashed line names', () => {
    const file = join(dir, 'kh-F');
    writeFileSync(file, hashed(`[h.example]:2022 ${keys.ed25519.type} ${keys.ed25519.b64}\n`));
    const line = readFileSync(file, 'utf8').trim();
    const hosts = line.split(' ')[0] as string;
    for (const name of ['[h.example]:2022', 'h.example', '[h.example]:22']) {
      let found = true;
      try {
        execFileSync('ssh-keygen', ['-F', name, '-f', file], { stdio: 'ignore' });
      } catch {
        found = false;
      }
      expect(hostsFieldMatches(hosts, name)).toBe(found);
    }
  });

  it('reports a changed key with both fingerprints and the line to pin', () => {
    const known = parseKnownHosts(`10.0.0.1 ${keys.ed25519.type} ${keys.ed25519.b64}`);
    const verdict = checkHostKey(known, '10.0.0.1', 22, keys.other.blob);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.reason).toBe('changed');
    expect(verdict.message).toContain(keys.other.fp);
    expect(verdict.message).toContain(keys.ed25519.fp);
    expect(verdict.message).toContain(`10.0.0.1 ${keys.other.type} ${keys.other.b64}`);
  });

  it('reports a missing entry with the fingerprint seen and how to pin it', () => {
    const verdict = checkHostKey(parseKnownHosts(''), 'n.example', 2222, keys.rsa.blob);
    expect(verdict).toMatchObject({ ok: false, reason: 'unknown' });
    if (verdict.ok) return;
    expect(verdict.message).toContain(keys.rsa.fp);
    expect(verdict.message).toContain(`[n.example]:2222 ssh-rsa ${keys.rsa.b64}`);
    expect(verdict.message).toContain('ssh-keyscan -p 2222 -t ssh-rsa n.example');
  });

  it('refuses a @revoked key even when another line pins it', () => {
    const known = parseKnownHosts(
      [
        `* ${keys.ed25519.type} ${keys.ed25519.b64}`,
        `@revoked * ${keys.ed25519.type} ${keys.ed25519.b64}`,
      ].join('\n'),
    );
    expect(checkHostKey(known, 'x', 22, keys.ed25519.blob)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('honours wildcards and negation', () => {
    expect(hostsFieldMatches('*.example.com,!bad.example.com', 'good.example.com')).toBe(true);
    expect(hostsFieldMatches('*.example.com,!bad.example.com', 'bad.example.com')).toBe(false);
    expect(hostsFieldMatches('web?.example.com', 'web1.example.com')).toBe(true);
    expect(hostsFieldMatches('web?.example.com', 'web10.example.com')).toBe(false);
    expect(hostsFieldMatches('10.0.0.1', '10.0.0.10')).toBe(false);
  });

  it('ignores @cert-authority lines and reports damaged ones without failing', () => {
    const known = parseKnownHosts(
      [
        `@cert-authority *.example ${keys.ed25519.type} ${keys.ed25519.b64}`,
        `x.example ssh-rsa ${keys.ed25519.b64}`,
        'garbage',
        `@weird x ${keys.ed25519.type} ${keys.ed25519.b64}`,
      ].join('\n'),
    );
    expect(known.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(checkHostKey(known, 'a.example', 22, keys.ed25519.blob)).toMatchObject({
      ok: false,
      reason: 'unknown',
    });
  });

  it('offers the pinned host-key algorithms first', () => {
    const known = parseKnownHosts(
      `h ${keys.rsa.type} ${keys.rsa.b64}\nh ${keys.ecdsa.type} ${keys.ecdsa.b64}`,
    );
    const algos = preferredHostKeyAlgorithms(known, 'h', 22);
    expect(algos.slice(0, 4)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ecdsa-sha2-nistp256']);
    expect(algos).toContain('ssh-ed25519');
    expect(preferredHostKeyAlgorithms(known, 'other', 22)[0]).toBe('ssh-ed25519');
  });
});
