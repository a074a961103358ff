/**
 * One certificate through the ACME order flow (RFC 8555 section 7.4) with DNS-01: order,
 * authorizations, records, tell the CA, poll, finalize, download. Polls with a short interval
 * (Pebble and many CAs send no Retry-After while pending) and honours Retry-After when sent.
 */

import type { KeyType } from '../config/schema.js';
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
import { AcmeProblemError, IssueError, type Problem } from './errors.js';
import { parseRetryAfter, sleep } from './http.js';
import { createCsr, generatePrivateKey } from './keys.js';
import type { AcmeSession } from './session.js';

interface AcmeChallenge {
  type: string;
  url: string;
  token: string;
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
  provider: DnsProvider;
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
}

export interface OrderOptions extends ChallengeOptions {
  maxRetryAfterMs: number;
  /** Longest wait for one authorization or order to leave pending/processing. */
  pollTimeoutMs?: number;
  /** Timing hook: the CA is told a challenge is ready. */
  onChallengeAnswered?: (record: PlannedRecord, at: number) => void;
}

/** POST-as-GET on `url` until `done(status)`; short interval, Retry-After honoured (bounded). */
async function poll<T extends { status: string }>(
  session: AcmeSession,
  url: string,
  done: (status: string) => boolean,
  opts: OrderOptions,
): Promise<T> {
  const deadline = Date.now() + (opts.pollTimeoutMs ?? 300_000);
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
  const name = `${authz.wildcard ? '*.' : ''}${authz.identifier.value}`;
  return new IssueError(
    `the CA refused ${name}: ${p?.detail ?? `authorization ${authz.status}`}`,
    undefined,
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
  const keyPromise = req.privateKeyPem ? Promise.resolve(req.privateKeyPem) : generatePrivateKey(req.keyType);
  keyPromise.catch(() => undefined);
  const caaPromise = caaPrecheck(session, req, opts);
  caaPromise.catch(() => undefined);

  const { order, replacesSent } = await createOrder(session, req, opts);
  const authzs = (await session.client.getAuthorizations(order as never)) as unknown as AcmeAuthz[];
  await caaPromise;

  const pending = authzs.filter((a) => a.status === 'pending');
  const invalid = authzs.find((a) => a.status !== 'pending' && a.status !== 'valid');
  if (invalid) throw challengeFailure(invalid);
  const planned: Array<{ record: PlannedRecord; authz: AcmeAuthz; challenge: AcmeChallenge }> =
    await Promise.all(
      pending.map(async (authz) => {
        const challenge = authz.challenges.find((c) => c.type === 'dns-01');
        if (!challenge) {
          throw new IssueError(
            `the CA offers no dns-01 challenge for ${authz.identifier.value}`,
            'this CA cannot validate this name over DNS',
          );
        }
        const value = await session.client.getChallengeKeyAuthorization(challenge as never);
        const domain = `${authz.wildcard ? '*.' : ''}${authz.identifier.value}`;
        return {
          record: await planRecord(domain, value, req.provider, req.challengeAlias, opts),
          authz,
          challenge,
        };
      }),
    );

  await withChallengeRecords(
    planned.map((p) => p.record),
    opts,
    async () => {
      await Promise.all(
        planned.map(async ({ authz, challenge, record }) => {
          opts.onChallengeAnswered?.(record, Date.now());
          await session.client.completeChallenge(challenge as never);
          const result = await poll<AcmeAuthz>(session, authz.url, (s) => s !== 'pending', opts);
          if (result.status !== 'valid') throw challengeFailure(result);
        }),
      );
    },
  );

  const privateKeyPem = await keyPromise;
  const csr = await createCsr(req.domains, privateKeyPem);
  const finalized = (await session.client.finalizeOrder(order as never, csr)) as unknown as AcmeOrder;
  const ready =
    finalized.status === 'valid'
      ? finalized
      : await poll<AcmeOrder>(
          session,
          order.url,
          (s) => s !== 'processing' && s !== 'ready' && s !== 'pending',
          opts,
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
  return { privateKeyPem, fullchainPem, replacesSent };
}

async function caaPrecheck(session: AcmeSession, req: OrderRequest, opts: OrderOptions): Promise<void> {
  const resolvers = req.provider.resolvers ?? systemResolvers();
  await Promise.all(
    req.domains.map(async (domain) => {
      let verdict: Awaited<ReturnType<typeof checkCaa>>;
      try {
        verdict = await checkCaa(domain, session.directory.meta?.caaIdentities, resolvers, opts.signal);
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
