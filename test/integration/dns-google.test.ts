/**
 * google (Cloud DNS) against a local Google (test/support/fakes/google.ts) that follows the
 * published API and checks every credential it receives: the workload identity federation of
 * google-github-actions/auth (a GitHub OIDC token from a fake runner token service, exchanged at
 * a fake STS, optionally for a service account), a service-account key, and gcloud's user file.
 * The fake copies TXT changes into the bed's bind, so the CA and our propagation check see them.
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
import { bindWriter } from '../support/fakes/bind.js';
import { type FakeGithubOidc, startFakeGithubOidc } from '../support/fakes/github-oidc.js';
import { type FakeGoogle, startFakeGoogle } from '../support/fakes/google.js';
import { loopbackOnlyFetch } from '../support/fakes/http.js';
import { RawLogger } from '../support/fakes/suite.js';
import { loadTestbed } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;
const dir = mkdtempSync(path.join(tmpdir(), 'certflow-google-'));
chmodSync(dir, 0o700);

let oidc: FakeGithubOidc;
let google: FakeGoogle;
let undoGuard: () => void;
beforeAll(async () => {
  undoGuard = loopbackOnlyFetch();
  oidc = await startFakeGithubOidc();
  google = await startFakeGoogle({
    project: 'certflow-test',
    zones: [z],
    bind: bindWriter(bed),
    oidc: { key: oidc.issuer.publicKey, iss: oidc.issuer.iss, subject: oidc.subject },
  });
});
afterAll(async () => {
  undoGuard?.();
  await google?.close();
  await oidc?.close();
});

function adcFile(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(content), { mode: 0o600 });
  return file;
}

/** The job environment google-github-actions/auth leaves behind (plus the runner's OIDC variables). */
function wifEnv(impersonate: boolean) {
  return {
    ...oidc.env,
    GOOGLE_APPLICATION_CREDENTIALS: adcFile(
      `wif-${impersonate}.json`,
      google.externalAccountFile(oidc.env, impersonate),
    ),
    GOOGLE_CLOUD_PROJECT: google.project,
  };
}

const config = (extra: Record<string, unknown> = {}) =>
  ({
    type: 'google',
    'api-url': google.api.origin,
    'insecure-http': false,
    resolvers: [bed.dns.server],
    'propagation-timeout': '10s',
    ttl: 60,
    ...extra,
  }) as DnsProviderConfig;

function provider(env: Record<string, string>, log = new MemoryLogger(), extra: { project?: string } = {}) {
  return createProvider('gcp', config(extra), { log, workspace: process.cwd(), env });
}

/** One Pebble order through the provider, with `env` as the job's environment. */
async function issue(domains: string[], env: Record<string, string>, log = new MemoryLogger()) {
  const settings = {
    ...acmeSettings(bed, { dns: { gcp: config() }, certificates: { c: { domains, dns: 'gcp' } } }),
    hooks: { env },
  };
  const [r] = await issueCertificates(settings, dueAll(settings), new Map(), log);
  return r;
}

const valuesAt = (fqdn: string) =>
  [...google.sets.values()].flat().find((s) => s.name === `${fqdn}.` && s.type === 'TXT')?.rrdatas ?? [];

async function twoValuesOneName(p: ReturnType<typeof provider>) {
  const fqdn = `_acme-challenge.${label()}.${z}`;
  const a = { fqdn, value: 'value-a', ttl: 60 };
  const b = { fqdn, value: 'value-b', ttl: 60 };
  await Promise.all([p.present(a), p.present(b)]);
  expect(valuesAt(fqdn).sort()).toEqual(['"value-a"', '"value-b"']);
  expect((await txtOn(bed.dns.server, fqdn)).sort()).toEqual(['"value-a"', '"value-b"']);
  await p.cleanup(a);
  expect(valuesAt(fqdn)).toEqual(['"value-b"']);
  await p.cleanup(b);
  expect(valuesAt(fqdn)).toEqual([]);
  await p.cleanup(b); // twice is harmless
  expect(await txtOn(bed.dns.server, fqdn)).toEqual([]);
  return fqdn;
}

