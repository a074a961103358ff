/**
 * Whose fault a failed order is (src/acme/fallback.ts): only the CA's own trouble lets the next CA
 * of acme.issuers be tried. The table holds what the transport, the order flow and the DNS layer
 * really throw.
 */
import { describe, expect, it } from 'vitest';
import { AcmeProblemError, IssueError, type Problem } from '../../src/acme/errors.js';
import { type FailureSide, failureSide } from '../../src/acme/fallback.js';

const acme = (type: string, status: number, detail = 'x') =>
  new AcmeProblemError({ type: `urn:ietf:params:acme:error:${type}`, detail }, status, 'https://ca/x');
const network = (detail: string) =>
  new AcmeProblemError({ type: 'certflow:network', detail }, 0, 'https://ca/dir');
const refused = (p: Problem) => new IssueError(`the CA refused a.example: ${p.detail}`, undefined, p);

const CASES: Array<[string, unknown, FailureSide]> = [
  [
    'connection refused',
    network('cannot reach the CA at https://127.0.0.1:1/dir: ECONNREFUSED connect'),
    'ca',
  ],
  [
    'no answer in time',
    network('cannot reach the CA at https://ca/dir: no answer from https://ca/dir within 30000 ms'),
    'ca',
  ],
  ['connection reset', network('cannot reach the CA at https://ca/dir: ECONNRESET socket hang up'), 'ca'],
  [
    'HTTP 500 without a problem document',
    new AcmeProblemError({ type: 'about:blank', detail: 'HTTP 500' }, 500, 'u'),
    'ca',
  ],
  ['HTTP 503', new AcmeProblemError({ type: 'about:blank', detail: 'busy' }, 503, 'u'), 'ca'],
  ['serverInternal', acme('serverInternal', 500), 'ca'],
  ['rateLimited', acme('rateLimited', 429), 'ca'],
  ['HTTP 429 of another type', new AcmeProblemError({ type: 'about:blank' }, 429, 'u'), 'ca'],
  ['badNonce, retries used up', acme('badNonce', 400), 'ca'],
  [
    'an order the CA never finished',
    new IssueError('https://ca/order/1 still processing after 300 s', 'slow', undefined, 'ca'),
    'ca',
  ],
  [
    'an authorization failed with serverInternal',
    refused({ type: 'urn:ietf:params:acme:error:serverInternal', detail: 'db down' }),
    'ca',
  ],
  ['a request timeout of its own', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'ca'],
  [
    "the CA's HTTPS certificate is not trusted",
    network(
      'cannot reach the CA at https://ca/dir: SELF_SIGNED_CERT_IN_CHAIN self-signed certificate in certificate chain',
    ),
    'user',
  ],
  [
    'CAA pre-check forbids the CA',
    new IssueError('CAA records at a.example forbid this CA', 'h', {
      type: 'urn:ietf:params:acme:error:caa',
      detail: 'CAA',
    }),
    'user',
  ],
  ['CAA refusal from the CA', acme('caa', 403), 'user'],
  ['rejectedIdentifier', acme('rejectedIdentifier', 400), 'user'],
  [
    'the TXT record was wrong',
    refused({ type: 'urn:ietf:params:acme:error:unauthorized', detail: 'incorrect TXT', status: 403 }),
    'user',
  ],
  [
    'the TXT record was missing',
    refused({ type: 'urn:ietf:params:acme:error:dns', detail: 'NXDOMAIN', status: 400 }),
    'user',
  ],
  [
    'incorrectResponse',
    refused({ type: 'urn:ietf:params:acme:error:incorrectResponse', detail: 'x' }),
    'user',
  ],
  [
    'the DNS provider refused the update',
    new Error('rfc2136 (dns.corp): adding TXT _acme-challenge.a.example: NOTAUTH (TSIG BADSIG)'),
    'user',
  ],
  [
    'an authorization with no problem at all',
    new IssueError('the CA refused a.example: authorization invalid'),
    'user',
  ],
  [
    'EAB refused (wrong MAC)',
    new IssueError('refused the ACME account', 'check the EAB secret', {
      type: 'urn:ietf:params:acme:error:unauthorized',
      detail: 'bad MAC',
      status: 403,
    }),
    'user',
  ],
  ['externalAccountRequired', acme('externalAccountRequired', 400), 'user'],
  ['badCSR', acme('badCSR', 400), 'user'],
  ['malformed', acme('malformed', 400), 'user'],
  ['a profile the CA does not offer', new IssueError('profile "x" is not offered by https://ca/dir'), 'user'],
  [
    'the run was interrupted',
    Object.assign(new Error('interrupted by SIGINT'), { name: 'AbortError' }),
    'user',
  ],
  ['something unknown', 'a string thrown', 'user'],
];

describe('failureSide: which failures move on to the next CA', () => {
  it.each(CASES)('%s', (_what, error, side) => {
    expect(failureSide(error)).toBe(side);
  });
});
