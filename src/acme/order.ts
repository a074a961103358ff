/**
 * One certificate through the ACME order flow (RFC 8555 section 7.4) with DNS-01 or
 * DNS-PERSIST-01: order, authorizations, records (dns-01 only), tell the CA, poll, finalize,
 * download. Polls with a short interval
 * (Pebble and many CAs send no Retry-After while pending) and honours Retry-After when sent.
 */

import type { Challenge, KeyType } from '../config/schema.js';
import {
  type ChallengeOptions,
  type PlannedRecord,
  planRecord,
  withChallengeRecords,
} from '../dns/challenge.js';
import type { DnsProvider } from '../dns/provider.js';
import { systemResolvers } from '../dns/resolve.js';
import { errorMessage } from '../util/errors.js';
import { checkCaa } from './caa.js';
import { chooseChain } from './chain.js';
import { createCsrDer } from './csr.js';
import { AcmeProblemError, IssueError, type Problem } from './errors.js';
import { parseRetryAfter, sleep } from './http.js';
import { checkIssuedChain } from './issued.js';
import { certificateKey } from './keys.js';
import type { AcmeSession } from './session.js';

interface AcmeChallenge {
  type: string;
  url: string;
  /** dns-01 only: dns-persist-01 has no token (it is bound to the account, not the order). */
  token?: string;
  status: string;
  error?: Problem;
}
interface AcmeAuthz {
  url: string;
  status: string;
  identifier: { type: string; value: string };
  wildcard?: boolean;
  challenges: AcmeChallenge[];
}
interface AcmeOrder {
  url: string;
  status: string;
  authorizations: string[];
  finalize: string;
  certificate?: string;
  error?: Problem;
}

export interface OrderRequest {
  name: string;
  domains: string[];
  keyType: KeyType;
  profile?: string;
  /** RFC 9773 certificate ID of the certificate being replaced. */
  replaces?: string;
  /** Writes the dns-01 records; absent for dns-persist-01 without a fallback. */
  provider?: DnsProvider;
  /** Default dns-01. */
  challenge?: Challenge;
  /** With dns-persist-01: use dns-01 (through `provider`) where the CA does not offer it. */
  fallback?: 'dns-01';
  challengeAlias?: string;
  /** acme.preferred-chain: issuer CN of the top certificate of the chain to keep. */
  preferredChain?: string;
  /** The key to use (key-policy reuse, dane's next key); default a fresh key of `keyType`. */
  privateKeyPem?: string;
}

export interface OrderOutcome {
  privateKeyPem: string;
  fullchainPem: string;
  /** Whether `replaces` was accepted in the order (it is dropped when the CA refuses it). */
  replacesSent: boolean;
  /** The challenge each pending authorization was answered with (identifier -> type). */
  answered: Record<string, Challenge>;
}

export interface OrderOptions extends ChallengeOptions {
  maxRetryAfterMs: number;
  /** Longest wait for one authorization or order to leave pending/processing. */
  pollTimeoutMs?: number;
  /** Timing hook: the CA is told a challenge is ready. */
  onChallengeAnswered?: (record: PlannedRecord, at: number) => void;
}

/**
 * The first look at a challenge or order the CA said it is processing. Pebble validates a DNS-01
 * challenge and issues a certificate in a few tens of ms on the bed; CAs that take longer say so
 * with Retry-After, honoured by the polls that follow.
 */
const FIRST_POLL_MS = 50;

/**
 * POST-as-GET on `url` until `done(status)`; short interval, Retry-After honoured (bounded).
 * `firstWaitMs` is spent before the first request: the CA has just said the object is still being
 * worked on (a challenge processing, an order processing), so asking at once would only cost a
 * signed request (issue 22: half the authorization polls were such).
 */
async function poll<T extends { status: string }>(
  session: AcmeSession,
  url: string,
  done: (status: string) => boolean,
  opts: OrderOptions,
  firstWaitMs = 0,
): Promise<T> {
  const deadline = Date.now() + (opts.pollTimeoutMs ?? 300_000);
  if (firstWaitMs > 0) await sleep(Math.min(firstWaitMs, opts.maxRetryAfterMs), opts.signal);
  for (let delay = 40; ; delay = Math.min(Math.round(delay * 1.5), 1000)) {
    const res = await session.http.signedRequest(url, null, { kid: session.client.getAccountUrl() });
    const body = res.data as T;
    if (done(body.status)) return body;
    const after = parseRetryAfter(res.headers['retry-after']);
    const wait = Math.min(after ?? delay, opts.maxRetryAfterMs);
    if (Date.now() + wait > deadline) {
      throw new IssueError(
        `${url} still ${body.status} after ${Math.round((opts.pollTimeoutMs ?? 300_000) / 1000)} s`,
        'the CA is slow; run again later',
        undefined,
        'ca',
      );
    }
    await sleep(wait, opts.signal);
  }
}