describe('google: credentials', () => {
  it('workload identity federation with service-account impersonation (google-github-actions/auth)', async () => {
    const before = google.requests.length;
    await twoValuesOneName(provider(wifEnv(true)));
    const mine = google.requests.slice(before);
    expect(mine.filter((r) => r === 'POST /v1/token')).toHaveLength(1); // one token for all calls
    expect(mine.some((r) => r.endsWith(':generateAccessToken'))).toBe(true);
    expect(oidc.audiences.at(-1)).toBe(`https:${google.poolAudience}`);
    expect(google.api.violations).toEqual([]);
  });

  it('direct workload identity federation (no service account)', async () => {
    const before = google.requests.length;
    await twoValuesOneName(provider(wifEnv(false)));
    expect(google.requests.slice(before).some((r) => r.endsWith(':generateAccessToken'))).toBe(false);
  });

  it('a service-account key file, its project taken from the file', async () => {
    const env = { GOOGLE_APPLICATION_CREDENTIALS: adcFile('sa.json', google.serviceAccountFile()) };
    await twoValuesOneName(provider(env));
  });

  it("gcloud's application-default file in the well-known place", async () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const gcloud = path.join(home, '.config', 'gcloud');
    await import('node:fs').then((fs) => fs.mkdirSync(gcloud, { recursive: true }));
    writeFileSync(
      path.join(gcloud, 'application_default_credentials.json'),
      JSON.stringify(google.authorizedUserFile()),
    );
    await twoValuesOneName(provider({ HOME: home }, new MemoryLogger(), { project: google.project }));
  });

  it('refusals name the step and what to fix, and never show a credential', async () => {
    const log = new MemoryLogger();
    const record = { fqdn: `_acme-challenge.x.${z}`, value: 'v', ttl: 60 };
    // The pool trusts another repository: STS refuses this job's token.
    const other = await startFakeGithubOidc('repo:mallory/fork:ref:refs/heads/main');
    try {
      const env = {
        ...other.env,
        GOOGLE_APPLICATION_CREDENTIALS: adcFile(
          'wif-other.json',
          google.externalAccountFile(other.env, true),
        ),
        GOOGLE_CLOUD_PROJECT: google.project,
      };
      const error = (await provider(env, log)
        .present(record)
        .catch((e) => e)) as Error & { hint?: string };
      expect(error.message).toMatch(
        /^google \(dns\.gcp\): exchanging the subject token at Google STS .*HTTP 400: invalid_grant/,
      );
      expect(error.hint).toMatch(/attribute condition/);
      const text = `${error.message} ${error.hint} ${log.lines.join('\n')}`;
      expect(text).not.toContain(other.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
      for (const secret of log.lines) expect(secret).not.toMatch(/eyJ/);
    } finally {
      await other.close();
    }
    const noCreds = (await provider({ HOME: dir })
      .present(record)
      .catch((e) => e)) as Error & { hint?: string };
    expect(noCreds.message).toMatch(/no Google credentials/);
    expect(noCreds.hint).toMatch(/google-github-actions\/auth/);
    // A key file of another account: the fake's signature check fails.
    const forged = {
      ...google.serviceAccountFile(),
      client_email: 'intruder@elsewhere.iam.gserviceaccount.com',
    };
    const bad = (await provider({ GOOGLE_APPLICATION_CREDENTIALS: adcFile('forged.json', forged) }, log)
      .present(record)
      .catch((e) => e)) as Error;
    expect(bad.message).toMatch(/signing in as intruder@.*HTTP 400: invalid_grant/);
    expect(bad.message).not.toContain(google.serviceAccount.privateKeyPem.split('\n')[1]);
    // An http:// token endpoint off loopback in a credentials file is refused before anything is sent.
    const cleartext = { ...google.serviceAccountFile(), token_uri: 'http://oauth.example.org/token' };
    const refused = (await provider({ GOOGLE_APPLICATION_CREDENTIALS: adcFile('clear.json', cleartext) })
      .present(record)
      .catch((e) => e)) as Error;
    expect(refused.message).toMatch(
      /token_uri: "http:\/\/oauth\.example\.org\/token" is not an https:\/\/ URL/,
    );
  });
});

