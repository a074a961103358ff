/**
 * azure (Azure DNS) against a local Entra ID + Resource Manager (test/support/fakes/azure.ts)
 * that follows the published API and checks every credential: the GitHub OIDC token as a
 * federated client assertion (azure/login's setup), a workload-identity token file, a client
 * secret. The fake copies TXT changes into the bed's bind.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import type { DnsProviderConfig } from '../../src/config/schema.js';
import { createProvider } from '../../src/dns/providers/index.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, dueAll, label, txtOn, verifyChain } from '../support/acme.js';
import { type FakeAzure, startFakeAzure } from '../support/fakes/azure.js';
import { bindWriter } from '../support/fakes/bind.js';
import { type FakeGithubOidc, startFakeGithubOidc } from '../support/fakes/github-oidc.js';
import { loopbackOnlyFetch } from '../support/fakes/http.js';
import { type Issuer, makeIssuer } from '../support/fakes/jwt.js';
import { RawLogger } from '../support/fakes/suite.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;
const dir = mkdtempSync(path.join(tmpdir(), 'certflow-azure-'));
chmodSync(dir, 0o700);
const AUD = 'api://AzureADTokenExchange';

let oidc: FakeGithubOidc;
let aks: Issuer;
let azure: FakeAzure;
let undoGuard: () => void;
beforeAll(async () => {
  undoGuard = loopbackOnlyFetch();
  oidc = await startFakeGithubOidc('repo:acme/certs:environment:production');
  aks = makeIssuer('https://oidc.prod-aks.azure.com/tenant/issuer/');
  azure = await startFakeAzure({
    // Another zone first, so the zone list takes two pages and the longest suffix must win.
    zones: ['test', z],
    bind: bindWriter(bed),
    federated: [
      { key: oidc.issuer.publicKey, iss: oidc.issuer.iss, subject: oidc.subject, audience: AUD },
      { key: aks.publicKey, iss: aks.iss, subject: 'system:serviceaccount:certflow:renewer', audience: AUD },
    ],
  });
});
afterAll(async () => {
  undoGuard?.();
  await azure?.close();
  await oidc?.close();
});

/** What azure/login's inputs become for certflow: ids in the job's environment, no secret. */
const idEnv = () => ({
  AZURE_TENANT_ID: azure.tenantId,
  AZURE_CLIENT_ID: azure.clientId,
  AZURE_SUBSCRIPTION_ID: azure.subscriptionId,
});

const config = (extra: Record<string, unknown> = {}) =>
  ({
    type: 'azure',
    'api-url': azure.api.origin,
    'token-url': `${azure.url}/${azure.tenantId}/oauth2/v2.0/token`,
    'insecure-http': false,
    resolvers: [bed.dns.server],
    'propagation-timeout': '10s',
    ttl: 60,
    ...extra,
  }) as DnsProviderConfig;

function provider(
  env: Record<string, string>,
  extra: { 'client-secret'?: string; 'resource-group'?: string } = {},
  log = new MemoryLogger(),
) {
  return createProvider('az', config(extra), { log, workspace: process.cwd(), env });
}

/** One Pebble order through the provider, with `env` as the job's environment. */
async function issue(domains: string[], env: Record<string, string>, log = new MemoryLogger()) {
  const settings = {
    ...acmeSettings(bed, { dns: { az: config() }, certificates: { c: { domains, dns: 'az' } } }),
    hooks: { env },
  };
  const [r] = await issueCertificates(settings, dueAll(settings), new Map(), log);
  return r;
}

const valuesAt = (fqdn: string) =>
  azure.sets
    .find((s) => `${s.name === '@' ? '' : `${s.name}.`}${s.zone}` === fqdn)
    ?.txt.map((v) => v.join('')) ?? [];

