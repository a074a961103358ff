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
 *
 * The description of each field (editors show it; docs/config-reference.md is generated from it)
 * is in schema-text.ts, so the shape reads here without paragraphs in between.
 */
import { z } from 'zod';
import { sudoCommandProblem } from '../deploy/sudo/commands.js';
import type { FieldKit } from '../dns/define.js';
import { providerSchemas } from '../dns/providers/index.js';
import { DURATION } from '../util/duration.js';
import { STARTTLS_PROTOCOLS } from '../util/starttls.js';
import { ABOUT } from './schema-text.js';

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

/** The URL of a directory given by name, or undefined (an own-property lookup: never `constructor`). */
export function directoryByName(value: string): string | undefined {
  return Object.hasOwn(DIRECTORY_NAMES, value)
    ? DIRECTORY_NAMES[value as keyof typeof DIRECTORY_NAMES]
    : undefined;
}

/**
 * Names every object has (`constructor`, `toString`, `__proto__`...). A name looked up with `in`
 * or `obj[name]` would find them; they are refused as names of ours so no lookup can.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** A share of lifetime ("33%") or a number of days ("30d"). */
export const LIFETIME_POINT = /^(\d+(?:\.\d+)?)(%|d)$/;

export { DURATION };

export const KEY_TYPES = ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096'] as const;

/** Ends the description of every secret field (the reference generator shows it as a type instead). */
export const SECRET_NOTE = '. Secret: only an environment reference like $' + '{NAME}';

/** Names of certificates, providers and targets: lower-case slugs (they become folder names). */
export const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** "host" or "host:port", "[v6]:port" for IPv6 (also read by the reference generator). */
export const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(:\d{1,5})?$/;

type Mode = 'file' | 'resolved';

/** How a certificate proves control of its names: dns-01 writes a TXT record per order;
 * dns-persist-01 (draft-ietf-acme-dns-persist) relies on a standing record the DNS owner published. */
export const CHALLENGES = ['dns-01', 'dns-persist-01'] as const;
export type Challenge = (typeof CHALLENGES)[number];

/**
 * A dns-01 certificate needs a DNS provider to write its records; a dns-persist-01 one needs none,
 * unless it may fall back to dns-01. `fallback` means nothing without dns-persist-01 and a provider.
 */
