/**
 * What the CA says reaches the user: a 5xx with a short Retry-After is waited out and retried; a
 * rate limit that asks for longer than the bound fails at once, in the CA's words; a refused
 * identifier keeps its subproblems. The front (test/support/ari-server.ts) injects the answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, bindProvider, dueAll, label } from '../support/acme.js';
import { type AriFront, startAriFront } from '../support/ari-server.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;
let front: AriFront;
beforeAll(async () => {
  front = await startAriFront(bed);
});
afterAll(() => front?.close());

const settingsFor = (names: string[]) =>
  acmeSettings(bed, {
    directory: front.directory,
    dns: { bind: bindProvider(bed) },
    certificates: Object.fromEntries(names.map((n, i) => [`c${i}`, { domains: [n], dns: 'bind' }])),
    concurrency: 1,
  });

describe('CA errors', () => {
  it('waits out a 503 with Retry-After: 1 and succeeds', async () => {
    front.faults.push({
      path: '/order-plz',
      status: 503,
      retryAfter: '1',
      problem: { type: 'urn:ietf:params:acme:error:serverInternal', detail: 'maintenance', status: 503 },
    });
    const settings = settingsFor([`${label()}.${z}`]);
    const log = new MemoryLogger();
    const started = Date.now();
    const [r] = await issueCertificates(settings, dueAll(settings), new Map(), log);
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(log.lines.join('\n')).toMatch(
      /CA answered HTTP 503 \(urn:ietf:params:acme:error:serverInternal\) .* retrying in 1 s/,
    );
  });

  it('a rate limit beyond the bound fails that certificate at once with the CA words; the next one is issued', async () => {
    front.faults.push({
      path: '/order-plz',
      status: 429,
      retryAfter: '3600',
      problem: {
        type: 'urn:ietf:params:acme:error:rateLimited',
        detail: 'too many certificates (5) already issued for this exact set of identifiers',
        status: 429,
      },
    });
    const settings = settingsFor([`${label()}.${z}`, `${label()}.${z}`]);
    const started = Date.now();
    const [limited, next] = await issueCertificates(
      settings,
      dueAll(settings),
      new Map(),
      new MemoryLogger(),
      { maxRetryAfterMs: 5000 },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(limited?.ok).toBe(false);
    if (limited && !limited.ok) {
      expect(limited.error.acmeType).toBe('urn:ietf:params:acme:error:rateLimited');
      expect(limited.error.detail).toBe(
        'too many certificates (5) already issued for this exact set of identifiers',
      );
      expect(limited.error.status).toBe(429);
      expect(limited.error.hint).toMatch(/rate limit was hit: try again later \(after \d{4}-/);
    }
    expect(next?.ok, JSON.stringify(next)).toBe(true);
  });

  it('keeps the subproblems of a refused order', async () => {
    front.faults.push({
      path: '/order-plz',
      status: 400,
      problem: {
        type: 'urn:ietf:params:acme:error:rejectedIdentifier',
        detail: 'Cannot issue for 1 identifier',
        status: 400,
        subproblems: [
          {
            type: 'urn:ietf:params:acme:error:rejectedIdentifier',
            detail: 'Domain name is on a blocklist',
            identifier: { type: 'dns', value: 'blocked.certflow.test' },
          },
        ],
      },
    });
    const settings = settingsFor(['blocked.certflow.test']);
    const [r] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
    expect(r?.ok).toBe(false);
    if (r && !r.ok) {
      expect(r.error.message).toBe('Cannot issue for 1 identifier (rejectedIdentifier, HTTP 400)');
      expect(r.error.subproblems).toEqual([
        {
          type: 'urn:ietf:params:acme:error:rejectedIdentifier',
          detail: 'Domain name is on a blocklist',
          identifier: 'dns:blocked.certflow.test',
        },
      ]);
      expect(r.error.hint).toMatch(/will not issue for this name/);
    }
  });
});
