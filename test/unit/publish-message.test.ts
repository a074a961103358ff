/** Words of a publish (pure) and repository paths. */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest, RenewalDecision } from '../../src/model.js';
import { bundleFiles, gitBlobSha, storePathInRepo } from '../../src/publish/files.js';
import { commitMessage, parseSections, pullRequestBody, titleFor } from '../../src/publish/message.js';
import type { SealedBundle } from '../../src/store/seal.js';
import { UsageError } from '../../src/util/errors.js';
import { publishSettings } from '../support/github-settings.js';
import { requirePrograms } from '../support/programs.js';

function bundle(name: string, serial: string, replaces?: string): SealedBundle {
  const manifest: Manifest = {
    version: 1,
    name,
    domains: [`${name}.example.com`],
    keyType: 'ecdsa-p256',
    serial,
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2025-04-01T00:00:00.000Z',
    issuer: 'CN=R10, O=Let<s> Encrypt, C=US',
    certificateSha256: 'a'.repeat(64),
    publicKeySha256: 'b'.repeat(64),
    issuedAt: '2025-01-01T00:00:00.000Z',
    ...(replaces ? { replaces } : {}),
    recipients: ['age1xyz'],
    privateKeySha256: 'c'.repeat(64),
  };
  return {
    name,
    manifest,
    files: { 'certificate.json': '{}\n', 'fullchain.pem': 'x\n', 'privkey.pem.age': 'y\n' },
  };
}

const decision = (name: string, reason: string): RenewalDecision => ({
  name,
  domains: [],
  action: 'renew',
  reason,
  code: 'ari-window',
});

// The programs these tests run: a missing one fails them with one line that says what to do.
beforeAll(() => requirePrograms('git'));
describe('pull request words', () => {
  it('titles name the certificates', () => {
    expect(titleFor(['www', 'api'])).toBe('Renew certificates: www, api');
  });

  it('has a table per certificate with serial change, expiry, issuer, key type, reason (escaped)', () => {
    const { title, body } = pullRequestBody(
      [bundle('www', '0b', '0a')],
      [decision('www', 'ARI window opened | <b>now</b>')],
      'certificates',
    );
    expect(title).toBe('Renew certificates: www');
    expect(body).toContain('| Serial | `0a` → `0b` |');
    expect(body).toContain('| Valid | 2025-01-01T00:00:00.000Z → **2025-04-01T00:00:00.000Z** |');
    expect(body).toContain('| Issuer | CN=R10, O=Let&lt;s&gt; Encrypt, C=US |');
    expect(body).toContain('| Reason | ARI window opened &#124; &lt;b&gt;now&lt;/b&gt; (`ari-window`) |');
    expect(body).toContain('How to deploy');
  });

  it('keeps sections of earlier runs and replaces those renewed again', () => {
    const first = pullRequestBody([bundle('www', '0b', '0a'), bundle('api', '1b')], [], 'certificates');
    const second = pullRequestBody([bundle('www', '0c', '0b')], [], 'certificates', first.body);
    expect(second.names).toEqual(['www', 'api']);
    expect(second.title).toBe('Renew certificates: www, api');
    expect(second.body).toContain('`0b` → `0c`');
    expect(second.body).not.toContain('`0a` → `0b`');
    expect(second.body).toContain('`1b`');
    expect([...parseSections(second.body).keys()]).toEqual(['www', 'api']);
    // A body without markers (edited by hand) simply starts over.
    expect(pullRequestBody([bundle('api', '1c')], [], 'certificates', 'hello').names).toEqual(['api']);
  });

  it('commit message: title line, then one line per certificate', () => {
    expect(
      commitMessage([bundle('www', '0b', '0a'), bundle('api', '1b')], [decision('api', 'missing')]),
    ).toBe(
      'Renew certificates: www, api\n\n' +
        '- www: serial 0a -> 0b, expires 2025-04-01T00:00:00.000Z\n' +
        '- api: serial (new) -> 1b, expires 2025-04-01T00:00:00.000Z (missing)\n',
    );
  });
});

describe('repository paths', () => {
  it('gives git blob SHAs identical to git hash-object', () => {
    const content = '{\n  "a": "é"\n}\n';
    expect(gitBlobSha(content)).toBe(
      execFileSync('git', ['hash-object', '--stdin'], { input: content }).toString().trim(),
    );
  });

  it('puts bundle files under the store path, and refuses a store outside the repository', () => {
    const settings = publishSettings('/repo', ['age1x']);
    expect(bundleFiles(settings, [bundle('www', '01')]).map((f) => f.path)).toEqual([
      'certificates/www/certificate.json',
      'certificates/www/fullchain.pem',
      'certificates/www/privkey.pem.age',
    ]);
    const nested = {
      ...settings,
      config: { ...settings.config, store: { path: '.github/certs', recipients: [] } },
    };
    expect(storePathInRepo(nested)).toBe('.github/certs');
    const outside = {
      ...settings,
      config: { ...settings.config, store: { path: '../elsewhere', recipients: [] } },
    };
    expect(() => storePathInRepo(outside)).toThrow(UsageError);
  });
});
