/**
 * route53 without keys in certflow.yml: the AWS SDK's default credential chain. In GitHub Actions,
 * aws-actions/configure-aws-credentials with OIDC assumes the role itself and exports temporary
 * credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) to the job; certflow
 * must pick them up, session token included, with nothing in its config. The fake Route 53 refuses
 * any request that lacks the exported key or session token.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates } from '../../src/acme/issue.js';
import type { DnsProviderConfig } from '../../src/config/schema.js';
import { MemoryLogger } from '../../src/util/log.js';
import { acmeSettings, dueAll, label, txtOn, verifyChain } from '../support/acme.js';
import { type FakeRoute53, startFakeRoute53 } from '../support/fake-route53.js';
import { loadTestbed, nsupdate } from '../support/testbed.js';

const bed = loadTestbed();
const z = bed.dns.zone;
const sessionToken = `IQoJb3JpZ2luX2VjE${randomBytes(48).toString('base64')}`;
const saved = { ...process.env };
let r53: FakeRoute53;

beforeAll(async () => {
  r53 = await startFakeRoute53({
    zones: [z],
    sessionToken,
    mirror: async (op, name, value) => {
      const r = await nsupdate(bed, [`zone ${z}`, `update ${op} ${name}. 5 TXT "${value}"`]);
      if (r.code !== 0) throw new Error(`mirror to bind failed: ${r.stderr}`);
    },
  });
  // What configure-aws-credentials leaves in the job's environment (the SDK reads this process's).
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  process.env.AWS_ACCESS_KEY_ID = r53.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = r53.secretAccessKey;
  process.env.AWS_SESSION_TOKEN = sessionToken;
  process.env.AWS_REGION = 'us-east-1';
  // No shared config or credentials file of this machine may answer instead.
  process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
});
afterAll(async () => {
  process.env = saved;
  await r53?.close();
});

const config = {
  type: 'route53',
  region: 'us-east-1',
  'insecure-http': false,
  resolvers: [bed.dns.server],
  'propagation-timeout': '10s',
  ttl: 60,
} as unknown as DnsProviderConfig;

describe('route53: the SDK default chain (configure-aws-credentials with OIDC)', () => {
  it('issues apex + wildcard with the temporary credentials of the environment, nothing in the config', async () => {
    const n = `${label('r')}.${z}`;
    const settings = acmeSettings(bed, {
      dns: { r53: { ...config, endpoint: r53.endpoint } as DnsProviderConfig },
      certificates: { c: { domains: [n, `*.${n}`], dns: 'r53' } },
    });
    const log = new MemoryLogger();
    const [r] = await issueCertificates(settings, dueAll(settings), new Map(), log);
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (r?.ok) expect((await verifyChain(bed, r.certificate.fullchainPem)).code).toBe(0);
    expect(r53.requests.some((q) => q.startsWith('POST /2013-04-01/hostedzone/'))).toBe(true);
    expect(await txtOn(bed.dns.server, `_acme-challenge.${n}`)).toEqual([]);
    expect(JSON.stringify(r) + log.lines.join('\n')).not.toContain(sessionToken);
  });

  it('without the session token the same keys are refused', async () => {
    delete process.env.AWS_SESSION_TOKEN;
    try {
      const settings = acmeSettings(bed, {
        dns: { r53: { ...config, endpoint: r53.endpoint } as DnsProviderConfig },
        certificates: { c: { domains: [`${label('r')}.${z}`], dns: 'r53' } },
      });
      const [r] = await issueCertificates(settings, dueAll(settings), new Map(), new MemoryLogger());
      expect(r?.ok).toBe(false);
      if (r && !r.ok) expect(r.error.message).toMatch(/InvalidClientTokenId/);
    } finally {
      process.env.AWS_SESSION_TOKEN = sessionToken;
    }
  });
});
