/**
 * rfc2136: DNS UPDATE signed with TSIG, sent to the zone's primary (bind, Knot, PowerDNS with
 * dnsupdate, Windows DNS...). The zone is taken from `zones` or asked of the primary (SOA).
 */
import type { DnsProviderConfig } from '../../config/schema.js';
import { errorMessage } from '../../util/errors.js';
import { DnsProviderError, type ProviderFactory, zoneFor } from '../provider.js';
import { findZone } from '../resolve.js';
import { DnsTimeoutError, formatServer, parseServer } from '../transport.js';
import { decodeSecret } from '../tsig.js';
import { sendUpdate, type TxtChange, UpdateError } from '../update.js';
import { commonFields } from './common.js';

type Rfc2136Config = Extract<DnsProviderConfig, { type: 'rfc2136' }>;

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

export const rfc2136: ProviderFactory = (name, raw, deps) => {
  const config = raw as Rfc2136Config;
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
};
