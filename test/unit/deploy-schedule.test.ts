/**
 * The deploy's scheduler over real files: hosts are LocalSessions on folders of their own, so
 * check, stage, swap, validate and reload are the real phases. Connecting runs ahead of the
 * hosts being changed, but the number of hosts changed at once (from the first staged byte to
 * the end of the host) must never pass `concurrency`; and a host that connected ahead is left
 * untouched when on-failure: stop has stopped the target meanwhile. A failed rename in the swap
 * must leave the live files as they were, with no temp or previous copy (of the key) behind.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../../src/config/schema.js';
import { deployTargets } from '../../src/deploy/index.js';
import { LocalSession } from '../../src/deploy/local.js';
import type { Connector, HostSession } from '../../src/deploy/transport.js';
import { MemoryLogger } from '../../src/util/log.js';
import { bedTarget, createTestCa, type TestCertificate } from '../support/certs.js';

let cert: TestCertificate;
let root: string;
beforeAll(async () => {
  cert = await (await createTestCa('schedule')).issue('www', ['www.example.test']);
  root = mkdtempSync(join(tmpdir(), 'certflow-schedule-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Counts sessions open and hosts being changed, and the peaks of both. */
function counting(failHost?: string, lostOnce?: string, failRenameTo?: string) {
  const stats = { open: 0, changing: 0, peakOpen: 0, peakChanging: 0, connected: [] as string[] };
  const connect: Connector = async (p) => {
    // A little connect time, as over the network, so hosts overlap.
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (p.host === failHost) throw new Error('connection refused');
    stats.connected.push(p.host);
    const local = new LocalSession({ commandTimeoutMs: 10_000, env: { PATH: process.env.PATH } });
    let changing = false;
    // The first session of `lostOnce` says its connection is gone, as after a reset.
    const lost = p.host === lostOnce && stats.connected.filter((h) => h === p.host).length === 1;
    stats.peakOpen = Math.max(stats.peakOpen, ++stats.open);
    const session: HostSession = {
      label: p.host,
      exec: (c, o) => local.exec(c, o),
      readFile: (f) => local.readFile(f),
      stat: (f) => local.stat(f),
      readdir: (f) => local.readdir(f),
      fileState: (f) => local.fileState(f),
      makeDir: (f) => local.makeDir(f),
      writeNewFile: async (f, data, mode) => {
        if (!changing) {
          changing = true;
          stats.peakChanging = Math.max(stats.peakChanging, ++stats.changing);
        }
        await local.writeNewFile(f, data, mode);
      },
      link: (a, b) => local.link(a, b),
      rename: async (a, b) => {
        if (failRenameTo && b.endsWith(failRenameTo) && a.includes('.certflow-stage-'))
          throw new Error(`renaming ${a}: permission denied`);
        await local.rename(a, b);
      },
      unlink: (f) => local.unlink(f),
      chown: (f, u, g) => local.chown(f, u, g),
      lost: () => lost,
      close: async () => {
        if (changing) stats.changing--;
        stats.open--;
        await local.close();
      },
    };
    return session;
  };
  return { stats, connect };
}

function target(run: string, n: number, over: Partial<SshTargetConfig> = {}): SshTargetConfig {
  return bedTarget(
    { ssh: { key: '/dev/null', knownHosts: '/dev/null' }, hosts: [] },
    {
      hosts: Array.from({ length: n }, (_, i) => ({
        host: `192.0.2.${i + 1}`,
        files: { dir: join(root, run, `h${i + 1}`, '{certificate}') },
      })),
      validate: 'true',
      // Holds each host in its change slot for a moment, as a real reload and TLS proof do.
      reload: 'sleep 0.05',
      verify: { enabled: false, port: 443 },
      ...over,
    },
  );
}

