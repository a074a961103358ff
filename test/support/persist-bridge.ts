/**
 * dns-persist-01 for the test CA front (ari-server.ts), on top of a Pebble that does not know it.
 *
 * How the authorization becomes valid, honestly:
 * 1. In authorizations passing through, Pebble's dns-01 challenge is shown as `dns-persist-01`
 *    (draft-ietf-acme-dns-persist-01 section 3.1: no token, `issuer-domain-names`), at the same
 *    URL. It replaces dns-01 rather than standing beside it: Pebble checks the JWS `url` against
 *    the URL it was sent to and the `kid` against the same host, so the client's signed response
 *    can only reach Pebble at Pebble's own challenge URL. This CA offers dns-persist-01, http-01
 *    and tls-alpn-01.
 * 2. When the client POSTs to it, the front checks the JWS signature against the key the account
 *    registered with (seen at newAccount), reads `_validation-persist.<name>` TXT from the bed's
 *    bind9 (authoritative, no recursion) and judges the records (persist-validator.ts).
 * 3. Refused: the challenge and its authorization are invalid with an RFC 8555 `unauthorized`
 *    problem naming what was wrong; Pebble is never told.
 *    Passed: the front, as the CA's own validation bridge, publishes the dns-01 key authorization
 *    digest for Pebble's challenge with the bed's TSIG key and forwards the client's own signed
 *    request to Pebble unchanged, so Pebble still checks signature, nonce, kid and URL, then
 *    validates dns-01 as usual. The record is removed once the authorization leaves pending.
 * The client under test never holds a DNS credential: only the CA side writes DNS here.
 * Limits: on refusal the nonce is not consumed (a replayed POST can only be refused again).
 */
import { createHash, createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { judgeRecords } from './persist-validator.js';
import { nsupdate, type Testbed } from './testbed.js';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Jws {
  protected: string;
  payload: string;
  signature: string;
}

interface Pending {
  identifier: string;
  wildcard: boolean;
  token: string;
}

const problem = (status: number, type: string, detail: string): Reply => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: JSON.stringify({ type: `urn:ietf:params:acme:error:${type}`, detail, status }),
});

