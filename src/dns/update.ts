/**
 * DNS UPDATE (RFC 2136) of TXT records, signed with TSIG (RFC 8945). Add one value; delete one
 * value (class NONE with the exact RDATA, so other values of the name stay).
 */
import { randomInt } from 'node:crypto';
import { errorMessage } from '../util/errors.js';
import { exchange, formatServer, type Server } from './transport.js';
import { signMessage, type TsigKey, verifyResponse } from './tsig.js';
import {
  CLASS,
  decodeMessage,
  encodeMessage,
  encodeTxt,
  normalizeName,
  OPCODE,
  rcodeName,
  TYPE,
} from './wire.js';

export interface TxtChange {
  op: 'add' | 'delete';
  fqdn: string;
  value: string;
  ttl: number;
}

/** Builds the unsigned UPDATE message for `zone`. Exported for wire-format tests. */
export function buildUpdate(id: number, zone: string, changes: TxtChange[]): Buffer {
  return encodeMessage({
    id,
    opcode: OPCODE.UPDATE,
    questions: [{ name: normalizeName(zone), type: TYPE.SOA, class: CLASS.IN }],
    authority: changes.map((c) => ({
      name: normalizeName(c.fqdn),
      type: TYPE.TXT,
      class: c.op === 'add' ? CLASS.IN : CLASS.NONE,
      ttl: c.op === 'add' ? c.ttl : 0,
      rdata: encodeTxt(c.value),
    })),
  });
}

export class UpdateError extends Error {
  readonly rcode?: string;
  readonly tsigError?: string;
  constructor(message: string, rcode?: string, tsigError?: string) {
    super(message);
    this.name = 'UpdateError';
    this.rcode = rcode;
    this.tsigError = tsigError;
  }
}

export interface UpdateOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Send over TCP from the start. */
  tcp?: boolean;
}

/** Sends a signed UPDATE and checks the answer (rcode and the server's TSIG). */
export async function sendUpdate(
  server: Server,
  zone: string,
  key: TsigKey,
  changes: TxtChange[],
  opts: UpdateOptions = {},
): Promise<void> {
  const unsigned = buildUpdate(randomInt(0, 0x10000), zone, changes);
  const { wire, mac } = signMessage(unsigned, key);
  const raw = await exchange(server, wire, {
    timeoutMs: opts.timeoutMs ?? 3000,
    signal: opts.signal,
    tcp: opts.tcp,
  });
  const where = `${formatServer(server)} (zone ${normalizeName(zone)})`;
  let answer: ReturnType<typeof decodeMessage>;
  try {
    answer = decodeMessage(raw);
  } catch (error) {
    throw new UpdateError(`${where} sent an answer we cannot read: ${errorMessage(error)}`);
  }
  const verdict = verifyResponse(raw, key, mac);
  if (answer.rcode !== 0) {
    const tsigError = !verdict.ok && verdict.tsigError ? rcodeName(verdict.tsigError) : undefined;
    throw new UpdateError(
      `${where} refused the update: ${rcodeName(answer.rcode)}${tsigError ? ` (TSIG ${tsigError})` : ''}`,
      rcodeName(answer.rcode),
      tsigError,
    );
  }
  // A NOERROR that we cannot verify did not come from the holder of the key.
  if (!verdict.ok) throw new UpdateError(`${where}: ${verdict.reason}`);
}
