/** Words of a publish (pure) and repository paths. */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest, RenewalDecision } from '../../src/model.js';
import { bundleFiles, gitBlobSha, storePathInRepo } from '../../src/publish/files.js';
import {
  BODY_BUDGET,
  commitMessage,
  PR_LIMITS,
  parseSections,
  pullRequestBody,
  titleFor,
} from '../../src/publish/message.js';
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

  it('points reviewers at the certflow/verify status and review.yml, collapsed or not', () => {
    const { body } = pullRequestBody([bundle('www', '0b', '0a')], [], 'certificates');
    expect(body).toContain(
      'The `certflow/verify` status on this pull request says whether every bundle verifies',
    );
    expect(body).toContain('`review.yml` (`command: verify`)');
    const many = Array.from({ length: 400 }, (_, i) => bundle(`c${i}`, `0${i}`));
    const collapsed = pullRequestBody(many, [], 'certificates').body;
    expect(collapsed).toContain('<!-- certflow:rows -->');
    expect(collapsed).toContain('`certflow/verify` status');
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
        `  names www.example.com; ecdsa-p256 key, public key SHA-256 ${'b'.repeat(64)}; issuer CN=R10, O=Let<s> Encrypt, C=US\n` +
        '- api: serial (new) -> 1b, expires 2025-04-01T00:00:00.000Z (missing)\n' +
        `  names api.example.com; ecdsa-p256 key, public key SHA-256 ${'b'.repeat(64)}; issuer CN=R10, O=Let<s> Encrypt, C=US\n`,
    );
  });
});

/** Certificate names as a first run of a big setup has them, 40 hex digits of serial each. */
const names = (n: number) => Array.from({ length: n }, (_, i) => `service-${String(i).padStart(4, '0')}`);
const many = (n: number) =>
  names(n).map((name, i) => bundle(name, i.toString(16).padStart(40, '0'), 'ab'.repeat(20)));

describe("GitHub's limits on a pull request", () => {
  it('caps the title at 256 characters and counts the certificates left out', () => {
    expect(titleFor(['www', 'api'])).toBe('Renew certificates: www, api');
    const title = titleFor(names(40));
    expect([...title].length).toBeLessThanOrEqual(PR_LIMITS.title);
    expect(title).toMatch(/^Renew certificates: service-0000, service-0001, .* and \d+ more$/);
    const shown = title.replace(/ and (\d+) more$/, '').split(', ').length;
    expect(shown + Number(/(\d+) more$/.exec(title)?.[1])).toBe(40);
    expect(titleFor(['x'.repeat(300)])).toBe('Renew 1 certificates');
    // The commit's first line is the same capped title.
    expect(commitMessage(many(40), []).split('\n')[0]).toBe(titleFor(names(40)));
  });

  it('keeps a full section per certificate while it fits, one row each past that, always under 65,536', () => {
    const small = pullRequestBody(many(20), [], 'certificates');
    expect(parseSections(small.body).size).toBe(20);
    for (const n of [125, 200, 2000]) {
      const { body, names: listed } = pullRequestBody(many(n), [], 'certificates');
      expect([...body].length).toBeLessThanOrEqual(BODY_BUDGET);
      expect([...body].length).toBeLessThan(PR_LIMITS.body);
      expect(listed).toHaveLength(n);
      expect(parseSections(body).size).toBe(0);
      expect(body).toContain(
        '| `service-0000` | `abababababababababababababababababababab` → `0000000000000000000000000000000000000000` | 2025-04-01T00:00:00.000Z | renewed |',
      );
      expect(body).toContain('commit message and the job summary');
      if (n === 2000) expect(body).toMatch(/…and \d+ more: see the commit messages on this branch/);
      if (n === 200) expect(body).toContain('`service-0199`');
    }
  });

  it('keeps collapsed rows of earlier runs, replacing those renewed again', () => {
    const first = pullRequestBody(many(200), [], 'certificates');
    const again = bundle('service-0001', 'ff'.repeat(20), '01');
    const second = pullRequestBody([again], [decision('service-0001', 'forced')], 'certificates', first.body);
    expect(second.names).toHaveLength(200);
    expect(second.body).toContain(
      `| \`service-0001\` | \`01\` → \`${'ff'.repeat(20)}\` | 2025-04-01T00:00:00.000Z | forced |`,
    );
    expect(second.body.match(/`service-0001`/g)).toHaveLength(1);
    // A full body of an earlier run collapses into rows with the same facts once it grows.
    const full = pullRequestBody(
      [bundle('www', '0b', '0a')],
      [decision('www', 'ARI window')],
      'certificates',
    );
    const grown = pullRequestBody(many(200), [], 'certificates', full.body);
    expect(grown.body).toContain('| `www` | `0a` → `0b` | 2025-04-01T00:00:00.000Z | ARI window |');
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