describe('google: record sets', () => {
  it('keeps values another writer adds between our read and our write (409/412, read again)', async () => {
    const p = provider(wifEnv(true));
    const fqdn = `_acme-challenge.${label()}.${z}`;
    const zone = google.zones[0]?.name as string;
    const set = () => google.sets.get(zone)?.find((s) => s.name === `${fqdn}.`);
    const creates = (from: number) =>
      google.api.calls
        .slice(from)
        .filter((c) => c.operationId === 'dns.changes.create')
        .map((c) => c.status);
    // The set did not exist when we read it; someone creates it first: our addition conflicts.
    google.beforeNextChange = () => {
      google.sets.get(zone)?.push({ name: `${fqdn}.`, type: 'TXT', ttl: 300, rrdatas: ['"stranger-1"'] });
    };
    let before = google.api.calls.length;
    await p.present({ fqdn, value: 'ours', ttl: 60 });
    expect(creates(before)).toEqual([409, 200]);
    // The set changes between our read and our write: the deletions we name no longer match.
    google.beforeNextChange = () => {
      set()?.rrdatas.push('"stranger-2"');
    };
    before = google.api.calls.length;
    await p.present({ fqdn, value: 'ours-too', ttl: 60 });
    expect(creates(before)).toEqual([412, 200]);
    expect(valuesAt(fqdn).sort()).toEqual(['"ours"', '"ours-too"', '"stranger-1"', '"stranger-2"']);
    await p.cleanup({ fqdn, value: 'ours', ttl: 60 });
    await p.cleanup({ fqdn, value: 'ours-too', ttl: 60 });
    expect(valuesAt(fqdn).sort()).toEqual(['"stranger-1"', '"stranger-2"']);
    const sets = google.sets.get(zone) as Array<{ name: string }>;
    sets.splice(
      sets.findIndex((s) => s.name === `${fqdn}.`),
      1,
    );
  });

  it('says so when no managed zone contains the name', async () => {
    const error = (await provider(wifEnv(true))
      .present({ fqdn: '_acme-challenge.x.elsewhere.test', value: 'v', ttl: 60 })
      .catch((e) => e)) as Error & { hint?: string };
    expect(error.message).toMatch(
      /no public managed zone of project certflow-test contains _acme-challenge\.x\.elsewhere\.test/,
    );
    expect(error.hint).toMatch(/managed-zone/);
  });
});

describe('google: Pebble orders, workload identity federation', () => {
  const leftovers = async (n: string) => {
    expect(valuesAt(`_acme-challenge.${n}`)).toEqual([]);
    expect(await txtOn(bed.dns.server, `_acme-challenge.${n}`)).toEqual([]);
  };
  /** No credential in any log line (unmasked) or in the result: no token, no JWT, no key. */
  const clean = (log: RawLogger, result: unknown, env: Record<string, string>) => {
    const text = `${log.raw.join('\n')}\n${JSON.stringify(result)}`;
    expect(text).not.toMatch(/ya29\.|eyJ/);
    expect(text).not.toContain(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  };

  it('issues a certificate for one name, then nothing is left', async () => {
    const n = `${label('g')}.${z}`;
    const env = wifEnv(true);
    const log = new RawLogger();
    const r = await issue([n], env, log);
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    await leftovers(n);
    clean(log, r, env);
  });

  it('issues apex + wildcard (two values on one name), then nothing is left', async () => {
    const n = `${label('g')}.${z}`;
    const r = await issue([n, `*.${n}`], wifEnv(false));
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    await leftovers(n);
    expect(google.api.violations).toEqual([]);
  });

  it('removes the value it wrote when the order fails (the second write is refused)', async () => {
    const n = `${label('g')}.${z}`;
    const env = wifEnv(true);
    const log = new RawLogger();
    const before = google.api.calls.length;
    google.api.inject(
      { method: 'POST', path: /\/changes$/ },
      {
        status: 403,
        body: {
          error: {
            code: 403,
            message: 'Forbidden: quota exceeded',
            errors: [{ domain: 'global', reason: 'quotaExceeded', message: 'quota' }],
          },
        },
      },
      { skip: 1 },
    );
    const r = await issue([n, `*.${n}`], env, log);
    google.api.clearInjected();
    expect(r?.ok).toBe(false);
    if (r && !r.ok)
      expect(r.error.message).toMatch(
        /^google \(dns\.gcp\): POST .*\/changes answered HTTP 403: Forbidden: quota exceeded/,
      );
    const creates = google.api.calls.slice(before).filter((c) => c.operationId === 'dns.changes.create');
    expect(creates.map((c) => c.status)).toEqual([200, 403, 200]); // add, refused add, the cleanup
    await leftovers(n);
    clean(log, r, env);
  });
});
