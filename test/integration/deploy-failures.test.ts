/**
 * Deploys that go wrong on the bed's hosts: a validate that fails, nginx keeping the old certificate
 * after a "successful" reload, a reload that fails after loading the new files, a connection cut in
 * the middle of an upload, and a dry run. Live files are compared byte for byte from outside the host.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployTargets } from '../../src/deploy/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { sha256Hex } from '../../src/util/x509.js';
import {
  addSite,
  type BedSite,
  bedTarget,
  createTestCa,
  type TestCa,
  type TestCertificate,
  withMismatchedKey,
} from '../support/certs.js';
import {
  loadTestbed,
  servedCertificate,
  sshRun,
  type Testbed,
  type TestbedHost,
} from '../support/testbed.js';

let bed: Testbed;
let ca: TestCa;
/** This file's own site on every host (see addSite): other tests' deploys never collide with it. */
let site: BedSite;
/** What every host serves before each failure test. */
let current: TestCertificate;

const servedSha = async (addr: string) => sha256Hex((await servedCertificate(addr, 443, site.domain)).raw);
const liveFiles = (h: TestbedHost) =>
  ['fullchain.pem', 'privkey.pem'].map((f) => readFileSync(join(h.certDir, site.name, f), 'utf8'));
const tempFiles = (h: TestbedHost) =>
  readdirSync(join(h.certDir, site.name)).filter((n) => n.startsWith('.certflow-'));
const host = (i: number) => bed.hosts[i] as TestbedHost;
const nextWww = () => ca.issue(site.name, [site.domain]);

beforeAll(async () => {
  bed = loadTestbed();
  ca = await createTestCa('certflow failures');
  site = await addSite(bed, ca, 'deploy-fail');
  current = site.initial;
});
afterAll(async () => {
  await site?.remove();
});

describe('deploy failures (bed)', () => {
  it('a validate that fails leaves the live files byte-identical and nothing reloaded', async () => {
    const h = host(0);
    const before = liveFiles(h);
    const other = await nextWww();
    const broken = withMismatchedKey(await nextWww(), other);
    const [r] = await deployTargets(
      { web: bedTarget(bed, { hosts: [h.addr] }) },
      [{ target: 'web', bundles: [broken] }],
      new MemoryLogger(),
      { concurrency: 1 },
    );
    expect(r).toMatchObject({ ok: false, phase: 'validate', rolledBack: false });
    expect(r?.message).toContain('live files unchanged');
    expect(r?.output).toMatch(/key values mismatch|test failed/);
    expect(liveFiles(h)).toEqual(before);
    expect(tempFiles(h)).toEqual([]);
    expect(await servedSha(h.addr)).toBe(current.certificateSha256);
  });

  it('rolls back when nginx reports a reload yet keeps the old certificate (the TLS check is the proof)', async () => {
    const h = host(1);
    const before = liveFiles(h);
    // A conf.d file that breaks the config: SIGHUP "succeeds", the master logs the error and keeps
    // serving the old certificate from memory.
    const bad = join(h.nginxDir, 'conf.d', `broken-${Math.random().toString(36).slice(2)}.conf`);
    writeFileSync(bad, 'this is not nginx syntax;\n');
    try {
      const next = await nextWww();
      const [r] = await deployTargets(
        {
          web: bedTarget(bed, {
            hosts: [h.addr],
            validate: 'true',
            reload: 'kill -HUP "$(cat /run/nginx.pid)"',
          }),
        },
        [{ target: 'web', bundles: [next] }],
        new MemoryLogger(),
        { concurrency: 1, verifyWindowMs: 2000 },
      );
      expect(r).toMatchObject({ ok: false, phase: 'verify', rolledBack: true });
      expect(r?.message).toContain('serves the previous certificate again');
      expect(r?.message).toContain(current.certificateSha256);
      expect(liveFiles(h)).toEqual(before);
      expect(tempFiles(h)).toEqual([]);
      expect(await servedSha(h.addr)).toBe(current.certificateSha256);
    } finally {
      rmSync(bad, { force: true });
      await sshRun(bed, h.addr, 'nginx -s reload');
    }
  });

  it('rolls back a reload that fails after nginx loaded the new files, and the old certificate is served again', async () => {
    const h = host(1);
    const before = liveFiles(h);
    const next = await nextWww();
    const [r] = await deployTargets(
      // The first reload loads the new files and then fails; the rollback's reload must bring the old ones back.
      {
        web: bedTarget(bed, {
          hosts: [h.addr],
          reload: `nginx -s reload; if grep -qF ${JSON.stringify(next.leafPem.split('\n')[1])} /etc/ssl/certflow/${site.name}/fullchain.pem; then echo 'reload hook failed' >&2; exit 3; fi`,
        }),
      },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 1 },
    );
    expect(r).toMatchObject({ ok: false, phase: 'reload', rolledBack: true });
    expect(r?.output).toContain('reload hook failed');
    expect(liveFiles(h)).toEqual(before);
    expect(await servedSha(h.addr)).toBe(current.certificateSha256);
  });

  it('a connection cut mid-upload leaves the live files untouched, and a rerun completes and sweeps the leftovers', async () => {
    const h = host(2);
    const before = liveFiles(h);
    const next = await nextWww();
    const target = bedTarget(bed, { hosts: [h.addr] });
    const [cut] = await deployTargets(
      { web: target },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      {
        concurrency: 1,
        hooks: {
          afterChunk: (path, _written, cutNow) => {
            if (path.endsWith('privkey.pem')) cutNow();
          },
        },
      },
    );
    expect(cut).toMatchObject({ ok: false, phase: 'stage', rolledBack: false });
    expect(liveFiles(h)).toEqual(before);
    expect(await servedSha(h.addr)).toBe(current.certificateSha256);
    // What the cut left: staged files, the key one created 0600 from the start.
    const left = tempFiles(h);
    expect(left.some((n) => n.endsWith('-privkey.pem'))).toBe(true);
    for (const n of left.filter((n) => n.endsWith('-privkey.pem'))) {
      expect(statSync(join(h.certDir, site.name, n)).mode & 0o777).toBe(0o600);
    }

    const [rerun] = await deployTargets(
      { web: target },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      {
        concurrency: 1,
      },
    );
    expect(rerun).toMatchObject({ ok: true, phase: 'done', skipped: false });
    expect(tempFiles(h)).toEqual([]);
    expect(liveFiles(h)).toEqual([next.fullchainPem, next.privateKeyPem]);
    expect(await servedSha(h.addr)).toBe(next.certificateSha256);
  });

  it('a dry run stages and validates without touching live files', async () => {
    const h = host(0);
    const before = liveFiles(h);
    const next = await nextWww();
    const [r] = await deployTargets(
      { web: bedTarget(bed, { hosts: [h.addr] }) },
      [{ target: 'web', bundles: [next] }],
      new MemoryLogger(),
      { concurrency: 1, dryRun: true },
    );
    expect(r).toMatchObject({ ok: true, dryRun: true, phase: 'validate' });
    expect(liveFiles(h)).toEqual(before);
    expect(tempFiles(h)).toEqual([]);
    expect(await servedSha(h.addr)).toBe(current.certificateSha256);
  });
});
