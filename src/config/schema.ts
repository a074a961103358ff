/**
 * The one schema of `certflow.yml`. It validates the file, fills defaults, types the settings and
 * generates `schema/certflow.schema.json`. Field names are public interface: renaming one breaks
 * users' files.
 *
 * The schema is built twice from the same description:
 * - `file` (exported as `configSchema`): the file as written. Secret fields accept only an
 *   environment reference `${NAME}`; fields with a format (URL, email, host:port...) accept the
 *   format or a reference, since a reference cannot be checked before it is resolved.
 * - `resolved` (`resolvedConfigSchema`): the same data after every `${NAME}` was replaced, checked
 *   again so a variable holding a bad URL is reported against the field that named it.
 */
import { z } from 'zod';

/** `${NAME}`: a value taken from the environment when the file is loaded (the whole value). */
export const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** Message of the reference branch of `orRef`; the error formatter drops that branch by it. */
export const ENV_REF_MESSAGE = 'an environment reference like $' + '{NAME}';

export const DIRECTORY_NAMES = {
  letsencrypt: 'https://acme-v02.api.letsencrypt.org/directory',
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
  zerossl: 'https://acme.zerossl.com/v2/DV90',
  google: 'https://dv.acme-v02.api.pki.goog/directory',
  'google-staging': 'https://dv.acme-v02.test-api.pki.goog/directory',
  buypass: 'https://api.buypass.com/acme/directory',
  'buypass-staging': 'https://api.test4.buypass.no/acme/directory',
} as const;

/** A share of lifetime ("33%") or a number of days ("30d"). */
export const LIFETIME_POINT = /^(\d+(?:\.\d+)?)(%|d)$/;

/** A duration: "90s", "5m", "2h", "1d"; a bare number is seconds. */
export const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

export const KEY_TYPES = ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;
export const DNS_TYPES = ['rfc2136', 'powerdns', 'cloudflare', 'route53', 'exec'] as const;

/** Names of certificates, providers and targets: lower-case slugs (they become folder names). */
export const NAME = /^[a-z0-9][a-z0-9._-]*$/;

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(:\d{1,5})?$/;

type Mode = 'file' | 'resolved';

