/**
 * acme-dns: a joohoi/acme-dns server's update API, the usual way to hand DNS-01 to a small
 * server of its own when the real DNS host has no API: `_acme-challenge.<name>` is a CNAME to
 * the account's `fulldomain`, and `POST /update` sets a value there. acme-dns keeps the two
 * newest values of a subdomain and has no delete: cleanup leaves the value to be pushed out by
 * the next update (it proves nothing once the order is done, and lives only under the account's
 * own name). So one account serves one name's apex and wildcard at most at a time: a third value
 * in flight would push out one still needed, and is refused.
 */
import { z } from 'zod';
import { CHANGE_ME, defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { httpClient } from '../http.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps } from '../provider.js';
import { commonFields } from './common.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fields = (f: FieldKit) => ({
  'api-url': f.url().describe('the acme-dns server, e.g. https://auth.example.org'),
  username: z
    .string()
    .regex(UUID, 'the username acme-dns gave at /register (a UUID)')
    .describe("the account's username from /register"),
  password: f.secret('password', "the account's password from /register"),
  subdomain: z
    .string()
    .regex(UUID, 'the subdomain acme-dns gave at /register (a UUID)')
    .describe("the account's subdomain from /register"),
  fulldomain: z
    .string()
    .min(3)
    .describe("the account's fulldomain from /register: the target of the _acme-challenge CNAME"),
  'insecure-http': f.insecureHttp(),
});

type AcmeDnsConfig = ProviderConfig<'acme-dns', ReturnType<typeof fields>>;

/** Values acme-dns keeps per subdomain. */
const SLOTS = 2;

function create(name: string, config: AcmeDnsConfig, deps: ProviderDeps): DnsProvider {
  const who = { type: config.type, name };
  deps.log.secret(config.password);
  const fulldomain = config.fulldomain.toLowerCase().replace(/\.$/, '');
  const api = httpClient({
    who,
    baseUrl: config['api-url'],
    headers: { 'X-Api-User': config.username, 'X-Api-Key': config.password },
    secrets: [config.password],
    describe: (body) => (body as { error?: string } | undefined)?.error,
    hint: (status) =>
      status === 401
        ? 'acme-dns refused the account: check username, subdomain and the secret mapped to password, and that the allowfrom list of the account admits the runner'
        : status === 0
          ? 'check api-url'
          : undefined,
  });
  const common = commonFields(name, config);
  /** Values this process has set and still needs. */
  const live = new Set<string>();

  return {
    ...common,
    // The account's own name is where this provider writes: CNAMEs to it are expected.
    zones: [...common.zones, fulldomain],
    async present(record, signal) {
      if (record.fqdn !== fulldomain) {
        throw new DnsProviderError(
          who,
          `acme-dns writes only ${fulldomain}, not ${record.fqdn}`,
          `make ${record.fqdn.startsWith('_acme-challenge.') ? record.fqdn : `_acme-challenge of the name`} a CNAME to ${fulldomain}`,
        );
      }
      if (!live.has(record.value) && live.size >= SLOTS) {
        throw new DnsProviderError(
          who,
          `a third value for ${fulldomain} while two are still in use: acme-dns keeps only ${SLOTS}, so one would be lost`,
          'give each name its own acme-dns account, or set concurrency: 1',
        );
      }
      live.add(record.value);
      try {
        await api.json({
          method: 'POST',
          path: '/update',
          body: { subdomain: config.subdomain, txt: record.value },
          signal,
        });
      } catch (error) {
        live.delete(record.value);
        throw error;
      }
    },
    async cleanup(record) {
      // No delete in acme-dns: the value is pushed out by the next update.
      live.delete(record.value);
      deps.log.debug(
        `acme-dns (dns.${name}): ${fulldomain} keeps its value until the next update (acme-dns has no delete)`,
      );
    },
  };
}

const DOCS = `For a DNS host without an API: run [acme-dns](https://github.com/joohoi/acme-dns), register an
account once (\`curl -X POST https://auth.example.org/register\`), and make
\`_acme-challenge.<name>\` a CNAME to the \`fulldomain\` it returns. certflow follows the CNAME and
sets the value with \`POST /update\`. acme-dns keeps the two newest values of an account and has
no delete, so one account serves one name (its apex and wildcard together) at a time, and the last
values stay until the next update replaces them; they live only under the account's own name and
prove nothing once the order is done. Only the password is secret.

\`\`\`yaml
dns:
  acmedns:
    type: acme-dns
    api-url: https://auth.example.org
    username: 0f3b8c3e-1d2a-4c5b-9e8f-7a6b5c4d3e2f
    password: \${ACME_DNS_PASSWORD}
    subdomain: 8e5700ea-a4bf-41c7-8a77-e990661dcc6a
    fulldomain: 8e5700ea-a4bf-41c7-8a77-e990661dcc6a.auth.example.org
\`\`\``;

export const acmeDns = defineProvider({
  type: 'acme-dns',
  about: 'a joohoi/acme-dns server, target of a CNAME from _acme-challenge; values rotate out (no delete)',
  typeText: 'selects an acme-dns server',
  fields,
  starter: {
    lines: [
      `api-url: https://auth.example.org   # ${CHANGE_ME}: your acme-dns server`,
      `username: 00000000-0000-0000-0000-000000000000   # ${CHANGE_ME}: from /register`,
      `password: ${envRef('ACME_DNS_PASSWORD')}`,
      `subdomain: 00000000-0000-0000-0000-000000000000   # ${CHANGE_ME}: from /register`,
      `fulldomain: 00000000-0000-0000-0000-000000000000.auth.example.org   # ${CHANGE_ME}: the CNAME target`,
    ],
    secrets: [{ name: 'ACME_DNS_PASSWORD', what: 'the password acme-dns returned at /register' }],
  },
  docs: { title: 'acme-dns', text: DOCS },
  endpoints: (config) => [
    { field: 'api-url', url: config['api-url'], insecureHttp: config['insecure-http'] },
  ],
  create,
});
