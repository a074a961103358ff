/** The small parts every provider shares: zone matching, the per-name lock, exec command lines. */
import { describe, expect, it } from 'vitest';
import type { DnsProviderConfig } from '../../src/config/schema.js';
import { challengeName } from '../../src/dns/challenge.js';
import { KeyedLock, zoneFor } from '../../src/dns/provider.js';
import { splitCommand } from '../../src/dns/providers/exec.js';
import { createProvider } from '../../src/dns/providers/index.js';
import { MemoryLogger } from '../../src/util/log.js';

describe('provider helpers', () => {
  it('picks the longest zone that contains a name', () => {
    const zones = ['example.com', 'acme.example.com', 'other.net'];
    expect(zoneFor('_acme-challenge.www.acme.example.com', zones)).toBe('acme.example.com');
    expect(zoneFor('_acme-challenge.example.com.', zones)).toBe('example.com');
    expect(zoneFor('_acme-challenge.notexample.com', zones)).toBeUndefined();
  });

  it('names the challenge record of wildcards like the base name', () => {
    expect(challengeName('*.Example.com')).toBe('_acme-challenge.example.com');
    expect(challengeName('www.example.com.')).toBe('_acme-challenge.www.example.com');
  });

  it('runs read-modify-write steps for one name one at a time, other names in parallel', async () => {
    // Each step waits for a gate the test opens by hand, so the order is decided here, not by timers.
    const lock = new KeyedLock();
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const started = (tag: string) => order.includes(`${tag}:start`);
    const step = (key: string, tag: string) =>
      lock.run(key, async () => {
        order.push(`${tag}:start`);
        await new Promise<void>((open) => gates.set(tag, open));
        order.push(`${tag}:end`);
      });
    const settle = () => new Promise((r) => setImmediate(r));
    const all = Promise.all([step('a', 'a1'), step('a', 'a2'), step('b', 'b1')]);
    await settle();
    expect([started('a1'), started('a2'), started('b1')]).toEqual([true, false, true]);
    gates.get('b1')?.();
    await settle();
    expect(order).toEqual(['a1:start', 'b1:start', 'b1:end']); // b finished while a1 still holds 'a'
    gates.get('a1')?.();
    await settle();
    expect(started('a2')).toBe(true);
    gates.get('a2')?.();
    await all;
    expect(order).toEqual(['a1:start', 'b1:start', 'b1:end', 'a1:end', 'a2:start', 'a2:end']);
  });

  it('splits exec commands with quotes, without a shell', () => {
    expect(splitCommand(`scripts/hook.sh --zone "my zone" 'a b'`)).toEqual([
      'scripts/hook.sh',
      '--zone',
      'my zone',
      'a b',
    ]);
  });

  it('refuses a TSIG secret that is not base64, naming the provider, and masks secrets', () => {
    const log = new MemoryLogger();
    const config = {
      type: 'rfc2136',
      server: '127.0.0.1:53',
      'tsig-name': 'k',
      'tsig-algorithm': 'hmac-sha256',
      'tsig-secret': 'not base64!',
      'propagation-timeout': '10s',
      ttl: 60,
    } as DnsProviderConfig;
    expect(() => createProvider('bind', config, { log, workspace: '/' })).toThrow(
      /^rfc2136 \(dns\.bind\): tsig-secret is not base64/,
    );
    log.info('secret is not base64!');
    expect(log.lines.at(-1)).toBe('info: secret is ***');
  });
});

describe('the environment of the exec provider (issue 17: secrets reach hooks)', () => {
  it('gets PATH, HOME and its env: names, not the SSH key or TSIG secret of the job', async () => {
    const { mkdtemp, readFile, rm, writeFile, chmod } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'certflow-exec-env-'));
    try {
      const script = join(dir, 'dns.sh');
      await writeFile(script, '#!/bin/sh\nenv > "$OUT/env-$1"\n');
      await chmod(script, 0o700);
      const job = {
        PATH: process.env.PATH,
        HOME: '/home/runner',
        SSH_PRIVATE_KEY: 'ssh-key-of-the-job',
        DNS_TSIG_SECRET: 'tsig-secret-of-the-job',
        OUT: dir,
        DNS_API_TOKEN: 'the-script-own-token',
      };
      const config = {
        type: 'exec',
        command: script,
        timeout: '10s',
        'propagation-timeout': '10s',
        ttl: 60,
        env: ['OUT', 'DNS_API_TOKEN'],
      } as DnsProviderConfig;
      const provider = createProvider('hook', config, { log: new MemoryLogger(), workspace: dir, env: job });
      await provider.present({ fqdn: '_acme-challenge.www.example.com', value: 'v', ttl: 60 });
      const text = await readFile(join(dir, 'env-present'), 'utf8');
      const names = text
        .split('\n')
        .map((l) => l.split('=')[0])
        .filter((n) => n && !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(n));
      expect(names.sort()).toEqual(['DNS_API_TOKEN', 'HOME', 'OUT', 'PATH']);
      expect(text).not.toContain('ssh-key-of-the-job');
      expect(text).not.toContain('tsig-secret-of-the-job');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
