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

/** Ends the description of every secret field (the reference generator shows it as a type instead). */
export const SECRET_NOTE = '. Secret: only an environment reference like $' + '{NAME}';

/** Names of certificates, providers and targets: lower-case slugs (they become folder names). */
export const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** "host" or "host:port", "[v6]:port" for IPv6 (also read by the reference generator). */
export const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(:\d{1,5})?$/;

type Mode = 'file' | 'resolved';

function build(mode: Mode) {
  const envRef = z.string().regex(ENV_REF, { message: ENV_REF_MESSAGE });

  /** In the file, a formatted field may also be a reference; once resolved it must be the format. */
  const orRef = <T extends z.ZodType>(schema: T) => (mode === 'file' ? z.union([schema, envRef]) : schema);

  /**
   * A secret: only an environment reference is accepted, so secrets never sit in the repository.
   * `what` names the field in errors; `about` says what the variable holds (schema and docs).
   */
  const secret = (what: string, about: string) =>
    mode === 'file'
      ? z
          .string()
          .regex(ENV_REF, {
            message: `this field is secret: write an environment reference like \${NAME} and map the secret to that variable in the workflow`,
          })
          .describe(`${about}${SECRET_NOTE}`)
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
      .describe(
        "servers (host or host:port) that must serve the challenge record before the CA is told; also used for CNAME and CAA lookups (default: the zone's authoritative servers)",
      ),
    zones: z
      .array(z.string())
      .optional()
      .describe(
        'zones this provider serves; picks the provider that writes a CNAME-delegated challenge (rfc2136 also skips the zone lookup)',
      ),
    'propagation-timeout': duration('propagation-timeout')
      .default('120s')
      .describe('how long to wait until every server answers with the challenge record'),
    ttl: z
      .number()
      .int()
      .positive()
      .default(60)
      .describe('TTL of the challenge TXT record, in seconds (Cloudflare raises it to its minimum, 120)'),
  };

  const rfc2136 = z
    .strictObject({
      type: z.literal('rfc2136').describe('selects DNS UPDATE with TSIG'),
      server: hostPort.describe("the zone's primary server that takes signed updates, host or host:port"),
      'tsig-name': z.string().min(1).describe('TSIG key name, as the server knows it'),
      'tsig-algorithm': z
        .enum(['hmac-sha256', 'hmac-sha384', 'hmac-sha512'])
        .default('hmac-sha256')
        .describe('TSIG algorithm of the key'),
      'tsig-secret': secret('tsig-secret', 'TSIG key secret, base64 (as tsig-keygen prints it)'),
      ...common,
    })
    .describe('DNS UPDATE (RFC 2136) signed with TSIG: bind, Knot, PowerDNS, Windows DNS and others');

  const powerdns = z
    .strictObject({
      type: z.literal('powerdns').describe('selects the PowerDNS HTTP API'),
      'api-url': url.describe('PowerDNS API root without /api/v1, e.g. http://pdns.internal:8081'),
      'api-key': secret('api-key', 'PowerDNS API key (X-API-Key)'),
      'server-id': z.string().default('localhost').describe('server id in /api/v1/servers/{server-id}'),
      ...common,
    })
    .describe('the PowerDNS Authoritative HTTP API; other values of the record are kept');

  const cloudflare = z
    .strictObject({
      type: z.literal('cloudflare').describe('selects the Cloudflare API'),
      'api-token': secret('api-token', 'Cloudflare API token with Zone > DNS > Edit on the zone'),
      'zone-id': z
        .string()
        .optional()
        .describe('zone id (default: looked up by name from the record upwards)'),
      'api-url': url
        .default('https://api.cloudflare.com/client/v4')
        .describe('Cloudflare API root; change it only for tests or proxies'),
      ...common,
    })
    .describe('the Cloudflare API v4; each value is a record of its own');

  const route53 = z
    .strictObject({
      type: z.literal('route53').describe('selects Amazon Route 53'),
      'access-key-id': secret(
        'access-key-id',
        "AWS access key id (default: the SDK's credential chain: environment, OIDC web identity, instance role)",
      ).optional(),
      'secret-access-key': secret(
        'secret-access-key',
        'AWS secret access key, with access-key-id',
      ).optional(),
      'session-token': secret('session-token', 'AWS session token of temporary credentials').optional(),
      region: z
        .string()
        .default('us-east-1')
        .describe('AWS region; Route 53 is global, the region only picks the endpoint'),
      'hosted-zone-id': z
        .string()
        .optional()
        .describe('hosted zone id (default: the public hosted zone, looked up by name)'),
      endpoint: url
        .optional()
        .describe('API endpoint override, for tests or other partitions (default: AWS)'),
      ...common,
    })
    .describe('Amazon Route 53, through the official AWS SDK; waits for the change to be INSYNC');

  const execDns = z
    .strictObject({
      type: z.literal('exec').describe('selects a script of yours'),
      command: z
        .string()
        .min(1)
        .describe(
          'run as `<command> present|cleanup <record name> <value>` (no shell; relative to the repository root); exit 0 on success; cleanup removes only that value',
        ),
      timeout: duration('timeout').default('60s').describe('the command is stopped after this long'),
      ...common,
    })
    .describe('any other DNS host, through a script of yours that writes and removes the record');

  const dnsProvider = z
    .discriminatedUnion('type', [rfc2136, powerdns, cloudflare, route53, execDns])
    .describe('a DNS provider that writes the `_acme-challenge` TXT records; `type` chooses its fields');

  const certificate = z
    .strictObject({
      domains: z
        .array(z.string().min(1))
        .min(1, { message: 'a certificate needs at least one domain' })
        .describe(
          'names on the certificate; the first is the subject. IDNs are converted to A-labels, a wildcard "*." only as the whole leftmost label, no IP addresses',
        ),
      key: z.enum(KEY_TYPES).default('ecdsa-p256').describe('type of the private key'),
      dns: z.string().describe('name of the entry under dns that answers the DNS-01 challenges'),
      targets: z
        .array(z.string())
        .default([])
        .describe('names of entries under targets the certificate is deployed to'),
      profile: z.string().optional().describe('ACME profile for this certificate (default: acme.profile)'),
      'challenge-alias': z
        .string()
        .optional()
        .describe(
          'zone that the `_acme-challenge` names are delegated to by CNAME, when it cannot be discovered',
        ),
    })
    .describe('a certificate: its names, key type, DNS provider and targets');

  const mode_ = (what: string) =>
    z
      .string()
      .regex(/^0?[0-7]{3}$/, { message: 'expected an octal mode like "0600"' })
      .describe(`${what}: octal file mode`);

  const files = z
    .strictObject({
      dir: z
        .string()
        .min(1)
        .describe('folder on the host; {certificate} is replaced by the certificate name; made when missing'),
      fullchain: z.string().default('fullchain.pem').describe('file name of the leaf and intermediates'),
      key: z.string().default('privkey.pem').describe('file name of the private key'),
      cert: z
        .string()
        .optional()
        .describe('file name of the leaf certificate alone, when the server wants it apart'),
      chain: z.string().optional().describe('file name of the intermediates alone'),
      'key-mode': mode_('key-mode').default('0600').describe('octal mode of the key file, e.g. "0600"'),
      'cert-mode': mode_('cert-mode')
        .default('0644')
        .describe('octal mode of the certificate files, e.g. "0644"'),
      owner: z
        .string()
        .regex(/^[^:\s]+(:[^:\s]+)?$/, { message: 'expected "user" or "user:group"' })
        .optional()
        .describe('"user" or "user:group" of the new files (default: the replaced file\'s owner)'),
    })
    .describe('where the files go on each host, their names and modes');

  const sshTarget = z
    .strictObject({
      type: z.literal('ssh').default('ssh').describe('selects deployment over SSH (the default)'),
      hosts: z
        .array(hostPort)
        .min(1, { message: 'a target needs at least one host' })
        .describe('SSH hosts, "host" or "host:port" ("[::1]:2222" for IPv6)'),
      user: z.string().default('root').describe('SSH user'),
      'private-key': secret('private-key', 'SSH private key (OpenSSH or PEM)'),
      passphrase: secret('passphrase', 'passphrase of the SSH private key').optional(),
      'known-hosts': z
        .string()
        .min(1)
        .describe(
          'OpenSSH known_hosts text, usually $' +
            '{SSH_KNOWN_HOSTS}; host keys are pinned, an unknown or changed key stops that host',
        ),
      files,
      validate: z
        .string()
        .optional()
        .describe('command that checks the server config before the new files stay, e.g. "nginx -t"'),
      reload: z.string().optional().describe('command that makes the server load the new files'),
      verify: z
        .strictObject({
          enabled: z
            .boolean()
            .default(true)
            .describe('prove over TLS that the host serves the new certificate (rolled back if not)'),
          port: z.number().int().min(1).max(65535).default(443).describe('TLS port to check'),
          servername: z.string().optional().describe("SNI name (default: the certificate's first name)"),
          address: z.string().optional().describe('address to connect to (default: the SSH host)'),
        })
        .default({ enabled: true, port: 443 })
        .describe('the TLS check after the reload'),
      rollout: z
        .enum(['canary', 'parallel', 'serial'])
        .default('canary')
        .describe(
          'canary: one host, then the rest in parallel; parallel: all hosts, bounded by concurrency; serial: one by one',
        ),
      'connect-timeout': duration('connect-timeout').default('15s').describe('SSH connect timeout'),
      'command-timeout': duration('command-timeout')
        .default('60s')
        .describe('time limit of each remote command (validate, reload)'),
    })
    .describe(
      'copies the files to hosts over SSH, validates, reloads, checks over TLS and rolls back on failure',
    );

  const execTarget = z
    .strictObject({
      type: z.literal('exec').describe('selects a hook command of yours'),
      command: z
        .string()
        .min(1)
        .describe(
          'run with /bin/sh -c in the repository root, with certbot-compatible RENEWED_LINEAGE and RENEWED_DOMAINS',
        ),
      timeout: duration('timeout')
        .default('5m')
        .describe('the hook and everything it started is stopped after this'),
      'needs-key': z
        .boolean()
        .default(true)
        .describe('decrypt the private key into the hook folder (false: no privkey.pem, no identity needed)'),
    })
    .describe(
      "a deploy hook like certbot's, for what SSH cannot reach (CDN, load balancer, cloud certificate store)",
    );

  // Discriminated on `type` (ssh is the default), so an error speaks about the kind the user meant.
  const target = z
    .discriminatedUnion('type', [sshTarget, execTarget])
    .describe('where a certificate is deployed; `type` is ssh (the default) or exec');

  const slug = (what: string) =>
    z.string().regex(NAME, { message: `${what} names are lower-case slugs (a-z, 0-9, ".", "_", "-")` });

  const config = z.strictObject({
    $schema: z.string().optional().describe('JSON Schema for editors; ignored by certflow'),
    version: z
      .literal(1, { message: 'expected version: 1' })
      .describe('version of the file format; always 1'),
    acme: z
      .strictObject({
        directory: directory
          .default('letsencrypt')
          .describe(
            `the CA: ${Object.keys(DIRECTORY_NAMES).join(', ')}, or the https:// URL of an ACME directory`,
          ),
        'dry-run-directory': directory
          .optional()
          .describe("directory used by dry runs; same forms as directory (default: the CA's staging one)"),
        email: orRef(z.email({ message: 'expected an email address' }))
          .optional()
          .describe('contact address of the ACME account'),
        'account-key': secret(
          'account-key',
          'private key of the ACME account, PEM (certflow init makes one)',
        ),
        profile: z
          .string()
          .optional()
          .describe(
            'ACME profile (draft-ietf-acme-profiles), e.g. tlsserver, for every certificate that sets none',
          ),
        'external-account-binding': z
          .strictObject({
            'key-id': z.string().min(1).describe('EAB key id given by the CA'),
            'hmac-key': secret('hmac-key', 'EAB HMAC key given by the CA'),
          })
          .optional()
          .describe('external account binding, for CAs that require it (ZeroSSL, Google)'),
        trust: z
          .array(z.string())
          .optional()
          .describe("extra trust anchors (PEM files, relative to the workspace) for the ACME server's HTTPS"),
      })
      .describe('the ACME CA and the account certflow uses with it'),
    renewal: z
      .strictObject({
        ari: z
          .boolean()
          .default(true)
          .describe(
            "follow the CA's renewal window (ARI, RFC 9773) kept in the manifest; it replaces renew-before",
          ),
        'renew-before': lifetimePoint('renew-before')
          .default('33%')
          .describe(
            'without an ARI window: renew when this share of lifetime ("33%") or these days ("30d") are left; days are capped at half the lifetime',
          ),
        emergency: lifetimePoint('emergency')
          .default('5%')
          .describe(
            'renew whatever ARI says when this share of lifetime or these days are left; capped at renew-before',
          ),
      })
      .default({ ari: true, 'renew-before': '33%', emergency: '5%' })
      .describe('when a certificate is renewed'),
    store: z
      .strictObject({
        path: z.string().default('certificates').describe('folder of the bundles, relative to the workspace'),
        recipients: z
          .array(
            orRef(
              z.string().regex(/^age1[0-9a-z]{50,}$/, { message: 'expected an age recipient (age1...)' }),
            ),
          )
          .min(1, { message: 'at least one recipient is needed to encrypt private keys' })
          .describe(
            'age recipients (age1...) the private keys are encrypted to; any one of them can decrypt',
          ),
      })
      .describe('where the certificate bundles are kept in the repository'),
    dns: z
      .record(slug('dns provider'), dnsProvider)
      .describe('DNS providers by name (a lower-case slug); certificates name the one they use'),
    certificates: z
      .record(slug('certificate'), certificate)
      .describe('certificates by name (a lower-case slug, their folder in the store)'),
    targets: z
      .record(slug('target'), target)
      .default({})
      .describe('deployment targets by name (a lower-case slug); certificates name theirs'),
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
