/**
 * Azure on loopback, as a DNS-01 client with a federated credential meets it:
 * - Microsoft Entra ID's v2.0 token endpoint, `POST /{tenant}/oauth2/v2.0/token`, client
 *   credentials grant: with the app's client secret, or a client assertion that must be a JWT
 *   signed by a trusted issuer whose (iss, sub, aud) match one of the app's federated identity
 *   credentials (the way azure/login's OIDC login is configured); the scope must be this
 *   Resource Manager's `/.default`;
 * - Azure Resource Manager's DNS API (api-version 2018-05-01): Zones_List(ByResourceGroup),
 *   RecordSets_Get / CreateOrUpdate / Delete with ETags (If-Match, If-None-Match: *; 412 when
 *   the set changed), on its own server built on ./server.ts: every call and answer is checked
 *   against test/support/openapi/azure-dns.json, and `api.inject` forces Azure's refusals.
 * TXT changes are written through to the bed's bind (./bind.ts).
 */
import { type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { listen, sendJson } from './http.js';
import { checkJwt } from './jwt.js';
import { type FakeApi, type FakeReply, startFake } from './server.js';

export interface FederatedCredential {
  key: KeyObject;
  iss: string;
  subject: string;
  audience: string;
}

export interface FakeAzureOptions {
  zones: string[];
  federated: FederatedCredential[];
  bind: BindWriter;
}

export interface AzureRecordSet {
  zone: string;
  /** Relative name, `@` for the apex. */
  name: string;
  etag: string;
  ttl: number;
  txt: string[][];
}

export interface FakeAzure {
  /** Entra ID (the token endpoint is `${url}/${tenantId}/oauth2/v2.0/token`). */
  url: string;
  /** Resource Manager (api-url). */
  api: FakeApi;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  resourceGroup: string;
  sets: AzureRecordSet[];
  /** Requests to Entra ID. */
  requests: string[];
  /** Runs once, just before the next PUT or DELETE of a record set (a concurrent writer). */
  beforeNextWrite?: () => void;
  close(): Promise<void>;
}

const armError = (code: string, message: string) => ({ error: { code, message } });

export async function startFakeAzure(opts: FakeAzureOptions): Promise<FakeAzure> {
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const clientSecret = `${randomBytes(3).toString('hex')}~${randomBytes(18).toString('base64url')}`;
  const subscriptionId = randomUUID();
  const resourceGroup = 'dns-rg';
  const tokens = new Set<string>();
  const sets: AzureRecordSet[] = [];
  const requests: string[] = [];
  /** Resource Manager's origin: the scope tokens are asked for (`<origin>/.default`). */
  let armOrigin = '';

  const zoneJson = (zone: string) => ({
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/dnszones/${zone}`,
    name: zone,
    type: 'Microsoft.Network/dnszones',
    location: 'global',
    etag: '00000002-0000-0000-0000-000000000000',
    properties: {
      maxNumberOfRecordSets: 10000,
      numberOfRecordSets: 2,
      nameServers: ['ns1-01.azure-dns.com.'],
      zoneType: 'Public',
    },
  });
  const setJson = (s: AzureRecordSet) => ({
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/dnszones/${s.zone}/TXT/${s.name}`,
    name: s.name,
    type: 'Microsoft.Network/dnszones/TXT',
    etag: s.etag,
    properties: {
      fqdn: `${s.name === '@' ? '' : `${s.name}.`}${s.zone}.`,
      TTL: s.ttl,
      TXTRecords: s.txt.map((value) => ({ value })),
      provisioningState: 'Succeeded',
    },
  });
  const fqdnOf = (s: { zone: string; name: string }) => (s.name === '@' ? s.zone : `${s.name}.${s.zone}`);

  const server = await listen(async (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(`${req.method} ${url.pathname}${url.search}`);

    // ---- Entra ID token endpoint
    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && tokenPath) {
      const form = new URLSearchParams(body);
      const deny = (status: number, error: string, description: string) =>
        sendJson(res, status, {
          error,
          error_description: description,
          error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)],
        });
      if (tokenPath[1] !== tenantId)
        return deny(400, 'invalid_request', `AADSTS90002: Tenant '${tokenPath[1]}' not found.`);
      if (form.get('grant_type') !== 'client_credentials')
        return deny(
          400,
          'unsupported_grant_type',
          'AADSTS70003: The app requested an unsupported grant type.',
        );
      if (form.get('client_id') !== clientId)
        return deny(
          400,
          'unauthorized_client',
          `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`,
        );
      if (form.get('scope') !== `${armOrigin}/.default`)
        return deny(
          400,
          'invalid_scope',
          `AADSTS1002012: The provided value for scope ${form.get('scope')} is not valid.`,
        );
      const assertion = form.get('client_assertion');
      if (form.has('client_secret')) {
        if (form.get('client_secret') !== clientSecret)
          return deny(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
      } else if (assertion) {
        if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
          return deny(400, 'invalid_request', 'AADSTS50027: Invalid client_assertion_type.');
        const reasons: string[] = [];
        const trusted = opts.federated.some((f) => {
          const r = checkJwt(assertion, {
            key: f.key,
            iss: f.iss,
            aud: f.audience,
            claims: { sub: f.subject },
          });
          if (!r.ok) reasons.push(r.why);
          return r.ok;
        });
        if (!trusted)
          return deny(
            400,
            'invalid_client',
            `AADSTS70021: No matching federated identity record found for presented assertion (${reasons.join('; ')}).`,
          );
      } else {
        return deny(
          401,
          'invalid_client',
          "AADSTS7000218: The request body must contain 'client_assertion' or 'client_secret'.",
        );
      }
      const token = randomBytes(32).toString('base64url');
      tokens.add(token);
      return sendJson(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: token,
      });
    }

    return sendJson(res, 404, {
      error: 'not_found',
      error_description: 'AADSTS900561: The endpoint only accepts POST requests.',
    });
  });

  const fail = (status: number, code: string, message: string): FakeReply => ({
    status,
    body: armError(code, message),
  });
  const api = await startFake({
    name: 'azure',
    openapi: 'azure-dns.json',
    auth: (req) => {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      return bearer && tokens.has(bearer)
        ? undefined
        : fail(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    },
    handle: async (req) => {
      const p = req.params;
      if (p.subscriptionId !== subscriptionId)
        return fail(
          404,
          'SubscriptionNotFound',
          `The subscription '${p.subscriptionId}' could not be found.`,
        );
      const op = req.operationId;
      if (op === 'Zones_List' || op === 'Zones_ListByResourceGroup') {
        if (op === 'Zones_ListByResourceGroup' && p.resourceGroupName?.toLowerCase() !== resourceGroup)
          return fail(
            404,
            'ResourceGroupNotFound',
            `Resource group '${p.resourceGroupName}' could not be found.`,
          );
        // One zone per page, so a client must follow nextLink.
        const from = Number(req.query.get('$skiptoken') ?? '0');
        const page = opts.zones.slice(from, from + 1).map(zoneJson);
        const next =
          from + 1 < opts.zones.length
            ? `${api.origin}${req.path}?api-version=2018-05-01&$skiptoken=${from + 1}`
            : undefined;
        return { status: 200, body: next ? { value: page, nextLink: next } : { value: page } };
      }
      const zone = opts.zones.find((z) => z === p.zoneName?.toLowerCase());
      if (!zone || p.resourceGroupName?.toLowerCase() !== resourceGroup)
        return fail(
          404,
          'ParentResourceNotFound',
          `Can not perform requested operation on nested resource. Parent resource '${p.zoneName}' not found.`,
        );
      if (p.recordType !== 'TXT') return fail(400, 'BadRequest', 'only TXT in this fake');
      const name = (p.relativeRecordSetName ?? '').toLowerCase();
      const current = sets.find((s) => s.zone === zone && s.name === name);
      if (op === 'RecordSets_Get') {
        if (!current)
          return fail(
            404,
            'NotFound',
            `The resource record '${name}' does not exist in resource group '${resourceGroup}' of subscription '${subscriptionId}'.`,
          );
        return { status: 200, body: setJson(current), headers: { ETag: current.etag } };
      }
      const hook = fake.beforeNextWrite;
      fake.beforeNextWrite = undefined;
      hook?.();
      const now = sets.findIndex((s) => s.zone === zone && s.name === name);
      const live = now >= 0 ? sets[now] : undefined;
      const ifMatch = req.headers['if-match'];
      const ifNoneMatch = req.headers['if-none-match'];
      if ((ifMatch && ifMatch !== live?.etag) || (ifNoneMatch === '*' && live))
        return fail(
          412,
          'PreconditionFailed',
          'The condition specified using HTTP conditional header(s) is not met.',
        );
      if (op === 'RecordSets_Delete') {
        if (!live) return { status: 204 };
        sets.splice(now, 1);
        for (const v of live.txt) await opts.bind.remove(fqdnOf(live), v.join(''));
        return { status: 200 };
      }
      const props = (req.body as { properties?: { TTL?: number; TXTRecords?: Array<{ value?: string[] }> } })
        .properties;
      const txt = (props?.TXTRecords ?? []).map((r) => r.value ?? []);
      if (txt.length === 0 || txt.some((v) => v.length === 0))
        return fail(400, 'BadRequest', 'The record set must contain at least one TXT record with a value.');
      const next: AzureRecordSet = { zone, name, etag: randomUUID(), ttl: props?.TTL ?? 3600, txt };
      const before = new Set((live?.txt ?? []).map((v) => v.join('')));
      const after = new Set(txt.map((v) => v.join('')));
      if (live) sets.splice(now, 1, next);
      else sets.push(next);
      for (const v of after) if (!before.has(v)) await opts.bind.add(fqdnOf(next), v, next.ttl);
      for (const v of before) if (!after.has(v)) await opts.bind.remove(fqdnOf(next), v);
      return { status: live ? 200 : 201, body: setJson(next), headers: { ETag: next.etag } };
    },
  });

  armOrigin = api.origin;

  const fake: FakeAzure = {
    url: server.url,
    tenantId,
    clientId,
    clientSecret,
    subscriptionId,
    resourceGroup,
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
