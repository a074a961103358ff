/**
 * Google Cloud on loopback, as a DNS-01 client with Application Default Credentials meets it:
 * - `POST /token` (oauth2.googleapis.com): the JWT-bearer grant of a service-account key (the
 *   assertion's RS256 signature is checked with the key's public half, its iss, aud = this URL,
 *   scope and lifetime), and the refresh-token grant of gcloud's application-default file;
 * - `POST /v1/token` (sts.googleapis.com): the RFC 8693 token exchange of workload identity
 *   federation; the subject token must be a GitHub OIDC JWT signed by the trusted issuer, with
 *   aud `https:` + the provider's audience and the allowed subject;
 * - `POST /v1/projects/-/serviceAccounts/{email}:generateAccessToken` (iamcredentials): only
 *   with a federated token whose principal may impersonate that account;
 * - Cloud DNS v1 (`/dns/v1/projects/{project}/...`): managedZones.list, resourceRecordSets.list,
 *   changes.create (deletions must match the current set exactly, else 412 conditionNotMet;
 *   additions must not exist, else 409 alreadyExists; atomically) and changes.get (pending, then
 *   done), on its own server built on ./server.ts: every call and answer is checked against
 *   test/support/openapi/google-dns.json, and `api.inject` forces Google's refusals.
 * TXT changes are written through to the bed's bind (./bind.ts).
 */

import type { KeyObject } from 'node:crypto';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { listen, parseJson, sendJson } from './http.js';
import { checkJwt } from './jwt.js';
import { type FakeApi, type FakeReply, startFake } from './server.js';

export interface RrSet {
  name: string;
  type: string;
  ttl: number;
  rrdatas: string[];
}

export interface FakeGoogleOptions {
  project: string;
  /** DNS names of the managed zones, without the trailing dot. */
  zones: string[];
  bind: BindWriter;
  /** The GitHub OIDC issuer whose tokens STS accepts, and the one subject it accepts. */
  oidc?: { key: KeyObject; iss: string; subject: string };
}

export interface FakeGoogle {
  /** The token services (OAuth, STS, IAM credentials). */
  url: string;
  /** Cloud DNS (api-url). */
  api: FakeApi;
  project: string;
  /** `//iam.googleapis.com/projects/.../providers/...`: the STS audience of the pool's provider. */
  poolAudience: string;
  serviceAccount: { email: string; privateKeyPem: string; keyId: string };
  /** A service_account ADC file for this fake. */
  serviceAccountFile(): Record<string, unknown>;
  /** An external_account ADC file as google-github-actions/auth writes it (url source). */
  externalAccountFile(
    oidcEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string },
    impersonate: boolean,
  ): Record<string, unknown>;
  /** An authorized_user ADC file (gcloud auth application-default login). */
  authorizedUserFile(): Record<string, unknown>;
  zones: Array<{ name: string; dnsName: string; id: string }>;
  /** zone name -> record sets */
  sets: Map<string, RrSet[]>;
  /** Method and path (with query) of every request to the token services. */
  requests: string[];
  /** Runs once, just before the next change is applied (a concurrent writer). */
  beforeNextChange?: () => void;
  close(): Promise<void>;
}

const gError = (code: number, reason: string, message: string) => ({
  error: { code, message, errors: [{ domain: 'global', reason, message }] },
});

