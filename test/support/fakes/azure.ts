/**
 * Azure on loopback, as a DNS-01 client with a federated credential meets it:
 * - Microsoft Entra ID's v2.0 token endpoint, `POST /{tenant}/oauth2/v2.0/token`, client
 *   credentials grant: with the app's client secret, or a client assertion that must be a JWT
 *   signed by a trusted issuer whose (iss, sub, aud) match one of the app's federated identity
 *   credentials (the way azure/login's OIDC login is configured); the scope must be this
 *   Resource Manager's `/.default`;
 * - Azure Resource Manager's DNS API (api-version 2018-05-01): Zones_List(ByResourceGroup),
 *   RecordSets_Get / CreateOrUpdate / Delete with ETags (If-Match, If-None-Match: *; 412 when
 *   the set changed). Requests are checked against specs/azure-dns.ts.
 * TXT changes are copied into real DNS through `mirror`.
 */
import { type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { OpenApi } from '../github-openapi.js';
import { listen, type Mirror, parseJson, sendJson } from './http.js';
import { checkJwt } from './jwt.js';
import { azureDnsSpec } from './specs/azure-dns.js';

export interface FederatedCredential {
  key: KeyObject;
  iss: string;
  subject: string;
  audience: string;
}

export interface FakeAzureOptions {
  zones: string[];
  federated: FederatedCredential[];
  mirror?: Mirror;
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
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  resourceGroup: string;
  sets: AzureRecordSet[];
  requests: string[];
  received: string[];
  problems: string[];
  /** Runs once, just before the next PUT or DELETE of a record set (a concurrent writer). */
  beforeNextWrite?: () => void;
  close(): Promise<void>;
}

const armError = (code: string, message: string) => ({ error: { code, message } });

export async function startFakeAzure(opts: FakeAzureOptions): Promise<FakeAzure> {
  const spec = OpenApi.fromDocument(azureDnsSpec);
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const clientSecret = `${randomBytes(3).toString('hex')}~${randomBytes(18).toString('base64url')}`;
  const subscriptionId = randomUUID();
  const resourceGroup = 'dns-rg';
  const tokens = new Set<string>();
  const sets: AzureRecordSet[] = [];
  const requests: string[] = [];
  const received: string[] = [];
  const problems: string[] = [];
  let base = '';

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
    received.push(`${JSON.stringify(req.headers)} ${url.search} ${body}`);

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
      if (form.get('scope') !== `${base}/.default`)
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

    // ---- Resource Manager
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !tokens.has(bearer))
      return sendJson(res, 401, armError('InvalidAuthenticationToken', 'The access token is invalid.'));
    const match = spec.match(req.method ?? 'GET', url.pathname);
    if (!match)
      return sendJson(
        res,
        404,
        armError('InvalidResourceType', `No route for ${req.method} ${url.pathname}`),
      );
    let json: unknown;
    try {
      json = parseJson(body);
    } catch {
      return sendJson(
        res,
        400,
        armError('InvalidRequestContent', 'The request content was invalid and could not be deserialized.'),
      );
    }
    const broken = spec.validateRequest(match, url.searchParams, json, body !== '');
    if (broken.length) {
      problems.push(...broken.map((p) => `${match.operation.operationId}: ${p}`));
      return sendJson(res, 400, armError('BadRequest', broken[0] ?? 'bad request'));
    }
    const p = match.params;
    if (p.subscriptionId !== subscriptionId)
      return sendJson(
        res,
        404,
        armError('SubscriptionNotFound', `The subscription '${p.subscriptionId}' could not be found.`),
      );
    const op = match.operation.operationId;
    if (op === 'Zones_List' || op === 'Zones_ListByResourceGroup') {
      if (op === 'Zones_ListByResourceGroup' && p.resourceGroupName?.toLowerCase() !== resourceGroup)
        return sendJson(
          res,
          404,
          armError('ResourceGroupNotFound', `Resource group '${p.resourceGroupName}' could not be found.`),
        );
      // One zone per page, so a client must follow nextLink.
      const from = Number(url.searchParams.get('$skiptoken') ?? '0');
      const page = opts.zones.slice(from, from + 1).map(zoneJson);
      const next =
        from + 1 < opts.zones.length
          ? `${base}${url.pathname}?api-version=2018-05-01&$skiptoken=${from + 1}`
          : undefined;
      return sendJson(res, 200, next ? { value: page, nextLink: next } : { value: page });
    }
    const zone = opts.zones.find((z) => z === p.zoneName?.toLowerCase());
    if (!zone || p.resourceGroupName?.toLowerCase() !== resourceGroup)
      return sendJson(
        res,
        404,
        armError(
          'ParentResourceNotFound',
          `Can not perform requested operation on nested resource. Parent resource '${p.zoneName}' not found.`,
        ),
      );
    if (p.recordType !== 'TXT') return sendJson(res, 400, armError('BadRequest', 'only TXT in this fake'));
    const name = (p.relativeRecordSetName ?? '').toLowerCase();
    const at = sets.findIndex((s) => s.zone === zone && s.name === name);
    const current = at >= 0 ? sets[at] : undefined;
    if (op === 'RecordSets_Get') {
      if (!current)
        return sendJson(
          res,
          404,
          armError(
            'NotFound',
            `The resource record '${name}' does not exist in resource group '${resourceGroup}' of subscription '${subscriptionId}'.`,
          ),
        );
      return sendJson(res, 200, setJson(current), { ETag: current.etag });
    }
    const hook = fake.beforeNextWrite;
    fake.beforeNextWrite = undefined;
    hook?.();
    const now = sets.findIndex((s) => s.zone === zone && s.name === name);
    const live = now >= 0 ? sets[now] : undefined;
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    if ((ifMatch && ifMatch !== live?.etag) || (ifNoneMatch === '*' && live))
      return sendJson(
        res,
        412,
        armError(
          'PreconditionFailed',
          'The condition specified using HTTP conditional header(s) is not met.',
        ),
      );
    if (op === 'RecordSets_Delete') {
      if (!live) return sendJson(res, 204, undefined);
      sets.splice(now, 1);
      for (const v of live.txt) await opts.mirror?.('delete', fqdnOf(live), v.join(''));
      res.writeHead(200);
      return res.end();
    }
    const props = (json as { properties?: { TTL?: number; TXTRecords?: Array<{ value?: string[] }> } })
      .properties;
    const txt = (props?.TXTRecords ?? []).map((r) => r.value ?? []);
    if (txt.length === 0 || txt.some((v) => v.length === 0))
      return sendJson(
        res,
        400,
        armError('BadRequest', 'The record set must contain at least one TXT record with a value.'),
      );
    const next: AzureRecordSet = { zone, name, etag: randomUUID(), ttl: props?.TTL ?? 3600, txt };
    const before = new Set((live?.txt ?? []).map((v) => v.join('')));
    const after = new Set(txt.map((v) => v.join('')));
    if (live) sets.splice(now, 1, next);
    else sets.push(next);
    for (const v of after) if (!before.has(v)) await opts.mirror?.('add', fqdnOf(next), v);
    for (const v of before) if (!after.has(v)) await opts.mirror?.('delete', fqdnOf(next), v);
    return sendJson(res, live ? 200 : 201, setJson(next), { ETag: next.etag });
  });
  base = server.url;

  const fake: FakeAzure = {
    url: server.url,
    tenantId,
    clientId,
    clientSecret,
    subscriptionId,
    resourceGroup,
    sets,
    requests,
    received,
    problems,
    close: server.close,
  };
  return fake;
}