function challengeNeeds(
  c: { dns?: string | undefined; challenge?: Challenge | undefined; fallback?: 'dns-01' | undefined },
  ctx: z.RefinementCtx,
): void {
  // Absent means dns-01: the field stays optional in the settings type so every existing
  // certificate object (and test fixture) keeps meaning what it meant.
  if (c.challenge !== 'dns-persist-01' && c.dns === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['dns'],
      message:
        'a dns-01 certificate needs dns: (the provider that writes its _acme-challenge records); or set challenge: dns-persist-01 to renew without DNS credentials',
    });
  }
  if (c.fallback !== undefined && c.challenge !== 'dns-persist-01') {
    ctx.addIssue({
      code: 'custom',
      path: ['fallback'],
      message: 'fallback: dns-01 only applies to challenge: dns-persist-01; remove it',
    });
  } else if (c.fallback !== undefined && c.dns === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['fallback'],
      message:
        'fallback: dns-01 needs dns: (the provider that writes the dns-01 records); add one or remove fallback',
    });
  }
}

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
      .refine((v) => directoryByName(v) !== undefined || /^https:\/\/[^\s]+$/.test(v), {
        message: `expected one of ${Object.keys(DIRECTORY_NAMES).join(', ')}, or an https:// URL`,
      })
      .describe(`ACME directory: ${Object.keys(DIRECTORY_NAMES).join(', ')}, or an https:// URL`)
      .meta({ examples: [...Object.keys(DIRECTORY_NAMES), 'https://acme.example.com/directory'] }),
  );

  const eab = z
    .strictObject({
      'key-id': z.string().min(1).describe(ABOUT.acme['key-id']),
      'hmac-key': secret('hmac-key', ABOUT.acme['hmac-key']),
    })
    .describe(ABOUT.acme['external-account-binding']);

  /** One CA of `acme.issuers`: its directory and its own account (and binding). */
  const issuer = z
    .strictObject({
      directory: directory.describe(ABOUT.issuer.directory),
      'account-key': secret('account-key', ABOUT.issuer['account-key']),
      'external-account-binding': eab.optional().describe(ABOUT.issuer['external-account-binding']),
    })
    .describe(ABOUT.issuer.about);

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
  const insecureHttp = z.boolean().default(false).describe(ABOUT.dns['insecure-http']);

  /** A folder or file on the host: absolute, since a relative one would resolve on our side. */
  const remotePath = (what: string) =>
    orRef(
      z.string().refine((v) => v.startsWith('/'), {
        message: `${what} must be an absolute path on the host, like /etc/ssl/certflow/{certificate}; a relative one would resolve against the folder certflow runs in`,
      }),
    );
  /** A file name inside files.dir (or an absolute path): no "..", no trailing "/". */
  const fileName = (what: string) =>
    z.string().refine((v) => v.length > 0 && !v.endsWith('/') && !v.split('/').includes('..'), {
      message: `${what} must be a file name inside files.dir, or an absolute path on the host (no ".." and no trailing "/")`,
    });

  /** Variables a child process may have from the job (util/child-env.ts); names, never values. */
  const envNames = z
    .array(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'expected a variable name like CDN_TOKEN' }),
    )
    .optional();

  /** What each DNS provider module builds its mode-dependent fields with (dns/define.ts). */
  const kit: FieldKit = {
    secret,
    url: () => url,
    hostPort: () => hostPort,
    duration,
    envNames: () => envNames,
    insecureHttp: () => insecureHttp,
  };

  const ageRecipient = orRef(
    z.string().regex(/^age1[0-9a-z]{50,}$/, { message: 'expected an age recipient (age1...)' }),
  );

  // One branch per module of the registry (dns/providers/index.ts), in its order.
  const dnsProvider = z.discriminatedUnion('type', providerSchemas(kit)).describe(ABOUT.dns.provider);

  const certificate = z
    .strictObject({
      domains: z
        .array(z.string().min(1))
        .min(1, { message: 'a certificate needs at least one domain' })
        .describe(ABOUT.certificates.domains),
      key: z.enum(KEY_TYPES).default('ecdsa-p256').describe(ABOUT.certificates.key),
      dns: z.string().optional().describe(ABOUT.certificates.dns),
      challenge: z.enum(CHALLENGES).optional().describe(ABOUT.certificates.challenge),
      fallback: z.enum(['dns-01']).optional().describe(ABOUT.certificates.fallback),
      'issuer-domain': z
        .string()
        .regex(/^[A-Za-z0-9.-]+$/, { message: 'expected an issuer domain name like letsencrypt.org' })
        .optional()
        .describe(ABOUT.certificates['issuer-domain']),
      resolvers: z.array(hostPort).optional().describe(ABOUT.certificates.resolvers),
      targets: z.array(z.string()).default([]).describe(ABOUT.certificates.targets),
      profile: z.string().optional().describe(ABOUT.certificates.profile),
      'challenge-alias': z.string().optional().describe(ABOUT.certificates['challenge-alias']),
      'key-policy': z.enum(['rotate', 'reuse']).optional().describe(ABOUT.certificates['key-policy']),
      dane: z.boolean().optional().describe(ABOUT.certificates.dane),
      recipients: z.array(ageRecipient).optional().describe(ABOUT.certificates.recipients),
    })
    .superRefine(challengeNeeds)
    .describe(ABOUT.certificates.certificate);

  const mode_ = (what: string) =>
    z
      .string()
      .regex(/^0?[0-7]{3}$/, { message: 'expected an octal mode like "0600"' })
      .describe(`${what}: octal file mode`);

  const files = z
    .strictObject({
      dir: remotePath('files.dir').describe(ABOUT.files.dir),
      fullchain: fileName('files.fullchain').default('fullchain.pem').describe(ABOUT.files.fullchain),
      key: fileName('files.key').default('privkey.pem').describe(ABOUT.files.key),
      cert: fileName('files.cert').optional().describe(ABOUT.files.cert),
      chain: fileName('files.chain').optional().describe(ABOUT.files.chain),
      combined: fileName('files.combined').optional().describe(ABOUT.files.combined),
      pfx: fileName('files.pfx').optional().describe(ABOUT.files.pfx),
      'pfx-password': secret('files.pfx-password', ABOUT.files['pfx-password']).optional(),
      der: fileName('files.der').optional().describe(ABOUT.files.der),
      'key-der': fileName('files.key-der').optional().describe(ABOUT.files['key-der']),
      'key-mode': mode_('key-mode').default('0600').describe(ABOUT.files['key-mode']),
      'cert-mode': mode_('cert-mode').default('0644').describe(ABOUT.files['cert-mode']),
      owner: z
        .string()
        .regex(/^[^:\s]+(:[^:\s]+)?$/, { message: 'expected "user" or "user:group"' })
        .optional()
        .describe(ABOUT.files.owner),
    })
    .refine((f) => !f.pfx || f['pfx-password'] !== undefined, {
      message:
        'files.pfx needs files.pfx-password (an environment reference like $' +
        '{NAME}): a PKCS#12 file without a password leaves the key readable to anyone who copies it',
      path: ['pfx-password'],
    })
    .describe(ABOUT.files.about);

  const verifyBlock = z.strictObject({
    enabled: z.boolean().default(true).describe(ABOUT.verify.enabled),
    port: z.number().int().min(1).max(65535).default(443).describe(ABOUT.verify.port),
    servername: z.string().optional().describe(ABOUT.verify.servername),
    address: z.string().optional().describe(ABOUT.verify.address),
    starttls: z.enum(STARTTLS_PROTOCOLS).optional().describe(ABOUT.verify.starttls),
  });

  const service = z
    .strictObject({
      name: z
        .string()
        .regex(NAME, { message: 'service names are lower-case slugs (a-z, 0-9, ".", "_", "-")' })
        .describe(ABOUT.services.name),
      validate: z.string().optional().describe(ABOUT.services.validate),
      reload: z.string().optional().describe(ABOUT.services.reload),
      verify: verifyBlock.optional().describe(ABOUT.services.verify),
    })
    .describe(ABOUT.services.service);

  /** One jump host: "host[:port]", or with a user and key of its own (else the target's). */
  const jumpHop = z
    .union([
      hostPort,
      z.strictObject({
        host: hostPort.describe(ABOUT.jump.host),
        user: z.string().optional().describe(ABOUT.jump.user),
        'private-key': secret('private-key', ABOUT.jump['private-key']).optional(),
        passphrase: secret('passphrase', ABOUT.jump.passphrase).optional(),
      }),
    ])
    .describe(ABOUT.jump.hop);

  const jumpField = z.union([jumpHop, z.array(jumpHop).min(1, { message: 'list at least one jump host' })]);

  /** One host: "host[:port]", or an object that overrides some of the target's settings for it. */
  const hostEntry = z
    .union([
      hostPort,
      z.strictObject({
        host: hostPort.describe(ABOUT.host.host),
        port: z.number().int().min(1).max(65535).optional().describe(ABOUT.host.port),
        user: z.string().optional().describe(ABOUT.host.user),
        jump: jumpField.optional().describe(ABOUT.host.jump),
        files: z
          .strictObject({ dir: remotePath('files.dir').describe(ABOUT.files.dir) })
          .optional()
          .describe(ABOUT.host.files),
        verify: z
          .strictObject({ address: z.string().describe(ABOUT.verify.address) })
          .optional()
          .describe(ABOUT.host.verify),
        tags: z.array(z.string().min(1)).optional().describe(ABOUT.host.tags),
      }),
    ])
    .describe(ABOUT.ssh.hosts);

  // With become: sudo, validate and reload run as `sudo -n <command>`, which sudoers must grant
  // word for word: one plain command, since sudo would apply to its first word only.
  const sudoCommands = (
    t: {
      become?: 'sudo';
      validate?: string;
      reload?: string;
      services?: Array<{ validate?: string; reload?: string }>;
    },
    ctx: z.RefinementCtx,
  ) => {
    if (t.become !== 'sudo') return;
    const places: Array<[PropertyKey[], string | undefined]> = [
      [['validate'], t.validate],
      [['reload'], t.reload],
      // Each service's commands run as `sudo -n <command>` too, one after the other.
      ...(t.services ?? []).flatMap(
        (s, i): Array<[PropertyKey[], string | undefined]> => [
          [['services', i, 'validate'], s.validate],
          [['services', i, 'reload'], s.reload],
        ],
      ),
    ];
    for (const [path, command] of places) {
      if (command === undefined) continue;
      const problem = sudoCommandProblem(command);
      if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
    }
  };

  const sshTarget = z
    .strictObject({
      type: z.literal('ssh').default('ssh').describe(ABOUT.ssh.type),
      hosts: z
        .array(hostEntry)
        .min(1, { message: 'a target needs at least one host' })
        .describe(ABOUT.ssh.hosts),
      user: z.string().default('root').describe(ABOUT.ssh.user),
      become: z.enum(['sudo']).optional().describe(ABOUT.ssh.become),
      jump: jumpField.optional().describe(ABOUT.jump.about),
      'private-key': secret('private-key', ABOUT.ssh['private-key']),
      passphrase: secret('passphrase', ABOUT.ssh.passphrase).optional(),
      'known-hosts': z.string().min(1).describe(ABOUT.ssh['known-hosts']),
      files,
      validate: z.string().optional().describe(ABOUT.ssh.validate),
      reload: z.string().optional().describe(ABOUT.ssh.reload),
      verify: verifyBlock.default({ enabled: true, port: 443 }).describe(ABOUT.verify.about),
      services: z.array(service).min(1).optional().describe(ABOUT.services.about),
      rollout: z.enum(['canary', 'parallel', 'serial']).default('canary').describe(ABOUT.ssh.rollout),
      'on-failure': z
        .enum(['continue', 'stop', 'rollback-all'])
        .default('continue')
        .describe(ABOUT.ssh['on-failure']),
      'connect-timeout': duration('connect-timeout').default('15s').describe(ABOUT.ssh['connect-timeout']),
      'command-timeout': duration('command-timeout').default('60s').describe(ABOUT.ssh['command-timeout']),
      recipients: z.array(ageRecipient).optional().describe(ABOUT.targets.recipients),
    })
    .refine((t) => !t.services || (t.validate === undefined && t.reload === undefined), {
      message:
        'a target with services takes validate and reload per service: move them into services (one entry per server, in reload order)',
      path: ['services'],
    })
    .refine((t) => new Set((t.services ?? []).map((x) => x.name)).size === (t.services ?? []).length, {
      message: 'two services have the same name',
      path: ['services'],
    })
    .superRefine(sudoCommands)
    .describe(ABOUT.ssh.about);

  const agentTarget = z
    .strictObject({
      type: z.literal('agent').describe(ABOUT.agentTarget.type),
      recipients: z
        .array(ageRecipient)
        .min(1, { message: "an agent target needs the age recipients of its hosts' identities" })
        .describe(ABOUT.targets.recipients),
    })
    .describe(ABOUT.agentTarget.about);

  const execTarget = z
    .strictObject({
      type: z.literal('exec').describe(ABOUT.execTarget.type),
      command: z.string().min(1).describe(ABOUT.execTarget.command),
      timeout: duration('timeout').default('5m').describe(ABOUT.execTarget.timeout),
      'needs-key': z.boolean().default(true).describe(ABOUT.execTarget['needs-key']),
      env: envNames.describe(ABOUT.execTarget.env),
      recipients: z.array(ageRecipient).optional().describe(ABOUT.targets.recipients),
    })
    .describe(ABOUT.execTarget.about);

  // Discriminated on `type` (ssh is the default), so an error speaks about the kind the user meant.
  const target = z
    .discriminatedUnion('type', [sshTarget, execTarget, agentTarget])
    .describe(ABOUT.targets.target);

  const slug = (what: string) =>
    z
      .string()
      .regex(NAME, { message: `${what} names are lower-case slugs (a-z, 0-9, ".", "_", "-")` })
      .refine((v) => !RESERVED_NAMES.has(v), {
        message: `this ${what} name is one every object has (like constructor or valueOf); choose another`,
      });

  const config = z.strictObject({
    $schema: z.string().optional().describe(ABOUT.$schema),
    version: z.literal(1, { message: 'expected version: 1' }).describe(ABOUT.version),
    acme: z
      .strictObject({
        directory: directory
          .default('letsencrypt')
          .describe(
            `the CA: ${Object.keys(DIRECTORY_NAMES).join(', ')}, or the https:// URL of an ACME directory`,
          ),
        'dry-run-directory': directory.optional().describe(ABOUT.acme['dry-run-directory']),
        email: orRef(z.email({ message: 'expected an email address' }))
          .optional()
          .describe(ABOUT.acme.email),
        // Optional only for a config whose CAs are all in `issuers` (checked below).
        'account-key': secret('account-key', ABOUT.acme['account-key']).optional(),
        profile: z.string().optional().describe(ABOUT.acme.profile),
        'preferred-chain': z.string().min(1).optional().describe(ABOUT.acme['preferred-chain']),
        'external-account-binding': eab.optional().describe(ABOUT.acme['external-account-binding']),
        issuers: z
          .array(issuer)
          .min(1, { message: 'list at least one CA, or leave issuers out' })
          .optional()
          .describe(ABOUT.acme.issuers),
        trust: z.array(z.string()).optional().describe(ABOUT.acme.trust),
      })
      .superRefine((acme, ctx) => {
        // Without issuers, the one CA needs its account key: say so where zod would have.
        if (!acme.issuers && acme['account-key'] === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['account-key'],
            // The wording zod gives any missing field; docs/ca-operations.md tells of acme.issuers.
            message: 'required: expected a string',
          });
        }
      })
      .describe(ABOUT.acme.about),
    renewal: z
      .strictObject({
        ari: z.boolean().default(true).describe(ABOUT.renewal.ari),
        'renew-before': lifetimePoint('renew-before').default('33%').describe(ABOUT.renewal['renew-before']),
        emergency: lifetimePoint('emergency').default('5%').describe(ABOUT.renewal.emergency),
      })
      .default({ ari: true, 'renew-before': '33%', emergency: '5%' })
      .describe(ABOUT.renewal.about),
    store: z
      .strictObject({
        path: z.string().default('certificates').describe(ABOUT.store.path),
        recipients: z
          .array(ageRecipient)
          .min(1, { message: 'at least one recipient is needed to encrypt private keys' })
          .describe(ABOUT.store.recipients),
        trust: z.array(z.string()).optional().describe(ABOUT.store.trust),
      })
      .describe(ABOUT.store.about),
    dns: z.record(slug('dns provider'), dnsProvider).default({}).describe(ABOUT.dns.about),
    certificates: z.record(slug('certificate'), certificate).describe(ABOUT.certificates.about),
    targets: z.record(slug('target'), target).default({}).describe(ABOUT.targets.about),
  });

  return { config, dnsProvider, target, certificate, sshTarget, execTarget, agentTarget };
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
export type AgentTargetConfig = z.output<typeof fileSchemas.agentTarget>;
/** The fields of an ssh target that say how files are installed and proven on a host (ssh or agent). */
export const installSchemas = {
  files: resolvedSchemas.sshTarget.shape.files,
  validate: resolvedSchemas.sshTarget.shape.validate,
  reload: resolvedSchemas.sshTarget.shape.reload,
  verify: resolvedSchemas.sshTarget.shape.verify,
};
export type KeyType = (typeof KEY_TYPES)[number];