async function twoValuesOneName(p: ReturnType<typeof provider>, fqdn = `_acme-challenge.${label()}.${z}`) {
  const a = { fqdn, value: 'value-a', ttl: 60 };
  const b = { fqdn, value: 'value-b', ttl: 60 };
  await Promise.all([p.present(a), p.present(b)]);
  expect(valuesAt(fqdn).sort()).toEqual(['value-a', 'value-b']);
  expect((await txtOn(bed.dns.server, fqdn)).sort()).toEqual(['"value-a"', '"value-b"']);
  await p.cleanup(a);
  expect(valuesAt(fqdn)).toEqual(['value-b']);
  await p.cleanup(b);
  expect(azure.sets.some((s) => s.name === fqdn.slice(0, -z.length - 1))).toBe(false); // DELETEd, not left empty
  await p.cleanup(b);
  expect(await txtOn(bed.dns.server, fqdn)).toEqual([]);
}

describe('azure: credentials', () => {
  it("the GitHub OIDC token as a federated credential (azure/login's app registration)", async () => {
    const [tokens, calls] = [azure.requests.length, azure.api.calls.length];
    await twoValuesOneName(provider({ ...idEnv(), ...oidc.env }));
    expect(azure.requests.slice(tokens).filter((r) => r.endsWith('/oauth2/v2.0/token'))).toHaveLength(1);
    // followed nextLink
    expect(azure.api.calls.slice(calls).filter((c) => c.url.includes('$skiptoken=1'))).toHaveLength(1);
    expect(oidc.audiences.at(-1)).toBe(AUD);
    expect(azure.api.violations).toEqual([]);
  });

  it('a workload-identity token file (AZURE_FEDERATED_TOKEN_FILE), read at each sign-in', async () => {
    const file = path.join(dir, 'azure-identity-token');
    writeFileSync(file, aks.mint({ sub: 'system:serviceaccount:certflow:renewer', aud: AUD }), {
      mode: 0o600,
    });
    await twoValuesOneName(
      provider({ ...idEnv(), AZURE_FEDERATED_TOKEN_FILE: file }, { 'resource-group': azure.resourceGroup }),
    );
  });

  it('a client secret', async () => {
    await twoValuesOneName(provider(idEnv(), { 'client-secret': azure.clientSecret }));
  });

  it('refusals name the step and what to fix, and never show a credential', async () => {
    const log = new MemoryLogger();
    const record = { fqdn: `_acme-challenge.x.${z}`, value: 'v', ttl: 60 };
    // A fork's workflow (another subject) gets no token.
    const fork = await startFakeGithubOidc('repo:mallory/certs:pull_request');
    try {
      const forged = { ...fork.env };
      const e = (await provider({ ...idEnv(), ...forged }, {}, log)
        .present(record)
        .catch((x) => x)) as Error & { hint?: string };
      expect(e.message).toMatch(
        /^azure \(dns\.az\): signing in to Entra ID as app .* \(github-oidc\) .*HTTP 400: invalid_client: AADSTS70021/,
      );
      expect(e.hint).toMatch(/federated credential whose issuer, subject/);
      expect(`${e.message}${e.hint}${log.lines.join('')}`).not.toContain(
        fork.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      );
      expect(e.message).not.toMatch(/eyJ/);
    } finally {
      await fork.close();
    }
    const wrong = 'not-the-secret-0123456789abcdef';
    const e2 = (await provider(idEnv(), { 'client-secret': wrong }, log)
      .present(record)
      .catch((x) => x)) as Error & { hint?: string };
    expect(e2.message).toMatch(/HTTP 401: invalid_client: AADSTS7000215/);
    expect(e2.hint).toMatch(/client secret has not expired/);
    expect(`${e2.message}${log.lines.join('')}`).not.toContain(wrong);
    const none = (await provider(idEnv())
      .present(record)
      .catch((x) => x)) as Error & { hint?: string };
    expect(none.message).toMatch(/no Azure credential/);
    expect(none.hint).toMatch(/id-token: write/);
    const noTenant = (await provider({ ...oidc.env, AZURE_SUBSCRIPTION_ID: azure.subscriptionId })
      .present(record)
      .catch((x) => x)) as Error;
    expect(noTenant.message).toMatch(/tenant-id is not set and AZURE_TENANT_ID is empty/);
  });
});