function challengeFailure(authz: AcmeAuthz): IssueError {
  const failed = authz.challenges.find((c) => c.error) ?? authz.challenges.find((c) => c.type === 'dns-01');
  const p = failed?.error;
  const name = authzName(authz);
  // The general advice for `unauthorized` talks about _acme-challenge; a persistent record is
  // fixed elsewhere, by the DNS owner.
  const hint =
    failed?.type === 'dns-persist-01'
      ? `have the DNS owner publish or correct the TXT record at _validation-persist.${authz.identifier.value}: it must name this CA's issuer domain and this account's URL (accounturi=), add policy=wildcard for a wildcard, and keep any persistUntil in the future`
      : undefined;
  return new IssueError(
    `the CA refused ${name}: ${p?.detail ?? `authorization ${authz.status}`}`,
    hint,
    p ? { ...p, identifier: p.identifier ?? authz.identifier } : undefined,
  );
}

async function createOrder(session: AcmeSession, req: OrderRequest, opts: OrderOptions) {
  const payload: Record<string, unknown> = {
    identifiers: req.domains.map((value) => ({ type: 'dns', value })),
  };
  if (req.profile) payload.profile = req.profile;
  if (req.replaces) payload.replaces = req.replaces;
  try {
    return {
      order: (await session.client.createOrder(payload as never)) as unknown as AcmeOrder,
      replacesSent: !!req.replaces,
    };
  } catch (error) {
    // A CA that refuses `replaces` (already replaced, unknown certificate) still gets an order.
    if (
      req.replaces &&
      error instanceof AcmeProblemError &&
      error.status < 500 &&
      error.problem.type !== 'urn:ietf:params:acme:error:rateLimited'
    ) {
      opts.log.warn(
        `${req.name}: the CA refused replaces=${req.replaces} (${error.message}); ordering without it`,
      );
      delete payload.replaces;
      return {
        order: (await session.client.createOrder(payload as never)) as unknown as AcmeOrder,
        replacesSent: false,
      };
    }
    throw error;
  }
}

export async function orderCertificate(
  session: AcmeSession,
  req: OrderRequest,
  opts: OrderOptions,
): Promise<OrderOutcome> {
  // The key (slow for RSA) and the CAA check run while the order and challenges proceed.
  const keyPromise = certificateKey(req.keyType, req.privateKeyPem);
  keyPromise.catch(() => undefined);
  const caaPromise = caaPrecheck(session, req, opts);
  caaPromise.catch(() => undefined);

  const { order, replacesSent } = await createOrder(session, req, opts);
  const authzs = (await session.client.getAuthorizations(order as never)) as unknown as AcmeAuthz[];
  await caaPromise;

  const pending = authzs.filter((a) => a.status === 'pending');
  const invalid = authzs.find((a) => a.status !== 'pending' && a.status !== 'valid');
  if (invalid) throw challengeFailure(invalid);
  const picked = pending.map((authz) => ({ authz, ...pickChallenge(authz, req) }));
  const answered: Record<string, Challenge> = {};
  for (const p of picked) answered[authzName(p.authz)] = p.challenge.type as Challenge;

  const planned: Array<{ record: PlannedRecord; authz: AcmeAuthz; challenge: AcmeChallenge }> =
    await Promise.all(
      picked
        .filter((p) => p.challenge.type === 'dns-01')
        .map(async ({ authz, challenge, provider }) => {
          const value = await session.client.getChallengeKeyAuthorization(challenge as never);
          return {
            record: await planRecord(
              authzName(authz),
              value,
              provider as DnsProvider,
              req.challengeAlias,
              opts,
            ),
            authz,
            challenge,
          };
        }),
    );
  const answer = async (authz: AcmeAuthz, challenge: AcmeChallenge) => {
    const told = (await session.client.completeChallenge(challenge as never)) as unknown as AcmeChallenge;
    // The challenge, not the authorization, is polled until validation ends: a valid challenge
    // makes its authorization valid (RFC 8555 section 7.1.6). Pebble 2.4.0 write-locks an
    // authorization while it serves a POST-as-GET on it and then waits for its store, which a
    // new order's scan of all authorizations can hold: under load (1,000 orders at 32 at once,
    // issue 22) that deadlocked the whole CA. A challenge poll takes no such lock. The wait
    // before the first poll spares a request that would find it still pending (RFC 8555 says
    // processing here; Pebble answers pending).
    const working = told?.status !== 'valid' && told?.status !== 'invalid';
    const settled = working
      ? await poll<AcmeChallenge>(
          session,
          challenge.url,
          (s) => s !== 'pending' && s !== 'processing',
          opts,
          FIRST_POLL_MS,
        )
      : told;
    if (settled.status === 'valid') return;
    // A failure is read from the authorization, which names the identifier and carries the
    // CA's problem in its own words.
    const result = await poll<AcmeAuthz>(session, authz.url, (s) => s !== 'pending', opts);
    if (result.status !== 'valid') throw challengeFailure(result);
  };
  // dns-persist-01: the record is the DNS owner's, already published; nothing to write or wait for
  // (draft-ietf-acme-dns-persist section 4), so the CA is told at once.
  const persisted = picked
    .filter((p) => p.challenge.type === 'dns-persist-01')
    .map(({ authz, challenge }) => answer(authz, challenge));
  const dns01 = planned.length
    ? withChallengeRecords(
        planned.map((p) => p.record),
        opts,
        async () => {
          await Promise.all(
            planned.map(async ({ authz, challenge, record }) => {
              opts.onChallengeAnswered?.(record, Date.now());
              await answer(authz, challenge);
            }),
          );
        },
      )
    : Promise.resolve();
  const settled = await Promise.allSettled([...persisted, dns01]);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;

  const { privateKeyPem, privateKey } = await keyPromise;
  if (typeof order.finalize !== 'string') {
    throw new IssueError(`the CA's order for ${req.name} has no finalize URL`, undefined, undefined, 'ca');
  }
  const csr = createCsrDer(req.domains, privateKey).toString('base64url');
  const finalized = (
    await session.http.signedRequest(order.finalize, { csr }, { kid: session.client.getAccountUrl() })
  ).data as AcmeOrder;
  // A finalize answer that is already valid carries the certificate URL: no poll.
  const ready =
    finalized?.status === 'valid'
      ? finalized
      : await poll<AcmeOrder>(
          session,
          order.url,
          (s) => s !== 'processing' && s !== 'ready' && s !== 'pending',
          opts,
          finalized?.status === 'processing' ? FIRST_POLL_MS : 0,
        );
  if (ready.status !== 'valid' || !ready.certificate) {
    throw new IssueError(
      `the order for ${req.name} ended ${ready.status}: ${ready.error?.detail ?? 'no reason given'}`,
      undefined,
      ready.error,
    );
  }
  const res = await session.http.signedRequest(ready.certificate, null, {
    kid: session.client.getAccountUrl(),
  });
  const fullchainPem = await chooseChain(
    session,
    String(res.data),
    res.headers.link,
    req.preferredChain,
    opts.log,
    req.name,
  );
  checkIssuedChain(fullchainPem, { name: req.name, domains: req.domains, privateKey, now: new Date() });
  return { privateKeyPem, fullchainPem, replacesSent, answered };
}

