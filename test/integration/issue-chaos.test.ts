/**
 * Robustness: the chaos Pebble rejects 30 % of nonces and sleeps before validations; all of 10
 * issuances must still succeed. And an interrupted run (SIGTERM while records are served)
 * removes its records before the process ends.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider, dueAll, label, txtOn, verifyChain } from '../support/acme.js';
import { loadTestbed, repoRoot } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;

describe('hard to break', () => {
  it('10 of 10 issuances succeed against the chaos Pebble (30 % badNonce, validation delays)', {
    timeout: 300_000,
  }, async () => {
    const run = label('k');
    const certificates: Record<string, { domains: string[]; dns: string }> = {};
    for (let i = 0; i < 10; i++) certificates[`k${i}`] = { domains: [`k${i}.${run}.${z}`], dns: 'bind' };
    const settings = acmeSettings(bed, {
      directory: bed.pebbleChaos.directory,
      dns: { bind: bindProvider(bed) },
      certificates,
      concurrency: 10,
    });
    const log = new MemoryLogger();
    const results = await issueCertificates(settings, dueAll(settings), new Map(), log);
    const failed = results.filter((r) => !r.ok);
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(results).toHaveLength(10);
    for (const r of results)
      if (r.ok)
        expect((await verifyChain(bed, r.certificate.fullchainPem, bed.pebbleChaos.mgmt)).code).toBe(0);
    // The nonces really were rejected, and retried.
    expect(log.lines.some((l) => l.includes('badNonce'))).toBe(true);
  });

  it('SIGTERM while the records are served: the records are removed and the process ends by the signal', async () => {
    const name = `${label('s')}.${z}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'certflow-sig-'));
    const script = path.join(dir, 'interrupted.mts');
    // The chaos Pebble sleeps before validating, which leaves time to interrupt with the record up.
    writeFileSync(
      script,
      `import { issueCertificates } from ${JSON.stringify(path.join(repoRoot, 'src/acme/issue.ts'))};
import { MemoryLogger } from ${JSON.stringify(path.join(repoRoot, 'src/util/log.ts'))};
import { acmeSettings, bindProvider, dueAll } from ${JSON.stringify(path.join(repoRoot, 'test/support/acme.ts'))};
import { loadTestbed } from ${JSON.stringify(path.join(repoRoot, 'test/support/testbed.ts'))};
const bed = loadTestbed();
const settings = acmeSettings(bed, {
  directory: bed.pebbleChaos.directory,
  dns: { bind: bindProvider(bed) },
  certificates: { s: { domains: [${JSON.stringify(name)}], dns: 'bind' } },
});
await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger(), {
  onEvent: (e) => { if (e.type === 'challenge-answered') console.log('ANSWERED'); },
});
console.log('RETURNED');
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never answered: ${out}`)), 60_000);
      child.on('exit', () => reject(new Error(`ended before answering: ${out}`)));
      child.stdout.on('data', () => {
        if (out.includes('ANSWERED')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // The CA has been told; the record is served right now.
    expect(await txtOn(bed.dns.server, `_acme-challenge.${name}`)).toHaveLength(1);
    child.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
      child.on('exit', (c, s) => r([c, s])),
    );
    expect(signal, out).toBe('SIGTERM');
    expect(code).toBeNull();
    expect(out).not.toContain('RETURNED');
    expect(await txtOn(bed.dns.server, `_acme-challenge.${name}`)).toEqual([]);
  });
});
