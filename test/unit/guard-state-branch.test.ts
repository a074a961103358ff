/** The state branch's back-off applied to a stored certificate (issue 14); the branch I/O is in test/integration/backoff-persist.test.ts. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeGuardStateFile } from '../../src/guard/state.js';
import { withStateBackoff } from '../../src/guard/state-branch.js';
import type { Manifest } from '../../src/model.js';
import type { StoredState } from '../../src/store/read.js';
import { MemoryLogger } from '../../src/util/log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certflow-sb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const manifest = { name: 'www', issuedAt: '2025-01-01T00:00:00.000Z' } as Manifest;
const stored: StoredState = { name: 'www', state: 'present', manifest, fullchainPem: '', dir: '' };
const backoff = (lastAt: string) => ({
  failures: 2,
  lastError: 'NXDOMAIN',
  lastAt,
  nextAttemptAt: '2025-03-01T00:00:00.000Z',
});

describe('withStateBackoff', () => {
  it('puts a back-off newer than the issuance on the manifest', async () => {
    await writeGuardStateFile(dir, 'www', { history: [], backoff: backoff('2025-02-01T00:00:00.000Z') });
    const next = await withStateBackoff(dir, stored, new MemoryLogger());
    expect(next.state === 'present' && next.manifest.backoff?.failures).toBe(2);
    expect(manifest.backoff).toBeUndefined();
  });

  it('ignores one older than the issuance (a success came after it), and a missing file', async () => {
    expect(await withStateBackoff(dir, stored, new MemoryLogger())).toBe(stored);
    await writeGuardStateFile(dir, 'www', { history: [], backoff: backoff('2024-12-01T00:00:00.000Z') });
    expect(await withStateBackoff(dir, stored, new MemoryLogger())).toBe(stored);
  });
});