const authzName = (authz: AcmeAuthz) => `${authz.wildcard ? '*.' : ''}${authz.identifier.value}`;

/**
 * The challenge to answer for one authorization: the certificate's kind when the CA offers it;
 * dns-01 in place of dns-persist-01 only with `fallback: dns-01` and a provider.
 */
function pickChallenge(
  authz: AcmeAuthz,
  req: OrderRequest,
): { challenge: AcmeChallenge; provider?: DnsProvider } {
  const offered = authz.challenges.map((c) => c.type);
  const dns01 = authz.challenges.find((c) => c.type === 'dns-01');
  if (req.challenge === 'dns-persist-01') {
    const persist = authz.challenges.find((c) => c.type === 'dns-persist-01');
    if (persist) return { challenge: persist };
    if (!(req.fallback === 'dns-01' && req.provider && dns01)) {
      throw new IssueError(
        `the CA offers no dns-persist-01 challenge for ${authzName(authz)} (it offers: ${offered.join(', ') || 'none'})`,
        req.fallback === 'dns-01'
          ? `fallback: dns-01 needs a dns provider under certificates.${req.name}.dns`
          : `use a CA that offers dns-persist-01, or set certificates.${req.name}.challenge: dns-01, or keep it and add fallback: dns-01 with a dns provider`,
      );
    }
  }
  if (!dns01) {
    throw new IssueError(
      `the CA offers no dns-01 challenge for ${authzName(authz)} (it offers: ${offered.join(', ') || 'none'})`,
      'this CA cannot validate this name over DNS',
    );
  }
  if (!req.provider) {
    throw new IssueError(
      `${req.name} has no dns provider to answer dns-01 for ${authzName(authz)}`,
      `set certificates.${req.name}.dns`,
    );
  }
  return { challenge: dns01, provider: req.provider };
}

async function caaPrecheck(session: AcmeSession, req: OrderRequest, opts: OrderOptions): Promise<void> {
  const resolvers = req.provider?.resolvers ?? systemResolvers();
  await Promise.all(
    req.domains.map(async (domain) => {
      let verdict: Awaited<ReturnType<typeof checkCaa>>;
      try {
        verdict = await checkCaa(
          domain,
          session.directory.meta?.caaIdentities,
          resolvers,
          opts.signal,
          session.caa,
        );
      } catch (error) {
        if (opts.signal?.aborted) throw error;
        opts.log.debug(`CAA pre-check of ${domain} skipped: ${errorMessage(error)}`);
        return;
      }
      if (!verdict.allowed) {
        const who = verdict.issuers?.filter(Boolean).join(', ') || 'no CA at all';
        const ids = session.directory.meta?.caaIdentities;
        throw new IssueError(
          `CAA records at ${verdict.at} forbid this CA to issue for ${domain} (they allow ${who})`,
          `add a CAA record at ${verdict.at} like: 0 ${domain.startsWith('*.') ? 'issuewild' : 'issue'} "${ids?.[0] ?? '<the CA domain>'}", or remove the CAA records that exclude it`,
          { type: 'urn:ietf:params:acme:error:caa', detail: `CAA at ${verdict.at} allows ${who}` },
        );
      }
    }),
  );
}
