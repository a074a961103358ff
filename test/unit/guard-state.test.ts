import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renewalPolicy } from '../../src/config/policy.js';
import { recordFailure, recordSuccess } from '../../src/guard/backoff.js';
import {
  clearGuardState,
  guardStatePath,
  readGuardState,
  readGuardStateFile,
  saveFailure,
} from '../../src/guard/state.js';
import type { Manifest } from '../../src/model.js';
import { decide } from '../../src/plan/decide.js';
import { planRenewals } from '../../src/plan/plan.js';
import { parseManifest, serializeManifest } from '../../src/store/manifest.js';
import { listStoredCertificates, readStoredCertificate } from '../../src/store/read.js';
import { MemoryLogger } from '../../src/util/log.js';
import { baseConfig, testSettings } from '../fixtures/report/settings.js';

/** The guard history a manifest holds (what readGuardState returns for it). */
const guardOf = (m: Manifest) => ({ history: m.history ?? [], ...(m.backoff ? { backoff: m.backoff } : {}) });

const NOW = new Date('2025-06-10T12:00:00.000Z');
const HOUR = 3_600_000;
const DOMAINS = ['www.example.com'];

const manifest: Manifest = {
  version: 1,
  name: 'www',
  domains: DOMAINS,
  keyType: 'ecdsa-p256',
  serial: '0a1b',
  notBefore: '2025-06-01T00:00:00.000Z',
  notAfter: '2025-08-30T00:00:00.000Z',
  issuer: 'CN=Test CA',
  certificateSha256: 'a'.repeat(64),
  publicKeySha256: 'b'.repeat(64),
  issuedAt: '2025-06-01T00:00:00.000Z',
  recipients: ['age1qqq'],
  privateKeySha256: 'c'.repeat(64),
  history: [{ at: '2025-06-01T00:00:00.000Z', result: 'issued', serial: '0a1b', domains: DOMAINS }],
};

let store: string;
beforeEach(async () => {
  store = await mkdtemp(join(tmpdir(), 'certflow-guard-'));
});
afterEach(async () => {
  await rm(store, { recursive: true, force: true });
});

describe('guard state of a certificate that never issued', () => {
  it('has nothing to say before the first failure', async () => {
    expect(await readGuardStateFile(store, 'www')).toBeUndefined();
    expect(await readGuardState(store, 'www')).toEqual({ history: [] });
  });

  it('records failures in state.json, which the store does not mistake for a bundle', async () => {
    const first = recordFailure(undefined, { domains: DOMAINS, error: 'NXDOMAIN', forced: false, now: NOW });
    const saved = await saveFailure(store, 'www', undefined, first);
    expect(saved).toEqual({ file: guardStatePath(store, 'www'), changed: true });
    expect(await listStoredCertificates(store)).toEqual([]);
    expect((await readStoredCertificate(store, 'www')).state).toBe('missing');

    const state = await readGuardState(store, 'www');
    expect(state.backoff?.failures).toBe(1);
    // The back-off reaches the plan without a manifest, from state.json.
    const held = decide({
      certificate: { name: 'www', domains: DOMAINS, key: 'ecdsa-p256' },
      stored: { name: 'www', state: 'missing' },
      policy: renewalPolicy({ ari: true, 'renew-before': '33%', emergency: '5%' }),
      forced: false,
      backoff: state.backoff,
      now: new Date(NOW.getTime() + 30 * 60_000),
    });
    expect(held).toMatchObject({ action: 'skip', code: 'backoff' });

    const second = recordFailure(state, {
      domains: DOMAINS,
      error: 'SERVFAIL',
      forced: true,
      now: new Date(NOW.getTime() + HOUR),
    });
    await saveFailure(store, 'www', undefined, second);
    const again = await readGuardState(store, 'www');
    expect(again.history).toHaveLength(2);
    expect(again.backoff).toMatchObject({ failures: 2, lastError: 'SERVFAIL' });
  });

  it('writes stable bytes, atomically, and no temp file stays behind', async () => {
    const update = recordFailure(undefined, { domains: DOMAINS, error: 'e', forced: false, now: NOW });
    await saveFailure(store, 'www', undefined, update);
    const text = await readFile(guardStatePath(store, 'www'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ version: 1, name: 'www' });
    expect(text.endsWith('}\n')).toBe(true);
    expect((await saveFailure(store, 'www', undefined, update)).changed).toBe(false);
    expect(await readdir(join(store, 'www'))).toEqual(['state.json']);
  });

  it('names the file when it is corrupt or belongs to another certificate', async () => {
    await saveFailure(
      store,
      'www',
      undefined,
      recordFailure(undefined, { domains: DOMAINS, error: 'e', forced: false, now: NOW }),
    );
    const path = guardStatePath(store, 'www');
    await writeFile(path, '{"version":1,');
    await expect(readGuardState(store, 'www')).rejects.toThrow(`${path}: not valid JSON`);
    await writeFile(path, JSON.stringify({ version: 1, name: 'api', history: [] }));
    await expect(readGuardState(store, 'www')).rejects.toThrow('name is "api", expected "www"');
    await writeFile(path, JSON.stringify({ version: 1, name: 'www', history: [{ at: 'yesterday' }] }));
    await expect(readGuardState(store, 'www')).rejects.toThrow(/history\.0\.at: expected an ISO 8601 date/);
  });

  it('is removed once a success carries it into the manifest', async () => {
    await saveFailure(
      store,
      'www',
      undefined,
      recordFailure(undefined, { domains: DOMAINS, error: 'e', forced: false, now: NOW }),
    );
    expect((await clearGuardState(store, 'www')).changed).toBe(true);
    expect(await readGuardStateFile(store, 'www')).toBeUndefined();
    expect((await clearGuardState(store, 'www')).changed).toBe(false);
  });
});