function build(mode: Mode) {
  const envRef = z.string().regex(ENV_REF, { message: ENV_REF_MESSAGE });

  /** In the file, a formatted field may also be a reference; once resolved it must be the format. */
  const orRef = <T extends z.ZodType>(schema: T) => (mode === 'file' ? z.union([schema, envRef]) : schema);

  /** A secret: only an environment reference is accepted, so secrets never sit in the repository. */
  const secret = (what: string) =>
    mode === 'file'
      ? z
          .string()
          .regex(ENV_REF, {
            message: `this field is secret: write an environment reference like \${NAME} and map the secret to that variable in the workflow`,
          })
          .describe(`${what} (secret): an environment reference like \${NAME}`)
      : z.string().min(1, { message: `${what}: the environment variable is empty` });

  const directory = orRef(
    z
      .string()
      .refine((v) => v in DIRECTORY_NAMES || /^https:\/\/[^\s]+$/.test(v), {
        message: `expected one of ${Object.keys(DIRECTORY_NAMES).join(', ')}, or an https:// URL`,
      })
      .describe(`ACME directory: ${Object.keys(DIRECTORY_NAMES).join(', ')}, or an https:// URL`)
      .meta({ examples: [...Object.keys(DIRECTORY_NAMES), 'https://acme.example.com/directory'] }),
  );

  const lifetimePoint = (what: string) =>
    z
      .string()
      .regex(LIFETIME_POINT, {
        message: 'expected a share of lifetime like "33%" or days like "30d"',
      })
      .refine((v) => !v.endsWith('%') || (Number.parseFloat(v) > 0 && Number.parseFloat(v) < 100), {
        message: 'a share of lifetime must be between 0% and 100% (exclusive)',
      })
      .describe(`${what}: a share of lifetime ("33%") or days ("30d") before expiry`);

  const duration = (what: string) =>
    z
      .union([
        z.number().nonnegative(),
        z.string().regex(DURATION, { message: 'expected a duration like "90s", "5m" or "2h"' }),
      ])
      .describe(`${what}: seconds, or a duration like "90s", "5m", "2h"`);

  /** "host" or "host:port" ("[::1]:2222" for IPv6). */
  const hostPort = orRef(z.string().regex(HOST_PORT, { message: 'expected "host" or "host:port"' }));
  const url = orRef(z.url({ message: 'expected a URL like https://host/path' }));

  const common = {
    resolvers: z
      .array(hostPort)
      .optional()
      .describe("where to check propagation, host:port (default: the zone's authoritative servers)"),
    zones: z
      .array(z.string())
      .optional()
      .describe('zones this provider serves; used to pick the provider for a CNAME-delegated challenge'),
    'propagation-timeout': duration('propagation-timeout')
      .default('120s')
      .describe('how long to wait for the record to be visible'),
    ttl: z.number().int().positive().default(60).describe('TTL of the challenge record, seconds'),
  };

  const rfc2136 = z.strictObject({
    type: z.literal('rfc2136'),
    server: hostPort.describe('primary server taking DNS UPDATE, host:port'),
    'tsig-name': z.string().min(1).describe('TSIG key name'),
    'tsig-algorithm': z.enum(['hmac-sha256', 'hmac-sha384', 'hmac-sha512']).default('hmac-sha256'),
    'tsig-secret': secret('tsig-secret'),
    ...common,
  });

  const powerdns = z.strictObject({
    type: z.literal('powerdns'),
    'api-url': url.describe('PowerDNS API root, e.g. http://pdns:8081'),
    'api-key': secret('api-key'),
    'server-id': z.string().default('localhost'),
    ...common,
  });

  const cloudflare = z.strictObject({
    type: z.literal('cloudflare'),
    'api-token': secret('api-token'),
    'zone-id': z.string().optional().describe('zone id (default: looked up by name)'),
    'api-url': url.default('https://api.cloudflare.com/client/v4'),
    ...common,
  });

  const route53 = z.strictObject({
    type: z.literal('route53'),
    'access-key-id': secret('access-key-id').optional(),
    'secret-access-key': secret('secret-access-key').optional(),
    'session-token': secret('session-token').optional(),
    region: z.string().default('us-east-1'),
    'hosted-zone-id': z.string().optional().describe('hosted zone id (default: looked up by name)'),
    endpoint: url.optional().describe('API endpoint override (tests, partitions)'),
    ...common,
  });

  const execDns = z.strictObject({
    type: z.literal('exec'),
    command: z
      .string()
      .min(1)
      .describe('run as `<command> present|cleanup <record name> <value>`; exit 0 on success'),
    timeout: duration('timeout').default('60s'),
    ...common,
  });

  const dnsProvider = z.discriminatedUnion('type', [rfc2136, powerdns, cloudflare, route53, execDns]);

  const certificate = z.strictObject({
    domains: z
      .array(z.string().min(1))
      .min(1, { message: 'a certificate needs at least one domain' })
      .describe('names on the certificate; the first is the subject. IDNs are converted, "*." only leftmost'),
    key: z.enum(KEY_TYPES).default('ecdsa-p256'),
    dns: z.string().describe('name of an entry under dns'),
    targets: z.array(z.string()).default([]).describe('names of entries under targets'),
    profile: z.string().optional().describe('ACME profile for this certificate (default: acme.profile)'),
    'challenge-alias': z
      .string()
      .optional()
      .describe('zone that _acme-challenge names are delegated to by CNAME (when not discoverable)'),
  });

  const mode_ = (what: string) =>
    z
      .string()
      .regex(/^0?[0-7]{3}$/, { message: 'expected an octal mode like "0600"' })
      .describe(`${what}: octal file mode`);

  const files = z.strictObject({
    dir: z.string().min(1).describe('target folder; {certificate} is replaced by the certificate name'),
    fullchain: z.string().default('fullchain.pem'),
    key: z.string().default('privkey.pem'),
    cert: z.string().optional().describe('leaf certificate alone, when the server wants it apart'),
    chain: z.string().optional().describe('intermediates alone'),
    'key-mode': mode_('key-mode').default('0600'),
    'cert-mode': mode_('cert-mode').default('0644'),
    owner: z
      .string()
      .regex(/^[^:\s]+(:[^:\s]+)?$/, { message: 'expected "user" or "user:group"' })
      .optional(),
  });

  const sshTarget = z.strictObject({
    type: z.literal('ssh').default('ssh'),
    hosts: z.array(hostPort).min(1, { message: 'a target needs at least one host' }),
    user: z.string().default('root'),
    'private-key': secret('private-key'),
    passphrase: secret('passphrase').optional(),
    'known-hosts': z
      .string()
      .min(1)
      .describe('OpenSSH known_hosts text, usually $' + '{SSH_KNOWN_HOSTS}'),
    files,
    validate: z.string().optional().describe('command that checks the server config, e.g. "nginx -t"'),
    reload: z.string().optional().describe('command that makes the server load the new files'),
    verify: z
      .strictObject({
        enabled: z.boolean().default(true),
        port: z.number().int().min(1).max(65535).default(443),
        servername: z.string().optional().describe("SNI name (default: the certificate's first name)"),
        address: z.string().optional().describe('address to connect to (default: the SSH host)'),
      })
      .default({ enabled: true, port: 443 }),
    rollout: z.enum(['canary', 'parallel', 'serial']).default('canary'),
    'connect-timeout': duration('connect-timeout').default('15s'),
    'command-timeout': duration('command-timeout').default('60s'),
  });

  const execTarget = z.strictObject({
    type: z.literal('exec'),
    command: z.string().min(1).describe('run with certbot-compatible RENEWED_LINEAGE and RENEWED_DOMAINS'),
    timeout: duration('timeout').default('5m'),
    'needs-key': z.boolean().default(true).describe('decrypt the private key into the hook folder'),
  });

  // Discriminated on `type` (ssh is the default), so an error speaks about the kind the user meant.
  const target = z.discriminatedUnion('type', [sshTarget, execTarget]);

  const slug = (what: string) =>
    z.string().regex(NAME, { message: `${what} names are lower-case slugs (a-z, 0-9, ".", "_", "-")` });

  const config = z.strictObject({
    $schema: z.string().optional().describe('JSON Schema for editors; ignored by certflow'),
    version: z.literal(1, { message: 'expected version: 1' }),
    acme: z.strictObject({
      directory: directory.default('letsencrypt'),
      'dry-run-directory': directory
        .optional()
        .describe('directory for dry runs (default: the CA staging one)'),
      email: orRef(z.email({ message: 'expected an email address' })).optional(),
      'account-key': secret('account-key'),
      profile: z.string().optional().describe('ACME profile (draft-ietf-acme-profiles), e.g. tlsserver'),
      'external-account-binding': z
        .strictObject({ 'key-id': z.string().min(1), 'hmac-key': secret('hmac-key') })
        .optional()
        .describe('external account binding (ZeroSSL, Google)'),
      trust: z
        .array(z.string())
        .optional()
        .describe("extra trust anchors (PEM files, relative to the workspace) for the ACME server's HTTPS"),
    }),
    renewal: z
      .strictObject({
        ari: z.boolean().default(true).describe('follow the CA renewal window (RFC 9773) when stored'),
        'renew-before': lifetimePoint('renew-before')
          .default('33%')
          .describe('fallback: renew when this share of lifetime ("33%") or these days ("30d") are left'),
        emergency: lifetimePoint('emergency')
          .default('5%')
          .describe('renew whatever ARI says when this share of lifetime or these days are left'),
      })
      .default({ ari: true, 'renew-before': '33%', emergency: '5%' }),
    store: z.strictObject({
      path: z.string().default('certificates').describe('folder of the bundles, relative to the workspace'),
      recipients: z
        .array(
          orRef(z.string().regex(/^age1[0-9a-z]{50,}$/, { message: 'expected an age recipient (age1...)' })),
        )
        .min(1, { message: 'at least one recipient is needed to encrypt private keys' }),
    }),
    dns: z.record(slug('dns provider'), dnsProvider),
    certificates: z.record(slug('certificate'), certificate),
    targets: z.record(slug('target'), target).default({}),
  });

  return { config, dnsProvider, target, certificate, sshTarget, execTarget };
}

const fileSchemas = build('file');
const resolvedSchemas = build('resolved');

/** The file as written (references unresolved): validation, defaults, JSON Schema. */
export const configSchema = fileSchemas.config;
/** The same after `${NAME}` references were replaced by their values. */
export const resolvedConfigSchema = resolvedSchemas.config;
export const dnsProviderSchema = fileSchemas.dnsProvider;
export const targetSchema = fileSchemas.target;

/** The file as validated, before environment references are resolved. */
export type RawConfig = z.output<typeof configSchema>;
export type DnsProviderConfig = z.output<typeof dnsProviderSchema>;
export type CertificateConfig = z.output<typeof fileSchemas.certificate>;
export type TargetConfig = z.output<typeof targetSchema>;
export type SshTargetConfig = z.output<typeof fileSchemas.sshTarget>;
export type ExecTargetConfig = z.output<typeof fileSchemas.execTarget>;
export type KeyType = (typeof KEY_TYPES)[number];
