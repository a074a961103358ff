/**
 * `certflow init` flags. init runs before any config exists, so it parses its own flags instead of
 * going through the config loader; everything it decides is in `InitOptions`.
 */
import { parseArgs } from 'node:util';
import { DIRECTORY_NAMES, directoryByName } from '../config/schema.js';
import { DNS_TYPES, type DnsType } from '../dns/providers/index.js';
import { errorMessage, UsageError } from '../util/errors.js';
import { parseWorkflowList, WORKFLOW_NAMES, type WorkflowName } from './workflows.js';

/** Every registered provider type has a starter (dns/providers/index.ts). */
export { DNS_TYPES };
export type InitDnsType = DnsType;

export const GITHUB_PLANS = ['public', 'free', 'pro', 'team', 'enterprise'] as const;
export type GitHubPlan = (typeof GITHUB_PLANS)[number];

export interface InitOptions {
  /** Names on the first certificate; placeholders when empty. */
  domains: string[];
  /** ACME account contact; a placeholder when absent. */
  email?: string;
  dns: InitDnsType;
  /** dns-01 (a DNS provider and its secret) or dns-persist-01 (no DNS provider, no DNS secret). */
  challenge: 'dns-01' | 'dns-persist-01';
  /** ACME directory name or URL; default the Let's Encrypt staging CA (see template.ts). */
  directory: string;
  /** Certificate name; default derived from the first domain. */
  name?: string;
  /** SSH hosts of the first target; placeholders when empty. */
  hosts: string[];
  /** Config path, relative to the repository root. */
  config: string;
  /** Folder for secret files (0700, files 0600). Relative to the repository root. */
  out: string;
  /** Print secret values on stdout instead of writing files. */
  printSecrets: boolean;
  /** Workflows to write into `.github/workflows/` (default renew, deploy, review). */
  workflows: WorkflowName[];
  /** Overwrite an existing config, secret files and workflows. */
  force: boolean;
  /** Generate an SSH deploy key pair (default) or leave SSH keys to the user. */
  sshKey: boolean;
  /** GitHub environment of the deploy job, which alone holds AGE_IDENTITY and the SSH key. */
  environment: string;
  /**
   * The repository's visibility and GitHub plan, which decide what environments offer:
   * `public` (any plan) and `enterprise` have environments with required reviewers, `pro` and
   * `team` (private) have environments and branch rules without reviewers, `free` (private) has
   * no environments at all. Unset: the instructions name the difference.
   */
  plan?: GitHubPlan;
  /** `$schema` reference for editors; default found next to the installed package (see schema-ref.ts). */
  schema?: string;
  /** Extra trust anchors (PEM files) for the ACME server's HTTPS, e.g. a local test CA. */
  trust: string[];
  json: boolean;
}

export const INIT_USAGE = `Usage: certflow init [options]

Writes a starter .github/certflow.yml, an ACME account key and an age identity, and prints the
repository secrets to create.

Options:
  --domain <name>        a name on the first certificate (repeat, or comma separated)
  --email <address>      ACME account contact
  --dns <type>           ${DNS_TYPES.join(' | ')} (default rfc2136)
  --challenge <type>     dns-01 (default) | dns-persist-01: no DNS provider and no DNS secret; init
                         registers the ACME account and prints the _validation-persist records
  --directory <ca>       ${Object.keys(DIRECTORY_NAMES).join(', ')} or an https:// URL
                         (default letsencrypt-staging: switch to letsencrypt after a good run)
  --name <slug>          certificate name (default from the first domain)
  --host <host[:port]>   an SSH host of the first target (repeat, or comma separated)
  --config <path>        where to write the config (default .github/certflow.yml)
  --out <dir>            folder for the secret files, mode 0700 (default .certflow-secrets)
  --print-secrets        print secret values on stdout instead of writing files
  --no-ssh-key           do not generate an SSH deploy key pair
  --environment <name>   GitHub environment of the deploy job (default certflow-deploy)
  --github-plan <plan>   public (any plan) | free | pro | team | enterprise (private repository):
                         decides whether environments and required reviewers exist
  --schema <url|path>    $schema reference written on the first line
  --trust <file>         extra trust anchor for the ACME server's HTTPS (repeatable)
  --workflows <list>     workflows to write into .github/workflows/: ${WORKFLOW_NAMES.join(', ')}
                         or none (default renew,deploy,review)
  --force                overwrite an existing config, secret files and workflows
  --json                 print the result as JSON
`;

const list = (values: string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const SLUG = /^[a-z0-9][a-z0-9._-]*$/;
const HOST = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+)(:\d{1,5})?$/;

