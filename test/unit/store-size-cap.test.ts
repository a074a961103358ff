/**
 * Quadratic regex, second half: PEM files read from the store are capped at 1 MiB. The store is
 * written by anyone with write access, so a huge file must be refused before it is read or
 * parsed, with an error that names the file and the limit; through the CLI too.
 */
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { openBundle } from '../../src/store/open.js';
import { bundlePaths, MAX_BUNDLE_FILE, readStoredCertificate } from '../../src/store/read.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { createTestCa, newAgeIdentity, newP256KeyPem, type TestCa } from '../support/store-fixtures.js';

let ca: TestCa;
let workspace: string;
let alice: { identity: string; recipient: string };
/** A config `${NAME}` environment reference. */
const ref = (name: string) => `\${${name}}`;
const store = () => join(workspace, 'certificates');

beforeAll(async () => {
  ca = await createTestCa();
  workspace = await mkdtemp(join(tmpdir(), 'certflow-cap-'));
  alice = await newAgeIdentity();
  for (const name of ['www', 'api']) {
    const issued = await ca.issue(name, [`${name}.certflow.test`]);
    await writeBundle(store(), await sealBundle(issued, [alice.recipient]));
  }
});
afterAll(async () => {
  await ca.close();
  await rm(workspace, { recursive: true, force: true });
});

describe('Quadratic regex: PEM files read from the store are capped at 1 MiB', () => {
  it('refuses a fullchain.pem over 1 MiB without reading it, naming the file and the limit', async () => {
    const path = bundlePaths(store(), 'www').fullchain;
    // Sparse: 64 MiB on paper, nothing on disk; reading it whole would show in the memory.
    await truncate(path, 64 * 1024 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const state = await readStoredCertificate(store(), 'www');
    expect(state.state).toBe('unreadable');
    expect(state.state === 'unreadable' && state.error).toBe(
      `${path} is ${64 * 1024 * 1024} bytes; a certificate bundle file is at most ${MAX_BUNDLE_FILE} bytes, so this is not one`,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses an encrypted key file over 1 MiB when opening the bundle', async () => {
    const path = bundlePaths(store(), 'api').key;
    await truncate(path, MAX_BUNDLE_FILE + 1);
    await expect(openBundle(store(), 'api', alice.identity)).rejects.toThrow(
      `${path} is ${MAX_BUNDLE_FILE + 1} bytes`,
    );
  });

  it('says so through the CLI (certflow plan)', async () => {
    await mkdir(join(workspace, '.github'), { recursive: true });
    await writeFile(
      join(workspace, '.github', 'certflow.yml'),
      [
        'version: 1',
        `acme: { directory: letsencrypt-staging, email: ops@example.test, account-key: "${ref('ACME_KEY')}" }`,
        `store: { path: certificates, recipients: [${alice.recipient}] }`,
        'dns:',
        `  local: { type: rfc2136, server: "127.0.0.1:10053", tsig-name: x, tsig-algorithm: hmac-sha256, tsig-secret: "${ref('TSIG')}" }`,
        'certificates:',
        '  www: { domains: [www.certflow.test], dns: local }',
        '',
      ].join('\n'),
    );
    let out = '';
    const code = await runCli(['plan'], {
      stdout: (t) => {
        out += t;
      },
      stderr: (t) => {
        out += t;
      },
      env: { ACME_KEY: newP256KeyPem(), TSIG: 'c2VjcmV0c2VjcmV0' },
      cwd: workspace,
    });
    expect(out).toContain(
      `is ${64 * 1024 * 1024} bytes; a certificate bundle file is at most ${MAX_BUNDLE_FILE} bytes`,
    );
    expect(code).toBeDefined();
  });
});