describe('guard state of a certificate with a manifest', () => {
  beforeEach(async () => {
    await mkdir(join(store, 'www'));
    await writeFile(join(store, 'www', 'certificate.json'), serializeManifest(manifest));
  });

  it('writes failures into certificate.json, which stays a valid manifest bound to the same files', async () => {
    const update = recordFailure(guardOf(manifest), {
      domains: DOMAINS,
      error: 'NXDOMAIN',
      forced: false,
      now: NOW,
    });
    const saved = await saveFailure(store, 'www', manifest, update);
    expect(saved.file).toBe(join(store, 'www', 'certificate.json'));
    const written = parseManifest(await readFile(saved.file, 'utf8'), saved.file);
    expect(written).toEqual({ ...manifest, history: update.history, backoff: update.backoff });
    expect(await readGuardStateFile(store, 'www')).toBeUndefined();
    expect(await readGuardState(store, 'www', written)).toEqual({
      history: update.history,
      backoff: update.backoff,
    });
  });

  it('drops the back-off from the manifest when an update clears it', async () => {
    const failed = {
      ...manifest,
      backoff: recordFailure(guardOf(manifest), { domains: DOMAINS, error: 'e', forced: false, now: NOW })
        .backoff,
    };
    const update = recordSuccess(guardOf(failed), {
      domains: DOMAINS,
      serial: '0a1b',
      forced: false,
      now: NOW,
    });
    const saved = await saveFailure(store, 'www', failed as Manifest, update);
    const written = parseManifest(await readFile(saved.file, 'utf8'), saved.file);
    expect(written.backoff).toBeUndefined();
    expect(serializeManifest(written)).toBe(await readFile(saved.file, 'utf8'));
  });

  it('merges a leftover state.json, but ignores its back-off when the manifest is newer', async () => {
    const before = new Date(Date.parse(manifest.issuedAt) - HOUR);
    await saveFailure(
      store,
      'www',
      undefined,
      recordFailure(undefined, { domains: DOMAINS, error: 'old', forced: false, now: before }),
    );
    const state = await readGuardState(store, 'www', manifest);
    expect(state.history.map((r) => r.result)).toEqual(['failed', 'issued']);
    expect(state.backoff).toBeUndefined();

    const after = new Date(Date.parse(manifest.issuedAt) + HOUR);
    await saveFailure(
      store,
      'www',
      undefined,
      recordFailure(undefined, { domains: DOMAINS, error: 'new', forced: false, now: after }),
    );
    expect((await readGuardState(store, 'www', manifest)).backoff?.lastError).toBe('new');
  });
});

describe('the plan reads each state.json once', () => {
  const settingsFor = (names: string[]) =>
    testSettings({
      workspace: store,
      config: baseConfig({
        store: { path: '.', recipients: ['age1qqq'] },
        certificates: Object.fromEntries(
          names.map((n) => [
            n,
            { domains: [`${n}.example.com`], key: 'ecdsa-p256', dns: 'none', targets: [] },
          ]),
        ),
      }),
    });

  it('holds back a certificate in back-off, and warns about a corrupt file naming it', async () => {
    await saveFailure(
      store,
      'www',
      undefined,
      recordFailure(undefined, { domains: DOMAINS, error: 'NXDOMAIN', forced: false, now: new Date() }),
    );
    await mkdir(join(store, 'api'));
    await writeFile(guardStatePath(store, 'api'), '{"version":1,');
    const log = new MemoryLogger();
    const plan = await planRenewals(settingsFor(['www', 'api', 'new']), log);
    const byName = new Map(plan.decisions.map((d) => [d.name, d]));
    expect(byName.get('www')).toMatchObject({ action: 'skip', code: 'backoff' });
    // A corrupt file is a warning; with no manifest and no back-off the certificate is ordered.
    expect(byName.get('api')).toMatchObject({ action: 'issue' });
    const warning = log.lines.find((l) =>
      l.startsWith(`warn: api: ${guardStatePath(store, 'api')}: not valid JSON`),
    );
    expect(warning).toMatch(/delete the file to reset the guard$/);
    expect(byName.get('new')).toMatchObject({ action: 'issue' });
  });
});