/** RFC 7638 thumbprint, base64url: the account half of an RFC 8555 key authorization. */
function thumbprint(jwk: JsonWebKey): string {
  const fields = jwk.kty === 'RSA' ? ['e', 'kty', 'n'] : ['crv', 'kty', 'x', 'y'];
  const canonical = `{${fields.map((f) => `"${f}":"${jwk[f as keyof JsonWebKey]}"`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

function signatureOk(jws: Jws, jwk: JsonWebKey, alg: string): boolean {
  const hash = { ES256: 'sha256', ES384: 'sha384', RS256: 'sha256' }[alg];
  if (!hash) return false;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const data = Buffer.from(`${jws.protected}.${jws.payload}`);
  const sig = Buffer.from(jws.signature, 'base64url');
  return verify(hash, data, alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' } : key, sig);
}

export function createPersistBridge(bed: Testbed, issuer: string) {
  const accounts = new Map<string, JsonWebKey>();
  const challenges = new Map<string, Pending>();
  const refused = new Map<string, Record<string, unknown>>();
  const published = new Map<string, string>();
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  resolver.setServers([bed.dns.server]);

  async function txt(name: string): Promise<string[]> {
    try {
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
      throw error;
    }
  }

  /** Pebble's reply about its dns-01 challenge, as the dns-persist-01 challenge it stands for. */
  /**
   * Pebble's challenge shown as dns-persist-01; a refused one as refused (Pebble never heard of
   * the refusal). A client may poll the challenge rather than its authorization (certflow does):
   * the bridge record goes once either shows validation over.
   */
  async function forwardAsPersist(path: string, forward: () => Promise<Reply>): Promise<Reply> {
    const reply = await forward();
    if (reply.status !== 200) return reply;
    const chall = JSON.parse(reply.body) as Record<string, unknown>;
    chall.type = 'dns-persist-01';
    delete chall.token;
    chall['issuer-domain-names'] = [issuer];
    const error = refused.get(path);
    if (error) Object.assign(chall, { status: 'invalid', error });
    if (chall.status !== 'pending' && chall.status !== 'processing') {
      void unpublish(path).catch(() => undefined);
    }
    return { ...reply, body: JSON.stringify(chall) };
  }

  async function unpublish(path: string): Promise<void> {
    const line = published.get(path);
    if (!line) return;
    published.delete(path);
    await nsupdate(bed, [`update delete ${line}`]);
  }

  return {
    issuer,
    /** Whether `path` is a challenge this bridge answers (one shown as dns-persist-01). */
    owns(path: string): boolean {
      return challenges.has(path);
    },
    /** Directory meta: the issuer domain name (draft section 3.2, RFC 8555 caaIdentities). */
    directoryMeta(meta: Record<string, unknown> | undefined): Record<string, unknown> {
      return { ...meta, caaIdentities: [issuer], issuerDomainNames: [issuer] };
    },
    /**
     * newAccount answered: remember the account URL's key (the JWS carried it as `jwk`). A client
     * that rolled its key over finds its account again this way, so the URL keeps its new key.
     */
    sawAccount(requestBody: Buffer, location: string | undefined): void {
      if (!location || !requestBody.length) return;
      const jws = JSON.parse(requestBody.toString('utf8')) as Jws;
      const header = JSON.parse(Buffer.from(jws.protected, 'base64url').toString('utf8')) as {
        jwk?: JsonWebKey;
      };
      if (header.jwk) accounts.set(location, header.jwk);
    },
    /** An authorization from Pebble, its dns-01 challenge shown as dns-persist-01. */
    rewriteAuthz(out: Buffer): Buffer {
      const authz = JSON.parse(out.toString('utf8')) as {
        status: string;
        identifier: { value: string };
        wildcard?: boolean;
        challenges: Array<Record<string, unknown>>;
      };
      const dns01 = authz.challenges.find((c) => c.type === 'dns-01');
      if (!dns01) return out;
      const path = new URL(String(dns01.url)).pathname;
      challenges.set(path, {
        identifier: authz.identifier.value,
        wildcard: authz.wildcard === true,
        token: String(dns01.token),
      });
      if (authz.status !== 'pending') void unpublish(path).catch(() => undefined);
      const error = refused.get(path);
      if (error) authz.status = 'invalid';
      authz.challenges = authz.challenges.map((c) =>
        c === dns01
          ? {
              type: 'dns-persist-01',
              url: c.url,
              status: error ? 'invalid' : c.status,
              'issuer-domain-names': [issuer],
              ...(error ? { error } : c.error ? { error: c.error } : {}),
              ...(c.validated ? { validated: c.validated } : {}),
            }
          : c,
      );
      return Buffer.from(JSON.stringify(authz));
    },
    /**
     * A response to the dns-persist-01 challenge: judged here, then either refused here or passed
     * to Pebble as described above. `forward` sends the client's bytes to Pebble unchanged.
     */
    async answer(path: string, body: Buffer, forward: () => Promise<Reply>): Promise<Reply> {
      const pending = challenges.get(path);
      if (!pending) return problem(404, 'malformed', `no dns-persist-01 challenge at ${path}`);
      let jws: Jws;
      let header: { alg: string; kid?: string; url?: string };
      try {
        jws = JSON.parse(body.toString('utf8')) as Jws;
        header = JSON.parse(Buffer.from(jws.protected, 'base64url').toString('utf8'));
      } catch {
        return problem(400, 'malformed', 'the body is not a flattened JWS');
      }
      // POST-as-GET (empty payload) only reads the challenge: Pebble's answer, shown as ours.
      if (jws.payload === '') return forwardAsPersist(path, forward);
      const jwk = header.kid ? accounts.get(header.kid) : undefined;
      if (!header.kid || !jwk) return problem(400, 'accountDoesNotExist', 'unknown account (kid)');
      if (new URL(header.url ?? 'x:').pathname !== path || !signatureOk(jws, jwk, header.alg)) {
        return problem(400, 'malformed', 'JWS signature or url does not verify');
      }
      const vdn = `_validation-persist.${pending.identifier}`;
      const verdict = judgeRecords(await txt(vdn), {
        issuers: [issuer],
        accountUri: header.kid,
        wildcard: pending.wildcard,
        now: Math.floor(Date.now() / 1000),
      });
      if (!verdict.ok) {
        // RFC 8555 section 7.1.3/8: the failed challenge carries the problem; 200 with the object.
        const error = {
          type: 'urn:ietf:params:acme:error:unauthorized',
          detail: `dns-persist-01 for ${pending.wildcard ? '*.' : ''}${pending.identifier}: ${vdn}: ${verdict.detail}`,
          status: 403,
        };
        refused.set(path, error);
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'dns-persist-01',
            url: header.url,
            status: 'invalid',
            'issuer-domain-names': [issuer],
            error,
          }),
        };
      }
      const digest = createHash('sha256')
        .update(`${pending.token}.${thumbprint(jwk)}`)
        .digest('base64url');
      const line = `_acme-challenge.${pending.identifier}. 5 TXT "${digest}"`;
      const added = await nsupdate(bed, [`update add ${line}`]);
      if (added.code !== 0) return problem(500, 'serverInternal', `bridge update failed: ${added.stderr}`);
      published.set(path, line.replace(' 5 TXT', ' TXT'));
      const reply = await forwardAsPersist(path, forward);
      if (reply.status !== 200) await unpublish(path);
      return reply;
    },
    async close(): Promise<void> {
      await Promise.all([...published.keys()].map((p) => unpublish(p).catch(() => undefined)));
    },
  };
}

export type PersistBridge = ReturnType<typeof createPersistBridge>;
