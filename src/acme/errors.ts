/**
 * ACME problems (RFC 8555 section 6.7) kept whole, and turned into `StageError`s with a hint
 * that says what the user can do. The CA's own words (detail) are always kept.
 */
import type { StageError } from '../model.js';

export interface Problem {
  type: string;
  detail?: string;
  status?: number;
  identifier?: { type: string; value: string };
  subproblems?: Problem[];
}

const PREFIX = 'urn:ietf:params:acme:error:';

export class AcmeProblemError extends Error {
  readonly problem: Problem;
  readonly status: number;
  readonly url: string;
  readonly retryAfterMs?: number;
  constructor(problem: Problem, status: number, url: string, retryAfterMs?: number) {
    const short = problem.type.startsWith(PREFIX) ? problem.type.slice(PREFIX.length) : problem.type;
    // Our own kinds (certflow:network) are not the CA's words: no type suffix for them.
    const tagged = problem.type.startsWith('certflow:')
      ? ''
      : ` (${short}${status ? `, HTTP ${status}` : ''})`;
    super(`${problem.detail ?? 'no detail given'}${tagged}`);
    this.name = 'AcmeProblemError';
    this.problem = problem;
    this.status = status;
    this.url = url;
    this.retryAfterMs = retryAfterMs;
  }
}

/** An error of ours (not the CA's) with a hint, e.g. a profile the CA does not offer. */
export class IssueError extends Error {
  readonly hint?: string;
  readonly problem?: Problem;
  /** `ca`: the CA's fault (e.g. it never finished an order), so another CA may be tried. */
  readonly side?: 'ca';
  constructor(message: string, hint?: string, problem?: Problem, side?: 'ca') {
    super(message);
    this.name = 'IssueError';
    this.hint = hint;
    this.problem = problem;
    this.side = side;
  }
}

function hintFor(type: string, detail: string, retryAfterMs?: number): string | undefined {
  const t = type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type;
  switch (t) {
    case 'caa':
      return 'a CAA record forbids this CA: add a CAA "issue" record naming the CA (or remove the CAA record) at the name in the message';
    case 'dns':
    case 'unauthorized':
    case 'incorrectResponse':
      return 'the CA did not see the right TXT record: check the DNS provider settings, the challenge CNAME, and that the CA can reach your DNS servers';
    case 'rateLimited': {
      const when = retryAfterMs ? ` (after ${new Date(Date.now() + retryAfterMs).toISOString()})` : '';
      return `the CA's rate limit was hit: try again later${when}, or use a staging directory for tests`;
    }
    case 'rejectedIdentifier':
      return 'the CA will not issue for this name: check the domains of the certificate';
    case 'externalAccountRequired':
      return 'this CA needs an external account binding: set acme.external-account-binding (key-id and hmac-key)';
    case 'userActionRequired':
      return 'the CA wants you to act (e.g. accept new terms): see the instance link in the CA answer';
    case 'accountDoesNotExist':
      return 'the account key is not registered with this CA';
    case 'badCSR':
      return 'the CA refused the certificate request: check the key type and the domains';
    case 'invalidProfile':
      return 'choose a profile this CA offers (acme.profile or the certificate profile)';
    case 'unsupportedIdentifier':
      return 'this CA does not issue for this kind of name';
    case 'serverInternal':
      return 'the CA had an internal error: try again later';
    case 'certflow:network':
      if (/CERT_|_CERT|UNABLE_TO_VERIFY|SELF_SIGNED|self[- ]signed|certificate/.test(detail)) {
        return "the CA's HTTPS certificate is not trusted here: add its root (PEM file) to acme.trust";
      }
      return /ENOTFOUND|EAI_AGAIN/.test(detail)
        ? 'check acme.directory: the CA host name does not resolve'
        : 'check acme.directory and that this machine can reach the CA (firewall, proxy, acme.trust for a private CA)';
    default:
      if (/self.signed|unable to verify|certificate/i.test(detail))
        return "the CA's HTTPS certificate is not trusted: add its root to acme.trust";
      return undefined;
  }
}

function identifierOf(p: Problem): string | undefined {
  return p.identifier ? `${p.identifier.type}:${p.identifier.value}` : undefined;
}

/** Turns anything thrown during issuance into data for the report. */
export function toStageError(error: unknown): StageError {
  if (error instanceof AcmeProblemError) {
    const p = error.problem;
    return {
      message: error.message,
      hint: hintFor(p.type, p.detail ?? '', error.retryAfterMs),
      acmeType: p.type.startsWith('certflow:') ? undefined : p.type,
      detail: p.detail,
      status: error.status || p.status,
      subproblems: p.subproblems?.map((s) => ({
        type: s.type,
        detail: s.detail,
        identifier: identifierOf(s),
      })),
    };
  }
  if (error instanceof IssueError) {
    const p = error.problem;
    return {
      message: error.message,
      hint: error.hint ?? (p ? hintFor(p.type, p.detail ?? '') : undefined),
      acmeType: p?.type,
      detail: p?.detail,
      status: p?.status,
      subproblems: p?.subproblems?.map((s) => ({
        type: s.type,
        detail: s.detail,
        identifier: identifierOf(s),
      })),
    };
  }
  const e = error as { message?: string; hint?: string; name?: string };
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') {
    return {
      message: `interrupted: ${e.message ?? 'aborted'}`,
      hint: 'run again; records created were removed',
    };
  }
  return { message: e?.message ?? String(error), hint: e?.hint };
}