describe('deploy scheduler (local sessions)', () => {
  it('connects ahead, yet never changes more than `concurrency` hosts at once', async () => {
    for (const [rollout, concurrency] of [
      ['parallel', 3],
      ['serial', 1],
    ] as const) {
      const { stats, connect } = counting();
      const results = await deployTargets(
        { t: target(`${rollout}`, 10, { rollout }) },
        [{ target: 't', bundles: [cert] }],
        new MemoryLogger(),
        { concurrency, connect },
      );
      expect(results.map((r) => r.ok)).toEqual(Array(10).fill(true));
      expect(stats.peakChanging).toBe(concurrency);
      // More sessions open than hosts changed: the next hosts connected while others were changed.
      expect(stats.peakOpen).toBeGreaterThan(concurrency);
      expect(stats.peakOpen).toBeLessThanOrEqual(2 * concurrency);
      expect(stats.open).toBe(0);
    }
  });

  it('connects again when a session connected ahead was lost while it waited', async () => {
    const { stats, connect } = counting(undefined, '192.0.2.3');
    const log = new MemoryLogger();
    const results = await deployTargets(
      { t: target('lost', 4, { rollout: 'serial' }) },
      [{ target: 't', bundles: [cert] }],
      log,
      { concurrency: 1, connect },
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
    expect(stats.connected.filter((h) => h === '192.0.2.3')).toHaveLength(2);
    expect(log.lines.some((l) => l.includes('192.0.2.3: connection lost while waiting for its turn'))).toBe(
      true,
    );
    expect(readFileSync(join(root, 'lost', 'h3', 'www', 'privkey.pem'), 'utf8')).toBe(cert.privateKeyPem);
    expect(stats.open).toBe(0);
  });

  it('on-failure: stop leaves a host that connected ahead untouched', async () => {
    const { stats, connect } = counting('192.0.2.2');
    const results = await deployTargets(
      { t: target('stop', 4, { rollout: 'serial', 'on-failure': 'stop' }) },
      [{ target: 't', bundles: [cert] }],
      new MemoryLogger(),
      { concurrency: 1, connect },
    );
    expect(results.map((r) => [r.host, r.ok, r.phase])).toEqual([
      ['192.0.2.1', true, 'done'],
      ['192.0.2.2', false, 'connect'],
      ['192.0.2.3', false, 'connect'],
      ['192.0.2.4', false, 'connect'],
    ]);
    // Host 3 connected while host 2 was being judged, and was then closed without a change.
    expect(stats.connected).toContain('192.0.2.3');
    expect(results[2]?.message).toBe('not attempted: host 192.0.2.2 failed (on-failure: stop)');
    expect(readFileSync(join(root, 'stop', 'h1', 'www', 'fullchain.pem'), 'utf8')).toBe(cert.fullchainPem);
    expect(existsSync(join(root, 'stop', 'h3', 'www'))).toBe(false);
    expect(stats.open).toBe(0);
  });

  it('a rename that fails in the swap puts every live file back, and leaves no temp or previous file', async () => {
    const { readdirSync } = await import('node:fs');
    const first = counting();
    await deployTargets({ t: target('swap', 1) }, [{ target: 't', bundles: [cert] }], new MemoryLogger(), {
      concurrency: 1,
      connect: first.connect,
    });
    const dir = join(root, 'swap', 'h1', 'www');
    const before = readdirSync(dir)
      .sort()
      .map((n) => `${n} ${readFileSync(join(dir, n), 'utf8')}`);
    const next = await (await createTestCa('schedule 2')).issue('www', ['www.example.test']);
    const { connect } = counting(undefined, undefined, 'privkey.pem');
    const [r] = await deployTargets(
      { t: target('swap', 1) },
      [{ target: 't', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 1, connect },
    );
    expect(r).toMatchObject({ ok: false, phase: 'swap', rolledBack: true });
    const after = readdirSync(dir)
      .sort()
      .map((n) => `${n} ${readFileSync(join(dir, n), 'utf8')}`);
    expect(after).toEqual(before);
  });
});
