/**
 * The starter `.github/certflow.yml`. Rendered as text (not through a YAML library) so the file
 * keeps its comments: a new user learns the format from them. Every value a user must replace
 * carries a `CHANGE ME` comment; `run.ts` checks the result against the schema before writing it.
 */
import { certificateName, type InitDnsType, type InitOptions } from './options.js';

/** Marker on every line whose value is an example the user must replace. */
export const CHANGE_ME = 'CHANGE ME';

/** Environment variables the config reads secrets from; the workflows map secrets onto them. */
export const ENV = {
  accountKey: 'ACME_ACCOUNT_KEY',
  sshKey: 'SSH_PRIVATE_KEY',
  knownHosts: 'SSH_KNOWN_HOSTS',
} as const;

/** DNS credentials per provider type: variable name and what to put in it. */
export const DNS_SECRETS: Record<InitDnsType, Array<{ name: string; what: string }>> = {
  rfc2136: [{ name: 'DNS_TSIG_SECRET', what: 'base64 TSIG key secret allowed to update the zone' }],
  powerdns: [{ name: 'PDNS_API_KEY', what: 'PowerDNS API key (X-API-Key)' }],
  cloudflare: [{ name: 'CLOUDFLARE_API_TOKEN', what: 'Cloudflare API token with Zone.DNS edit on the zone' }],
  route53: [
    { name: 'AWS_ACCESS_KEY_ID', what: 'access key of an IAM user allowed route53:ChangeResourceRecordSets' },
    { name: 'AWS_SECRET_ACCESS_KEY', what: 'its secret access key' },
  ],
  exec: [],
};

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

function dnsBlock(type: InitDnsType): string[] {
  const s = DNS_SECRETS[type].map((x) => x.name);
  switch (type) {
    case 'rfc2136':
      return [
        '    type: rfc2136',
        `    server: ns1.example.com:53${change('primary name server that accepts DNS UPDATE')}`,
        `    tsig-name: certflow-key.${change('name of the TSIG key allowed to update the zone')}`,
        '    tsig-algorithm: hmac-sha256',
        `    tsig-secret: \${${s[0]}}`,
      ];
    case 'powerdns':
      return [
        '    type: powerdns',
        `    api-url: https://pdns.example.com:8081${change('PowerDNS HTTP API root')}`,
        `    api-key: \${${s[0]}}`,
        '    server-id: localhost',
      ];
    case 'cloudflare':
      return [
        '    type: cloudflare',
        `    api-token: \${${s[0]}}`,
        '    # zone-id: 0123456789abcdef0123456789abcdef   # optional: skips the zone lookup',
      ];
    case 'route53':
      return [
        '    type: route53',
        `    access-key-id: \${${s[0]}}`,
        `    secret-access-key: \${${s[1]}}`,
        '    region: us-east-1',
        '    # hosted-zone-id: Z0123456789ABCDEFGHIJ   # optional: skips the zone lookup',
      ];
    case 'exec':
      return [
        '    type: exec',
        `    command: ./.github/certflow-dns-hook.sh${change('run as <command> present|cleanup <record name> <value>')}`,
        '    timeout: 60s',
      ];
  }
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
    'dns:',
    '  main:',
    ...dnsBlock(options.dns),
    '',
    'certificates:',
    `  ${name}:`,
    `    domains: ${domains}`,
    '    key: ecdsa-p256',
    '    dns: main',
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