export async function startFakeGoogle(opts: FakeGoogleOptions): Promise<FakeGoogle> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const email = `certflow-dns@${opts.project}.iam.gserviceaccount.com`;
  const keyId = randomBytes(20).toString('hex');
  const poolAudience = `//iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/github/providers/certflow`;
  const user = {
    clientId: `${randomBytes(6).toString('hex')}.apps.googleusercontent.com`,
    secret: randomBytes(12).toString('hex'),
    refresh: `1//${randomBytes(24).toString('hex')}`,
  };
  /** Bearer tokens handed out -> principal and kind. */
  const tokens = new Map<string, { principal: string; kind: 'access' | 'federated' }>();
  const zones = opts.zones.map((dnsName, i) => ({
    name: `zone-${i}-${randomBytes(3).toString('hex')}`,
    dnsName: `${dnsName}.`,
    id: String(1000 + i),
  }));
  const sets = new Map<string, RrSet[]>(zones.map((z) => [z.name, []]));
  const changes = new Map<string, { body: Record<string, unknown>; polled: number }>();
  const requests: string[] = [];
  let changeCounter = 0;
  let base = '';

  const mint = (principal: string, kind: 'access' | 'federated') => {
    const value = `ya29.${randomBytes(24).toString('base64url')}`;
    tokens.set(value, { principal, kind });
    return value;
  };

  const server = await listen(async (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const form = new URLSearchParams(body);

    // ---- OAuth 2.0 token endpoint (oauth2.googleapis.com/token)
    if (req.method === 'POST' && url.pathname === '/token') {
      if (!/^application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? ''))
        return sendJson(res, 400, { error: 'invalid_request', error_description: 'form body expected' });
      if (form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        const checked = checkJwt(form.get('assertion') ?? '', {
          key: publicKey,
          iss: email,
          aud: `${base}/token`,
        });
        if (!checked.ok)
          return sendJson(res, 400, {
            error: 'invalid_grant',
            error_description: `Invalid JWT: ${checked.why}`,
          });
        if (checked.claims.scope !== 'https://www.googleapis.com/auth/cloud-platform')
          return sendJson(res, 400, {
            error: 'invalid_scope',
            error_description: 'Invalid OAuth scope or ID token audience provided.',
          });
        return sendJson(res, 200, {
          access_token: mint(email, 'access'),
          expires_in: 3599,
          token_type: 'Bearer',
        });
      }
      if (form.get('grant_type') === 'refresh_token') {
        if (
          form.get('client_id') !== user.clientId ||
          form.get('client_secret') !== user.secret ||
          form.get('refresh_token') !== user.refresh
        )
          return sendJson(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
        return sendJson(res, 200, {
          access_token: mint('user:someone@example.org', 'access'),
          expires_in: 3599,
          token_type: 'Bearer',
          scope: 'https://www.googleapis.com/auth/cloud-platform',
        });
      }
      return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' });
    }

    // ---- STS token exchange (sts.googleapis.com/v1/token)
    if (req.method === 'POST' && url.pathname === '/v1/token') {
      const want: Record<string, string> = {
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        scope: 'https://www.googleapis.com/auth/cloud-platform',
        audience: poolAudience,
      };
      for (const [k, v] of Object.entries(want))
        if (form.get(k) !== v)
          return sendJson(res, 400, {
            error: 'invalid_request',
            error_description: `Invalid value for "${k}".`,
          });
      if (!opts.oidc)
        return sendJson(res, 400, { error: 'invalid_grant', error_description: 'No trusted issuer.' });
      const checked = checkJwt(form.get('subject_token') ?? '', {
        key: opts.oidc.key,
        iss: opts.oidc.iss,
        aud: `https:${poolAudience}`,
        claims: { sub: opts.oidc.subject },
      });
      if (!checked.ok)
        return sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: `The subject token was rejected: ${checked.why}.`,
        });
      return sendJson(res, 200, {
        access_token: mint(`principal://iam.googleapis.com/${opts.oidc.subject}`, 'federated'),
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        token_type: 'Bearer',
        expires_in: 3599,
      });
    }

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const holder = bearer ? tokens.get(bearer) : undefined;

    // ---- IAM credentials (iamcredentials.googleapis.com)
    const gen = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(url.pathname);
    if (req.method === 'POST' && gen) {
      if (!holder)
        return sendJson(
          res,
          401,
          gError(401, 'authError', 'Request had invalid authentication credentials.'),
        );
      if (decodeURIComponent(gen[1] ?? '') !== email || holder.kind !== 'federated' || !opts.oidc)
        return sendJson(
          res,
          403,
          gError(
            403,
            'forbidden',
            "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
          ),
        );
      let json: { scope?: unknown; lifetime?: unknown };
      try {
        json = parseJson(body) as typeof json;
      } catch {
        return sendJson(res, 400, gError(400, 'badRequest', 'Invalid JSON payload received.'));
      }
      if (
        !Array.isArray(json?.scope) ||
        !json.scope.includes('https://www.googleapis.com/auth/cloud-platform')
      )
        return sendJson(res, 400, gError(400, 'badRequest', 'Scope required.'));
      return sendJson(res, 200, {
        accessToken: mint(email, 'access'),
        expireTime: new Date(Date.now() + 3600_000).toISOString(),
      });
    }

    return sendJson(res, 404, gError(404, 'notFound', 'Not Found'));
  });
  base = server.url;

  const reply = (status: number, code: number, reason: string, message: string): FakeReply => ({
    status,
    body: gError(code, reason, message),
  });
  const ok = (body: unknown): FakeReply => ({ status: 200, body });
  const api = await startFake({
    name: 'google',
    openapi: 'google-dns.json',
    auth: (req) => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      return token && tokens.has(token)
        ? undefined
        : reply(401, 401, 'authError', 'Request had invalid authentication credentials.');
    },
    handle: async (req) => {
      const p = req.params;
      if (p.project !== opts.project)
        return reply(403, 403, 'forbidden', `The caller does not have permission (project ${p.project})`);
      if (req.operationId === 'dns.managedZones.list') {
        const dnsName = req.query.get('dnsName');
        const found = zones.filter(
          (z) => !dnsName || z.dnsName === dnsName.toLowerCase().replace(/\.?$/, '.'),
        );
        return ok({
          kind: 'dns#managedZonesListResponse',
          managedZones: found.map((z) => ({
            kind: 'dns#managedZone',
            ...z,
            visibility: 'public',
            nameServers: ['ns-cloud-a1.googledomains.com.'],
          })),
        });
      }
      const zone = zones.find((z) => z.name === p.managedZone);
      const zoneSets = zone ? sets.get(zone.name) : undefined;
      if (!zone || !zoneSets)
        return reply(
          404,
          404,
          'notFound',
          `The 'parameters.managedZone' resource named '${p.managedZone}' does not exist.`,
        );
      if (req.operationId === 'dns.resourceRecordSets.list') {
        const name = req.query.get('name');
        const type = req.query.get('type');
        if (type && !name) return reply(400, 400, 'invalid', 'type requires name');
        const found = zoneSets.filter(
          (s) => (!name || s.name === name.toLowerCase()) && (!type || s.type === type),
        );
        return ok({
          kind: 'dns#resourceRecordSetsListResponse',
          rrsets: found.map((s) => ({ kind: 'dns#resourceRecordSet', ...s })),
        });
      }
      if (req.operationId === 'dns.changes.get') {
        const c = changes.get(p.changeId ?? '');
        if (!c)
          return reply(
            404,
            404,
            'notFound',
            `The 'parameters.changeId' resource named '${p.changeId}' does not exist.`,
          );
        c.polled++;
        return ok({ ...c.body, status: c.polled >= 1 ? 'done' : 'pending' });
      }
      // dns.changes.create: atomic, with the deletions as the precondition
      const hook = fake.beforeNextChange;
      fake.beforeNextChange = undefined;
      hook?.();
      const change = req.body as { additions?: RrSet[]; deletions?: RrSet[] };
      const key = (s: { name: string; type: string }) => `${s.name.toLowerCase()}|${s.type}`;
      const next = new Map(zoneSets.map((s) => [key(s), s]));
      for (const d of change.deletions ?? []) {
        const have = next.get(key(d));
        if (
          !have ||
          have.ttl !== d.ttl ||
          [...have.rrdatas].sort().join('\n') !== [...d.rrdatas].sort().join('\n')
        )
          return reply(
            412,
            412,
            'conditionNotMet',
            `Precondition not met for 'entity.change.deletions[${d.name}][${d.type}]'`,
          );
        next.delete(key(d));
      }
      for (const a of change.additions ?? []) {
        const name = a.name.toLowerCase();
        if (name !== zone.dnsName && !name.endsWith(`.${zone.dnsName}`))
          return reply(400, 400, 'invalid', `Invalid value for 'entity.change.additions[${a.name}].name'`);
        if (a.type === 'TXT' && a.rrdatas.some((r) => !/^".*"$/.test(r)))
          return reply(
            400,
            400,
            'invalid',
            `Invalid value for 'entity.change.additions[${a.name}][TXT].rrdata'`,
          );
        if (a.rrdatas.length === 0) return reply(400, 400, 'invalid', 'rrdatas is empty');
        if (next.has(key(a)))
          return reply(
            409,
            409,
            'alreadyExists',
            `The resource 'entity.change.additions[${a.name}][${a.type}]' named '${a.name} (${a.type})' already exists`,
          );
        next.set(key(a), { name, type: a.type, ttl: a.ttl ?? 300, rrdatas: [...a.rrdatas] });
      }
      await applyAndMirror(zoneSets, [...next.values()], opts.bind);
      const id = String(++changeCounter);
      const stored = {
        kind: 'dns#change',
        id,
        startTime: new Date().toISOString(),
        additions: change.additions ?? [],
        deletions: change.deletions ?? [],
      };
      changes.set(id, { body: stored, polled: 0 });
      return ok({ ...stored, status: 'pending' });
    },
  });

  const fake: FakeGoogle = {
    url: server.url,
    project: opts.project,
    poolAudience,
    serviceAccount: {
      email,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      keyId,
    },
    serviceAccountFile: () => ({
      type: 'service_account',
      project_id: opts.project,
      private_key_id: keyId,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      client_id: '1234567890',
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: `${server.url}/token`,
    }),
    externalAccountFile: (oidcEnv, impersonate) => ({
      type: 'external_account',
      audience: poolAudience,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${server.url}/v1/token`,
      ...(impersonate
        ? {
            service_account_impersonation_url: `${server.url}/v1/projects/-/serviceAccounts/${email}:generateAccessToken`,
          }
        : {}),
      credential_source: {
        url: `${oidcEnv.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(`https:${poolAudience}`)}`,
        headers: { Authorization: `Bearer ${oidcEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` },
        format: { type: 'json', subject_token_field_name: 'value' },
      },
    }),
    authorizedUserFile: () => ({
      type: 'authorized_user',
      client_id: user.clientId,
      client_secret: user.secret,
      refresh_token: user.refresh,
      token_uri: `${server.url}/token`,
    }),
    zones,
    sets,
    requests,
    api,
    close: async () => {
      await server.close();
      await api.close();
    },
  };
  return fake;
}

/** Replaces the zone's sets with `after`, writing each TXT value added or removed through to bind. */
async function applyAndMirror(zoneSets: RrSet[], after: RrSet[], bind: BindWriter) {
  const values = (sets: RrSet[]) =>
    new Set(
      sets
        .filter((s) => s.type === 'TXT')
        .flatMap((s) => s.rrdatas.map((r) => `${s.name}|${r.slice(1, -1)}`)),
    );
  const before = values(zoneSets);
  const now = values(after);
  zoneSets.splice(0, zoneSets.length, ...after);
  for (const v of now) if (!before.has(v)) await bind.add(...split(v));
  for (const v of before) if (!now.has(v)) await bind.remove(...split(v));
}

const split = (v: string): [string, string] => {
  const at = v.indexOf('|');
  return [v.slice(0, at).replace(/\.$/, ''), v.slice(at + 1)];
};
