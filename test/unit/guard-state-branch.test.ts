/**
 * The state branch's back-off (copied into state.json) applied to a stored certificate by
 * readGuardState, the one place that rule lives (issue 14); the branch I/O is in
 * test/integration/backoff-persist.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGuardState, writeGuardStateFile } from '../../src/guard/state.js';
import type { Manifest } from '../../src/model.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certflow-sb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const manifest = { name: 'www', issuedAt: '2025-01-01T00:00:00.000Z' } as Manifest;
const backoff = (lastAt: string) => ({
  failures: 2,
  lastError: 'NXDOMAIN',
  lastAt,
  nextAttemptAt: '2025-03-01T00:00:00.000Z',
});

describe('readGuardState with a state.json from the state branch', () => {
  it('takes a back-off newer than the issuance', async () => {
    await writeGuardStateFile(dir, 'www', { history: [], backoff: backoff('2025-02-01T00:00:00.000Z') });
    const state = await readGuardState(dir, 'www', manifest);
    expect(state.backoff?.failures).toBe(2);
    expect(manifest.backoff).toBeUndefined();
  });

  it('ignores one older than the issuance (a success came after it), and a missing file', async () => {
    expect((await readGuardState(dir, 'www', manifest)).backoff).toBeUndefined();
    await writeGuardStateFile(dir, 'www', { history: [], backoff: backoff('2024-12-01T00:00:00.000Z') });
    expect((await readGuardState(dir, 'www', manifest)).backoff).toBeUndefined();
  });
});
