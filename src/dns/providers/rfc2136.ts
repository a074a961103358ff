/**
 * rfc2136: DNS UPDATE signed with TSIG, sent to the zone's primary (bind, Knot, PowerDNS with
 * dnsupdate, Windows DNS...). The zone is taken from `zones` or asked of the primary (SOA).
 */
import { z } from 'zod';
import { errorMessage } from '../../util/errors.js';
import { CHANGE_ME, defineProvider, envRef, type FieldKit, type ProviderConfig } from '../define.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps, zoneFor } from '../provider.js';
import { findZone } from '../resolve.js';
import { DnsTimeoutError, formatServer, parseServer } from '../transport.js';
import { decodeSecret } from '../tsig.js';
import { sendUpdate, type TxtChange, UpdateError } from '../update.js';
import { commonFields } from './common.js';

const fields = (f: FieldKit) => ({
  server: f.hostPort().describe("the zone's primary server that takes signed updates, host or host:port"),
  'tsig-name': z.string().min(1).describe('TSIG key name, as the server knows it'),
  'tsig-algorithm': z
    .enum(['hmac-sha256', 'hmac-sha384', 'hmac-sha512'])
    .default('hmac-sha256')
    .describe('TSIG algorithm of the key'),
  'tsig-secret': f.secret('tsig-secret', 'TSIG key secret, base64 (as tsig-keygen prints it)'),
});

type Rfc2136Config = ProviderConfig<'rfc2136', ReturnType<typeof fields>>;

function hintFor(error: unknown, config: Rfc2136Config, zone: string): string | undefined {
  if (error instanceof UpdateError) {
    if (error.tsigError === 'BADSIG')
      return `tsig-secret does not match the secret of key "${config['tsig-name']}" on ${config.server}: check the secret mapped to tsig-secret`;
    if (error.tsigError === 'BADKEY')
      return `${config.server} has no key "${config['tsig-name']}" with algorithm ${config['tsig-algorithm']}: check tsig-name and tsig-algorithm`;
    if (error.tsigError === 'BADTIME')
      return "this machine's clock and the server's differ by more than 5 minutes";
    if (error.rcode === 'REFUSED')
      return `${config.server} does not let key "${config['tsig-name']}" update zone ${zone}: check allow-update / update-policy`;
    if (error.rcode === 'NOTAUTH' || error.rcode === 'NOTZONE')
      return `${config.server} is not the primary of zone ${zone}: point server at the primary, or set zones`;
  }
  if (error instanceof DnsTimeoutError) return `check that ${config.server} is reachable and answers DNS`;
  return undefined;
}

function create(name: string, config: Rfc2136Config, deps: ProviderDeps): DnsProvider {
  const common = commonFields(name, config);
  const server = parseServer(config.server);
  const who = { type: config.type, name };
  deps.log.secret(config['tsig-secret']);
  let secret: Buffer;
  try {
    secret = decodeSecret(config['tsig-secret']);
  } catch {
    throw new DnsProviderError(
      who,
      'tsig-secret is not base64',
      'copy the secret exactly as tsig-keygen printed it',
    );
  }
  const key = { name: config['tsig-name'], algorithm: config['tsig-algorithm'], secret };
  const zones = new Map<string, Promise<string>>();

  const zoneOf = (fqdn: string, signal?: AbortSignal): Promise<string> => {
    const configured = zoneFor(fqdn, common.zones);
    if (configured) return Promise.resolve(configured);
    let found = zones.get(fqdn);
    if (!found) {
      found = findZone(fqdn, { resolvers: [server], signal }).catch((error) => {
        zones.delete(fqdn);
        throw new DnsProviderError(
          who,
          `cannot find the zone of ${fqdn} on ${formatServer(server)}: ${errorMessage(error)}`,
          `${config.server} must serve the zone of ${fqdn}; otherwise use another provider for it, or set zones`,
        );
      });
      zones.set(fqdn, found);
    }
    return found;
  };

  const change = async (
    op: TxtChange['op'],
    fqdn: string,
    value: string,
    ttl: number,
    signal?: AbortSignal,
  ) => {
    const zone = await zoneOf(fqdn, signal);
    try {
      await sendUpdate(server, zone, key, [{ op, fqdn, value, ttl }], { signal });
    } catch (error) {
      throw new DnsProviderError(
        who,
        `${op === 'add' ? 'adding' : 'removing'} TXT ${fqdn}: ${errorMessage(error)}`,
        hintFor(error, config, zone),
      );
    }
  };

  return {
    ...common,
    present: (record, signal) => change('add', record.fqdn, record.value, record.ttl, signal),
    cleanup: (record, signal) => change('delete', record.fqdn, record.value, record.ttl, signal),
  };
}

const DOCS = `Updates go over UDP, and over TCP when the answer is truncated. The answer's TSIG signature is
checked. Errors name the cause: \`NOTAUTH (TSIG BADSIG)\` means the secret is wrong, \`BADKEY\` an
unknown key name or algorithm, \`REFUSED\` a key the zone's \`update-policy\`/\`allow-update\` does not
allow, \`NOTAUTH\`/\`NOTZONE\` a server that is not the zone's primary.

\`\`\`yaml
dns:
  bind:
    type: rfc2136
    server: 192.0.2.53:53
    tsig-name: certflow-key
    tsig-algorithm: hmac-sha256
    tsig-secret: \${TSIG_SECRET}
    resolvers: [192.0.2.53, 198.51.100.53]
\`\`\`

bind: \`tsig-keygen -a hmac-sha256 certflow-key\`, then in the zone
\`update-policy { grant certflow-key name _acme-challenge.example.com. TXT; };\` (one grant per name,
or \`wildcard *.example.com.\` style rules).`;

export const rfc2136 = defineProvider({
  type: 'rfc2136',
  about: 'DNS UPDATE (RFC 2136) signed with TSIG: bind, Knot, PowerDNS, Windows DNS and others',
  typeText: 'selects DNS UPDATE with TSIG',
  fields,
  starter: {
    lines: [
      `server: ns1.example.com:53  # ${CHANGE_ME}: primary name server that accepts DNS UPDATE`,
      `tsig-name: certflow-key.  # ${CHANGE_ME}: name of the TSIG key allowed to update the zone`,
      'tsig-algorithm: hmac-sha256',
      `tsig-secret: ${envRef('DNS_TSIG_SECRET')}`,
    ],
    secrets: [{ name: 'DNS_TSIG_SECRET', what: 'base64 TSIG key secret allowed to update the zone' }],
  },
  docs: { title: 'DNS UPDATE with TSIG (bind, Knot, PowerDNS, Windows DNS...)', text: DOCS },
  create,
});
