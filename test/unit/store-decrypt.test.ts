/** `certflow decrypt`: verifies like a deploy, then prints the key or writes it 0600. */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { decryptHandler } from '../../src/commands/decrypt.js';
import { BundleError } from '../../src/store/open.js';
import { sealBundle } from '../../src/store/seal.js';
import { writeBundle } from '../../src/store/write.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';
import { publishSettings } from '../support/github-settings.js';
import {
  createTestCa,
  keyLeakForms,
  newAgeIdentity,
  newP256KeyPem,
  type TestCa,
} from '../support/store-fixtures.js';

let ca: TestCa;
let workspace: string;
let key: string;
let alice: { identity: string; recipient: string };

beforeAll(async () => {
  ca = await createTestCa();
  workspace = await mkdtemp(join(tmpdir(), 'certflow-decrypt-'));
  alice = await newAgeIdentity();
  const issued = await ca.issue('www', ['www.certflow.test']);
  key = issued.privateKeyPem;
  await writeBundle(join(workspace, 'certificates'), await sealBundle(issued, [alice.recipient]));
  await writeFile(join(workspace, 'ca.pem'), ca.certPem);
});
afterAll(async () => {
  await ca.close();
  await rm(workspace, { recursive: true, force: true });
});

function settings(extra: Parameters<typeof publishSettings>[2]) {
  const s = publishSettings(workspace, [alice.recipient], { command: 'decrypt', ...extra });
  // decrypt verifies the bundle first: the test CA's root is trusted, www is configured.
  s.config = {
    ...s.config,
    acme: {},
    store: { ...s.config.store, trust: ['ca.pem'] },
    certificates: { www: { domains: ['www.certflow.test'] } },
  } as unknown as typeof s.config;
  return s;
}

describe('decrypt command', () => {
  it('prints the verified key as text, never in outputs or logs', async () => {
    const log = new MemoryLogger();
    const outcome = await decryptHandler(settings({ only: ['www'], ageIdentity: alice.identity }), log);
    expect(outcome.ok).toBe(true);
    expect(outcome.text).toBe(key);
    expect(JSON.stringify(outcome.outputs)).not.toContain('PRIVATE KEY');
    for (const form of keyLeakForms(key)) expect(log.lines.join('\n')).not.toContain(form);
    expect(log.lines.join('\n')).toContain('bundle www verified');
  });

  it('writes --out with mode 0600, also over an existing wider file', async () => {
    const out = join(workspace, 'www.key');
    await writeFile(out, 'old', { mode: 0o644 });
    const outcome = await decryptHandler(
      settings({ only: ['www'], ageIdentity: alice.identity, out }),
      new MemoryLogger(),
    );
    expect(await readFile(out, 'utf8')).toBe(key);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(outcome.text).toMatch(/wrote the private key of www .* \(mode 0600\)/);
    expect(outcome.text).not.toContain('PRIVATE KEY');
  });

  it('refuses without an identity, with a wrong one, and without exactly one name', async () => {
    await expect(decryptHandler(settings({ only: ['www'] }), new MemoryLogger())).rejects.toThrow(UsageError);
    await expect(
      decryptHandler(settings({ only: ['www', 'api'], ageIdentity: alice.identity }), new MemoryLogger()),
    ).rejects.toThrow(/exactly one certificate name/);
    const bob = await newAgeIdentity();
    const error = await decryptHandler(
      settings({ only: ['www'], ageIdentity: bob.identity }),
      new MemoryLogger(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).problem).toBe('wrong-identity');
  });
});

/** A config `${NAME}` environment reference. */
const ref = (name: string) => `\${${name}}`;

describe('certflow decrypt (CLI)', () => {
  // Decrypt needs no ACME or DNS secret, but the config loader resolves every reference today.
  const base = { ACME_KEY: newP256KeyPem(), TSIG: 'c2VjcmV0c2VjcmV0' };
  async function cli(argv: string[], extra: Record<string, string> = {}) {
    const env = { ...base, ...extra };
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      env,
      cwd: workspace,
    });
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    await mkdir(join(workspace, '.github'), { recursive: true });
    await writeFile(
      join(workspace, '.github', 'certflow.yml'),
      [
        'version: 1',
        `acme: { directory: letsencrypt-staging, email: ops@example.test, account-key: "${ref('ACME_KEY')}" }`,
        // The test CA's root is what store.trust is for: a private CA.
        `store: { path: certificates, recipients: [${alice.recipient}], trust: [ca.pem] }`,
        'dns:',
        `  local: { type: rfc2136, server: "127.0.0.1:10053", tsig-name: x, tsig-algorithm: hmac-sha256, tsig-secret: "${ref('TSIG')}" }`,
        'certificates:',
        '  www: { domains: [www.certflow.test], dns: local }',
        '',
      ].join('\n'),
    );
    await writeFile(join(workspace, 'id.txt'), `${alice.identity}\n`, { mode: 0o600 });
  });

  it('prints the key with --identity, writes it with --out, takes CERTFLOW_AGE_IDENTITY', async () => {
    const printed = await cli(['decrypt', 'www', '--identity', 'id.txt']);
    expect(printed.stderr).toMatch(/bundle www verified/);
    expect(printed.stderr).not.toContain('PRIVATE KEY');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(key);
    const written = await cli(['decrypt', 'www', '-o', 'out.pem'], { CERTFLOW_AGE_IDENTITY: alice.identity });
    expect(written.code).toBe(0);
    expect(await readFile(join(workspace, 'out.pem'), 'utf8')).toBe(key);
    expect((await stat(join(workspace, 'out.pem'))).mode & 0o777).toBe(0o600);
  });

  it('fails with exit 1 and a clear message on a wrong identity, 2 without one', async () => {
    const bob = await newAgeIdentity();
    const wrong = await cli(['decrypt', 'www'], { CERTFLOW_AGE_IDENTITY: bob.identity });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/bundle www: the age identity does not open/);
    expect(wrong.stdout).toBe('');
    const none = await cli(['decrypt', 'www']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/decrypt needs the age identity/);
  });
});