/** Parses init's flags (argv after `init`). Throws UsageError naming the flag on anything wrong. */
export function parseInitArgs(argv: string[]): InitOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(`init: ${errorMessage(error)}\n\n${INIT_USAGE}`);
  }
  const v = parsed.values;
  if (parsed.positionals.length > 0) {
    throw new UsageError(
      `init takes no arguments, got '${parsed.positionals.join(' ')}'. Use --domain for names.`,
    );
  }
  const domains = list(v.domain).map((d) => d.toLowerCase());
  for (const d of domains) {
    if (!DOMAIN.test(d)) throw new UsageError(`--domain '${d}' is not a DNS name like www.example.com`);
  }
  if (v.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) {
    throw new UsageError(`--email '${v.email}' is not an e-mail address`);
  }
  const challenge = v.challenge ?? 'dns-01';
  if (challenge !== 'dns-01' && challenge !== 'dns-persist-01') {
    throw new UsageError(`--challenge '${challenge}': expected dns-01 or dns-persist-01`);
  }
  if (challenge === 'dns-persist-01' && v.dns !== undefined) {
    throw new UsageError(
      '--dns with --challenge dns-persist-01: that challenge needs no DNS provider (the DNS owner publishes a standing record once); leave out --dns',
    );
  }
  const dns = v.dns ?? 'rfc2136';
  if (!(DNS_TYPES as readonly string[]).includes(dns)) {
    throw new UsageError(`--dns '${dns}' is not supported: expected one of ${DNS_TYPES.join(', ')}`);
  }
  const directory = v.directory ?? 'letsencrypt-staging';
  if (directoryByName(directory) === undefined && !/^https:\/\/\S+$/.test(directory)) {
    throw new UsageError(
      `--directory '${directory}': expected one of ${Object.keys(DIRECTORY_NAMES).join(', ')}, or an https:// URL`,
    );
  }
  if (v.name !== undefined && !SLUG.test(v.name)) {
    throw new UsageError(`--name '${v.name}': certificate names are lower-case slugs like www or api-eu`);
  }
  const hosts = list(v.host);
  for (const h of hosts) {
    if (!HOST.test(h)) throw new UsageError(`--host '${h}': expected "host" or "host:port"`);
  }
  const environment = v.environment ?? 'certflow-deploy';
  if (!/^[A-Za-z0-9._-]+$/.test(environment)) {
    throw new UsageError(`--environment '${environment}': use letters, digits, '.', '_' or '-'`);
  }
  const plan = v['github-plan']?.trim().toLowerCase();
  if (plan !== undefined && !(GITHUB_PLANS as readonly string[]).includes(plan)) {
    throw new UsageError(
      `--github-plan '${v['github-plan']}': expected ${GITHUB_PLANS.join(', ')} (public for a public repository on any plan)`,
    );
  }
  return {
    ...(plan ? { plan: plan as GitHubPlan } : {}),
    domains,
    email: v.email,
    dns: dns as InitDnsType,
    challenge,
    directory,
    name: v.name,
    hosts,
    config: v.config ?? '.github/certflow.yml',
    out: v.out ?? '.certflow-secrets',
    printSecrets: v['print-secrets'] ?? false,
    force: v.force ?? false,
    workflows: parseWorkflowList(v.workflows),
    sshKey: !(v['no-ssh-key'] ?? false),
    environment,
    schema: v.schema,
    trust: v.trust ?? [],
    json: v.json ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      domain: { type: 'string', multiple: true },
      email: { type: 'string' },
      dns: { type: 'string' },
      challenge: { type: 'string' },
      directory: { type: 'string' },
      name: { type: 'string' },
      host: { type: 'string', multiple: true },
      config: { type: 'string' },
      out: { type: 'string' },
      'print-secrets': { type: 'boolean' },
      force: { type: 'boolean' },
      workflows: { type: 'string', multiple: true },
      'no-ssh-key': { type: 'boolean' },
      environment: { type: 'string' },
      'github-plan': { type: 'string' },
      schema: { type: 'string' },
      trust: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
  });
}

/** Certificate name from the first domain: `www.example.com` -> `www`, `*.example.com` -> `example`. */
export function certificateName(options: Pick<InitOptions, 'name' | 'domains'>): string {
  if (options.name) return options.name;
  const first = options.domains[0];
  if (!first) return 'www';
  const labels = first.replace(/^\*\./, '').split('.');
  const slug = (labels[0] ?? 'www').replace(/[^a-z0-9._-]/g, '-');
  return SLUG.test(slug) ? slug : 'www';
}
