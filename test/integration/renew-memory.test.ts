/**
 * Issuing N certificates keeps `concurrency` private keys in memory, not N (issue 22): renew
 * seals each certificate as its order ends and lets its key go. The logger below counts the
 * certificate keys the run holds for masking (registered and not yet forgotten), which is every
 * key the run still has; with a deploy the keys stay, because the deploy installs them.
 * Real Pebble and bind on the bed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/config/settings.js';
import { renewCommand } from '../../src/pipeline/renew.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider, label } from '../support/acme.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
let repo: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'certflow-renew-memory-'));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** Counts the private keys registered and not forgotten, and the most held at once. */
class KeyCountingLogger extends MemoryLogger {
  readonly held = new Set<string>();
  most = 0;
  constructor(private readonly accountKey: string) {
    super();
  }
  override secret(value: string) {
    super.secret(value);
    if (value.includes('PRIVATE KEY') && value !== this.accountKey) this.held.add(value);
    this.most = Math.max(this.most, this.held.size);
  }
  override forget(value: string) {
    super.forget(value);
    this.held.delete(value);
  }
}

function settingsFor(names: string[], concurrency: number): Settings {
  const s = acmeSettings(bed, {
    dns: { bind: bindProvider(bed) },
    certificates: Object.fromEntries(
      names.map((n) => [n, { domains: [`${n}.${bed.dns.zone}`], dns: 'bind' }]),
    ),
  });
  return { ...s, workspace: repo, configPath: join(repo, '.github/certflow.yml'), concurrency };
}

describe('renew memory', () => {
  it('six certificates at concurrency 2: at most two keys held at once, none at the end', async () => {
    const names = Array.from({ length: 6 }, (_, i) => label(`mem${i}`));
    const settings = settingsFor(names, 2);
    const log = new KeyCountingLogger(settings.config.acme['account-key'] ?? '');
    const outcome = await renewCommand(settings, log);
    expect(outcome.ok, JSON.stringify(outcome.report?.errors)).toBe(true);
    expect(outcome.report?.issued.filter((r) => r.ok)).toHaveLength(6);
    expect(log.most).toBeGreaterThan(0);
    expect(log.most).toBeLessThanOrEqual(2);
    expect(log.held.size).toBe(0);
    for (const r of outcome.report?.issued ?? []) if (r.ok) expect(r.certificate.privateKeyPem).toBe('');
  }, 240_000);
});
