/**
 * The starter `.github/certflow.yml`. Rendered as text (not through a YAML library) so the file
 * keeps its comments: a new user learns the format from them. Every value a user must replace
 * carries a `CHANGE ME` comment; `run.ts` checks the result against the schema before writing it.
 */
import { CHANGE_ME } from '../dns/define.js';
import { PROVIDERS, providerModule } from '../dns/providers/index.js';
import { certificateName, type InitDnsType, type InitOptions } from './options.js';

/** Marker on every line whose value is an example the user must replace. */
export { CHANGE_ME };

/** Environment variables the config reads secrets from; the workflows map secrets onto them. */
export const ENV = {
  accountKey: 'ACME_ACCOUNT_KEY',
  sshKey: 'SSH_PRIVATE_KEY',
  knownHosts: 'SSH_KNOWN_HOSTS',
} as const;

/** DNS credentials per provider type: variable name and what to put in it (from each module). */
export const DNS_SECRETS = Object.fromEntries(PROVIDERS.map((p) => [p.type, p.starter.secrets])) as Record<
  InitDnsType,
  Array<{ name: string; what: string }>
>;

export interface TemplateInput {
  options: InitOptions;
  /** age recipient (public) of the generated identity. */
  recipient: string;
  /** What goes after `$schema=` on the first line. */
  schemaRef: string;
  /** ISO date, shown in the header. */
  date: string;
}

// JSON strings are valid YAML double-quoted scalars: user input can never break the structure.
const q = (value: string) => JSON.stringify(value);
const change = (why: string) => `  # ${CHANGE_ME}: ${why}`;

/** The provider's starter block, from its module, under `dns: main:`. */
function dnsBlock(type: InitDnsType): string[] {
  const module = providerModule(type);
  if (!module) throw new Error(`no provider module for --dns ${type}`);
  return [`type: ${type}`, ...module.starter.lines].map((line) => `    ${line}`);
}

export function renderStarterConfig(input: TemplateInput): string {
  const { options, recipient } = input;
  const name = certificateName(options);
  const domains = options.domains.length
    ? `[${options.domains.map(q).join(', ')}]`
    : `["example.com", "www.example.com"]${change('the names this certificate covers')}`;
  const email = options.email
    ? q(options.email)
    : `"admin@example.com"${change('where the CA writes about your account')}`;
  const hosts = options.hosts.length
    ? `[${options.hosts.map(q).join(', ')}]`
    : `["web1.example.com"]${change('SSH hosts (host or host:port) that serve the certificate')}`;
  const staging = options.directory.endsWith('-staging');
  const persist = options.challenge === 'dns-persist-01';
  const lines = [
    `# yaml-language-server: $schema=${input.schemaRef}`,
    `# certflow configuration, written by \`certflow init\` on ${input.date}.`,
    `# Lines marked "${CHANGE_ME}" hold example values: replace them before the first run.`,
    `# Secrets are never written here: \${NAME} is read from the environment variable NAME, which the`,
    '# workflow maps from a repository secret (init printed the `gh secret set` lines).',
    'version: 1',
    '',
    'acme:',
    staging
      ? '  # The staging CA issues untrusted certificates but has generous rate limits: once a run has gone\n  # through, switch to "letsencrypt" (or zerossl, google, buypass, or a directory URL).'
      : '  # A CA name (letsencrypt, zerossl, google, buypass, ...-staging) or a directory URL.',
    `  directory: ${q(options.directory)}`,
    `  email: ${email}`,
    `  account-key: \${${ENV.accountKey}}`,
    ...(options.trust.length
      ? [
          "  # Extra trust anchors for the CA's HTTPS (PEM files).",
          `  trust: [${options.trust.map(q).join(', ')}]`,
        ]
      : []),
    '',
    'renewal:',
    "  ari: true            # follow the CA's renewal window (ARI) when it offers one",
    '  renew-before: 33%    # otherwise renew when a third of the lifetime is left',
    '  emergency: 5%        # renew at once when this little is left, whatever ARI says',
    '',
    'store:',
    '  path: certificates',
    '  # Private keys are encrypted to these age recipients. The first is the identity init generated;',
    '  # add a second one kept offline as a backup if you like.',
    '  recipients:',
    `    - ${recipient}`,
    '',
    ...(persist
      ? [
          '# No dns: section. dns-persist-01 validates against standing _validation-persist TXT records',
          '# the DNS owner publishes once (`certflow persist-record` prints them), so renewing needs no',
          '# DNS credential at all.',
        ]
      : ['dns:', '  main:', ...dnsBlock(options.dns)]),
    '',
    'certificates:',
    `  ${name}:`,
    `    domains: ${domains}`,
    '    key: ecdsa-p256',
    ...(persist ? ['    challenge: dns-persist-01'] : ['    dns: main']),
    '    targets: [web]',
    '',
    'targets:',
    '  web:',
    `    hosts: ${hosts}`,
    `    user: root${change('a user that may write the files and reload the server')}`,
    `    private-key: \${${ENV.sshKey}}`,
    `    known-hosts: \${${ENV.knownHosts}}`,
    '    files:',
    '      dir: /etc/ssl/certflow/{certificate}',
    '      fullchain: fullchain.pem',
    '      key: privkey.pem',
    '    validate: nginx -t',
    '    reload: nginx -s reload',
    '    rollout: canary      # one host first, then the rest',
    '',
  ];
  return lines.join('\n');
}