describe('azure: record sets', () => {
  it('keeps a value another writer adds between our read and our write (ETag, 412, read again)', async () => {
    const p = provider({ ...idEnv(), ...oidc.env });
    const n = label();
    const fqdn = `_acme-challenge.${n}.${z}`;
    await p.present({ fqdn, value: 'first', ttl: 60 });
    azure.beforeNextWrite = () => {
      const s = azure.sets.find((x) => x.name === `_acme-challenge.${n}`);
      if (s) {
        s.txt.push(['someone-else']);
        s.etag = 'changed-by-someone-else';
      }
    };
    const before = azure.api.calls.length;
    await p.present({ fqdn, value: 'ours', ttl: 60 });
    expect(
      azure.api.calls
        .slice(before)
        .filter((c) => c.method === 'PUT')
        .map((c) => c.status),
    ).toEqual([412, 200]);
    expect(valuesAt(fqdn).sort()).toEqual(['first', 'ours', 'someone-else']);
    await p.cleanup({ fqdn, value: 'ours', ttl: 60 });
    await p.cleanup({ fqdn, value: 'first', ttl: 60 });
    expect(valuesAt(fqdn)).toEqual(['someone-else']);
    azure.sets.splice(
      azure.sets.findIndex((x) => x.name === `_acme-challenge.${n}`),
      1,
    );
  });

  it('says so when no zone contains the name', async () => {
    const e = (await provider({ ...idEnv(), ...oidc.env })
      .present({ fqdn: '_acme-challenge.x.elsewhere.example', value: 'v', ttl: 60 })
      .catch((x) => x)) as Error;
    expect(e.message).toMatch(
      /no public DNS zone in the subscription contains _acme-challenge\.x\.elsewhere\.example/,
    );
  });
});

describe('azure: Pebble orders, GitHub OIDC federated credential', () => {
  const env = () => ({ ...idEnv(), ...oidc.env });
  const leftovers = async (n: string) => {
    expect(valuesAt(`_acme-challenge.${n}`)).toEqual([]);
    expect(await txtOn(bed.dns.server, `_acme-challenge.${n}`)).toEqual([]);
  };
  /** No credential in any log line (unmasked) or in the result: no token, no JWT. */
  const clean = (log: RawLogger, result: unknown) => {
    const text = `${log.raw.join('\n')}\n${JSON.stringify(result)}`;
    expect(text).not.toMatch(/eyJ/);
    expect(text).not.toContain(oidc.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    for (const s of log.secrets) expect(text).not.toContain(s);
  };

  it('issues a certificate for one name, then nothing is left', async () => {
    const n = `${label('a')}.${z}`;
    const log = new RawLogger();
    const r = await issue([n], env(), log);
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    await leftovers(n);
    clean(log, r);
  });

  it('issues apex + wildcard (two values on one name), then nothing is left', async () => {
    const n = `${label('a')}.${z}`;
    const r = await issue([n, `*.${n}`], env());
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    await leftovers(n);
    expect(azure.api.violations).toEqual([]);
  });

  it('removes the value it wrote when the order fails (the second write is refused)', async () => {
    const n = `${label('a')}.${z}`;
    const log = new RawLogger();
    const before = azure.api.calls.length;
    azure.api.inject(
      { method: 'PUT' },
      {
        status: 409,
        body: { error: { code: 'Conflict', message: 'The maximum number of record sets has been reached.' } },
      },
      { skip: 1 },
    );
    const r = await issue([n, `*.${n}`], env(), log);
    azure.api.clearInjected();
    expect(r?.ok).toBe(false);
    if (r && !r.ok)
      expect(r.error.message).toMatch(
        /^azure \(dns\.az\): PUT .* answered HTTP 409: Conflict: The maximum number/,
      );
    const writes = azure.api.calls.slice(before).filter((c) => c.method !== 'GET');
    expect(writes.map((c) => `${c.method} ${c.status}`)).toEqual(['PUT 201', 'PUT 409', 'DELETE 200']);
    await leftovers(n);
    clean(log, r);
  });
});
