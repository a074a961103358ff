/** ACME problems into report data, Retry-After parsing, and the directory a run orders from. */
import { describe, expect, it } from 'vitest';
import { AcmeProblemError, IssueError, toStageError } from '../../src/acme/errors.js';
import { parseRetryAfter } from '../../src/acme/http.js';
import { resolveDirectoryUrl } from '../../src/acme/session.js';
import type { Settings } from '../../src/config/settings.js';

const withAcme = (acme: Record<string, unknown>, dryRun: boolean) =>
  ({ dryRun, config: { acme } }) as unknown as Pick<Settings, 'config' | 'dryRun'>;

describe('toStageError', () => {
  it('keeps type, detail, status and subproblems, and says what to do', () => {
    const e = new AcmeProblemError(
      {
        type: 'urn:ietf:params:acme:error:caa',
        detail: 'CAA record for example.com prevents issuance',
        subproblems: [
          {
            type: 'urn:ietf:params:acme:error:caa',
            detail: 'no',
            identifier: { type: 'dns', value: 'example.com' },
          },
        ],
      },
      403,
      'https://ca/order',
    );
    const s = toStageError(e);
    expect(s).toMatchObject({
      message: 'CAA record for example.com prevents issuance (caa, HTTP 403)',
      acmeType: 'urn:ietf:params:acme:error:caa',
      detail: 'CAA record for example.com prevents issuance',
      status: 403,
      subproblems: [{ type: 'urn:ietf:params:acme:error:caa', detail: 'no', identifier: 'dns:example.com' }],
    });
    expect(s.hint).toMatch(/CAA/);
  });

  it('network errors point at acme.directory, not at an ACME type', () => {
    const s = toStageError(
      new AcmeProblemError(
        { type: 'certflow:network', detail: 'cannot reach the CA at https://x/dir: ECONNREFUSED' },
        0,
        'https://x/dir',
      ),
    );
    expect(s.acmeType).toBeUndefined();
    expect(s.hint).toMatch(/check acme\.directory/);
  });

  it('our own errors keep their hint', () => {
    expect(toStageError(new IssueError('profile "x" is not offered', 'set acme.profile'))).toEqual({
      message: 'profile "x" is not offered',
      hint: 'set acme.profile',
      acmeType: undefined,
      detail: undefined,
      status: undefined,
      subproblems: undefined,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('resolveDirectoryUrl', () => {
  it('maps names, and dry runs to staging (or the dry-run directory, or the same URL)', () => {
    expect(resolveDirectoryUrl(withAcme({ directory: 'letsencrypt' }, false))).toBe(
      'https://acme-v02.api.letsencrypt.org/directory',
    );
    expect(resolveDirectoryUrl(withAcme({ directory: 'letsencrypt' }, true))).toBe(
      'https://acme-staging-v02.api.letsencrypt.org/directory',
    );
    expect(resolveDirectoryUrl(withAcme({ directory: 'google' }, true))).toBe(
      'https://dv.acme-v02.test-api.pki.goog/directory',
    );
    expect(resolveDirectoryUrl(withAcme({ directory: 'zerossl' }, true))).toBe(
      'https://acme.zerossl.com/v2/DV90',
    );
    expect(
      resolveDirectoryUrl(
        withAcme(
          { directory: 'https://ca.internal/dir', 'dry-run-directory': 'https://ca.internal/test' },
          true,
        ),
      ),
    ).toBe('https://ca.internal/test');
    expect(resolveDirectoryUrl(withAcme({ directory: 'https://ca.internal/dir' }, true))).toBe(
      'https://ca.internal/dir',
    );
  });
});
