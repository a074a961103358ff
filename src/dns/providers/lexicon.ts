/**
 * lexicon: any of DNS-Lexicon's providers (about a hundred DNS hosts) through its CLI:
 * `lexicon --delegated <zone> <provider> create|list|delete <zone> TXT --name <record> ...`.
 * The credentials go to lexicon as its own LEXICON_<PROVIDER>_* variables, never on the command
 * line (where `ps` shows them); the program gets PATH, HOME and those variables only, like the
 * exec provider. certflow finds the zone itself (`zones`, or SOA through `resolvers`) and passes
 * it as `--delegated`, so a sub-zone works and lexicon's own guess from the public suffix list is
 * not relied on. Lexicon providers that change a record set read, merge and write it back, so
 * two values of one name are written one after the other, never at once.
 */
import { z } from 'zod';
import { childEnvironment } from '../../util/child-env.js';
import { durationMs } from '../../util/duration.js';
import { errorMessage } from '../../util/errors.js';
import { runCommand } from '../command.js';
import { CHANGE_ME, defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { secretMask } from '../http.js';
import { type DnsProvider, DnsProviderError, KeyedLock, type ProviderDeps, zoneFor } from '../provider.js';
import { findZone, systemResolvers } from '../resolve.js';
import { commonFields } from './common.js';

/** Lexicon's provider names are its module names: lower-case letters and digits. */
const PROVIDER_NAME = /^[a-z][a-z0-9]*$/;
/** The variables lexicon reads its settings from. */
const LEXICON_VARIABLE = /^LEXICON_[A-Z0-9_]+$/;

const fields = (f: FieldKit) => ({
  provider: z
    .string()
    .regex(PROVIDER_NAME, {
      message: 'expected a lexicon provider name like gandi or ovh (`lexicon --help` lists them)',
    })
    .describe("lexicon's provider name, as `lexicon --help` lists it (gandi, ovh, namecheap, hetzner...)"),
  env: z
    .record(
      z
        .string()
        .regex(LEXICON_VARIABLE, { message: 'expected a lexicon variable like LEXICON_GANDI_AUTH_TOKEN' }),
      f.secret('env', 'value of the lexicon variable'),
    )
    .default({})
    .describe(
      "lexicon's settings as its variables, LEXICON_<PROVIDER>_<OPTION> (e.g. LEXICON_GANDI_AUTH_TOKEN), each a secret $" +
        '{NAME}; lexicon gets these, PATH and HOME, nothing else of the job',
    ),
  timeout: f.duration('timeout').default('60s').describe('each lexicon call is stopped after this long'),
});

type LexiconConfig = ProviderConfig<'lexicon', ReturnType<typeof fields>>;

/** The lexicon program, looked up in PATH (`pip install dns-lexicon` or the Debian package). */
const PROGRAM = 'lexicon';

function create(name: string, config: LexiconConfig, deps: ProviderDeps): DnsProvider {
  const common = commonFields(name, config);
  const who = { type: config.type, name };
  const secrets = Object.values(config.env);
  for (const value of secrets) deps.log.secret(value);
  const mask = secretMask(secrets);
  const timeoutMs = durationMs(config.timeout);
  // Not the job's environment: PATH, HOME and lexicon's own variables.
  const env = childEnvironment(deps.env ?? { PATH: process.env.PATH }, [], config.env);
  const lock = new KeyedLock();
  const zones = new Map<string, Promise<string>>();

  const zoneOf = (fqdn: string, signal?: AbortSignal): Promise<string> => {
    const configured = zoneFor(fqdn, common.zones);
    if (configured) return Promise.resolve(configured);
    let found = zones.get(fqdn);
    if (!found) {
      found = findZone(fqdn, { resolvers: common.resolvers ?? systemResolvers(), signal }).catch((error) => {
        zones.delete(fqdn);
        throw new DnsProviderError(
          who,
          `cannot find the zone of ${fqdn}: ${errorMessage(error)}`,
          'set zones to the zone lexicon should change, or resolvers to servers that answer for it',
        );
      });
      zones.set(fqdn, found);
    }
    return found;
  };

  const lexicon = (
    action: 'create' | 'list' | 'delete',
    zone: string,
    args: string[],
    signal?: AbortSignal,
  ) =>
    runCommand({
      who,
      file: PROGRAM,
      args: ['--delegated', zone, config.provider, action, zone, 'TXT', ...args],
      display: `lexicon ${config.provider} ${action} ${zone} TXT ${args[0]} ${args[1]}`,
      missingHint: 'install lexicon on the runner: pip install dns-lexicon (or the Debian package lexicon)',
      cwd: deps.workspace,
      env,
      timeoutMs,
      signal,
      mask,
    });

  /** Whether the name has our value now (lexicon's JSON listing; TXT content with or without quotes). */
  const has = async (zone: string, fqdn: string, value: string, signal?: AbortSignal): Promise<boolean> => {
    const out = await lexicon('list', zone, ['--name', fqdn, '--output', 'JSON'], signal);
    let records: Array<{ type?: string; name?: string; content?: string }>;
    try {
      records = JSON.parse(out.trim() || '[]');
    } catch {
      throw new DnsProviderError(who, mask(`lexicon list did not print JSON: ${out.slice(0, 300)}`));
    }
    return records.some(
      (r) =>
        r.type === 'TXT' && (r.content ?? '').replace(/^"|"$/g, '') === value && sameName(r.name, fqdn, zone),
    );
  };

  return {
    ...common,
    async present(record, signal) {
      const zone = await zoneOf(record.fqdn, signal);
      await lock.run(record.fqdn, () =>
        lexicon(
          'create',
          zone,
          ['--name', record.fqdn, '--content', record.value, '--ttl', String(record.ttl)],
          signal,
        ),
      );
    },
    async cleanup(record, signal) {
      const zone = await zoneOf(record.fqdn, signal);
      // Lexicon providers differ on deleting what is not there (some fail, some delete more):
      // delete only a value that is listed.
      await lock.run(record.fqdn, async () => {
        if (!(await has(zone, record.fqdn, record.value, signal))) return;
        await lexicon('delete', zone, ['--name', record.fqdn, '--content', record.value], signal);
      });
    },
  };
}

/** Lexicon lists names with or without the final dot, some providers relative to the zone. */
function sameName(listed: string | undefined, fqdn: string, zone: string): boolean {
  if (!listed) return true; // listed by --name, so it is that name
  const name = listed.toLowerCase().replace(/\.$/, '');
  return name === fqdn || `${name}.${zone}` === fqdn;
}

const DOCS = `certflow runs \`lexicon --delegated <zone> <provider> create <zone> TXT --name <record> --content
<value>\`, and for cleanup lists the name and deletes the value only when it is there. The zone is
the longest of \`zones\` that holds the record, or found by SOA through \`resolvers\` (or the
machine's nameservers). Values of one name are written one after the other (lexicon providers read,
merge and write a record set back). The same propagation check and cleanup as every other provider
follow.

Lexicon reads its settings from \`LEXICON_<PROVIDER>_<OPTION>\` variables: the option names are
those of \`lexicon <provider> --help\`, upper case, \`-\` as \`_\` (\`--auth-token\` of \`gandi\` is
\`LEXICON_GANDI_AUTH_TOKEN\`). List each under \`env\` as a \`\${NAME}\` that the workflow maps from a
secret. lexicon gets those, \`PATH\` and \`HOME\`, nothing else of the job: no SSH key, no other token,
no proxy variable. On first use lexicon fetches the public suffix list (publicsuffix.org) and
caches it in \`~/.lexicon_tld_set\`.

\`\`\`yaml
dns:
  gandi:
    type: lexicon
    provider: gandi
    env:
      LEXICON_GANDI_AUTH_TOKEN: \${GANDI_TOKEN}
      LEXICON_GANDI_API_PROTOCOL: \${GANDI_PROTOCOL}   # a workflow variable holding "rest"
\`\`\`

In the workflow, \`pip install dns-lexicon\` (some providers need \`dns-lexicon[full]\`) before certflow runs.`;

export const lexicon = defineProvider({
  type: 'lexicon',
  about: "any of DNS-Lexicon's providers (about a hundred DNS hosts) through the lexicon CLI",
  typeText: 'selects the lexicon CLI',
  fields,
  starter: {
    lines: [
      `provider: gandi  # ${CHANGE_ME}: your DNS host's name in lexicon (lexicon --help lists them)`,
      'env:',
      `  LEXICON_GANDI_AUTH_TOKEN: ${envRef('LEXICON_TOKEN')}  # ${CHANGE_ME}: the variable lexicon <provider> --help names`,
    ],
    secrets: [{ name: 'LEXICON_TOKEN', what: "the DNS host's API credential, for lexicon" }],
  },
  docs: { title: 'about a hundred DNS hosts through DNS-Lexicon', text: DOCS },
  create,
});
