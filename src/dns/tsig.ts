/**
 * TSIG (RFC 8945): HMAC signatures on DNS messages, for signed UPDATEs. Only the HMAC-SHA2
 * algorithms; names are always written lower case and uncompressed, as the MAC requires
 * (and as bind expects: an upper-case or unknown algorithm name gets BADKEY).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CLASS, DnsDecodeError, decodeMessage, decodeName, encodeName, normalizeName, TYPE } from './wire.js';

export type TsigAlgorithm = 'hmac-sha256' | 'hmac-sha384' | 'hmac-sha512';

const HASH: Record<TsigAlgorithm, string> = {
  'hmac-sha256': 'sha256',
  'hmac-sha384': 'sha384',
  'hmac-sha512': 'sha512',
};

export interface TsigKey {
  name: string;
  algorithm: TsigAlgorithm;
  /** The shared secret, decoded from base64. */
  secret: Buffer;
}

export interface SignOptions {
  /** Seconds since the epoch; default now. Fixed in tests to compare against other signers. */
  timeSigned?: number;
  fudge?: number;
  /** When signing a response: the request's MAC, which the response MAC covers. */
  requestMac?: Buffer;
}

export interface TsigRecord {
  algorithm: string;
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  other: Buffer;
}

/** Decodes a secret written in base64, as bind's key files and `tsig-keygen` print it. */
export function decodeSecret(base64: string): Buffer {
  const clean = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(clean)) throw new Error('the TSIG secret is not base64');
  return Buffer.from(clean, 'base64');
}

function uint48(value: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUInt16BE(Math.floor(value / 2 ** 32), 0);
  b.writeUInt32BE(value % 2 ** 32, 2);
  return b;
}

/** The "TSIG variables" that follow the message in the MAC input (RFC 8945 section 4.3.3). */
function variables(key: TsigKey, timeSigned: number, fudge: number, error: number, other: Buffer): Buffer {
  const fixed = Buffer.alloc(6);
  fixed.writeUInt16BE(CLASS.ANY, 0);
  fixed.writeUInt32BE(0, 2); // TTL
  const tail = Buffer.alloc(6);
  tail.writeUInt16BE(fudge, 0);
  tail.writeUInt16BE(error, 2);
  tail.writeUInt16BE(other.length, 4);
  return Buffer.concat([
    encodeName(normalizeName(key.name)),
    fixed,
    encodeName(key.algorithm),
    uint48(timeSigned),
    tail,
    other,
  ]);
}

function hmac(key: TsigKey, ...parts: Buffer[]): Buffer {
  const h = createHmac(HASH[key.algorithm], key.secret);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Signs `message` (a complete message without TSIG); returns it with the TSIG RR appended. */
export function signMessage(
  message: Buffer,
  key: TsigKey,
  opts: SignOptions = {},
): { wire: Buffer; mac: Buffer } {
  const timeSigned = opts.timeSigned ?? Math.floor(Date.now() / 1000);
  const fudge = opts.fudge ?? 300;
  const prior: Buffer[] = [];
  if (opts.requestMac) {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(opts.requestMac.length, 0);
    prior.push(len, opts.requestMac);
  }
  const mac = hmac(key, ...prior, message, variables(key, timeSigned, fudge, 0, Buffer.alloc(0)));
  const rdataHead = Buffer.alloc(10);
  uint48(timeSigned).copy(rdataHead, 0);
  rdataHead.writeUInt16BE(fudge, 6);
  rdataHead.writeUInt16BE(mac.length, 8);
  const rdataTail = Buffer.alloc(6);
  rdataTail.writeUInt16BE(message.readUInt16BE(0), 0); // original ID
  rdataTail.writeUInt16BE(0, 2); // error
  rdataTail.writeUInt16BE(0, 4); // other len
  const rdata = Buffer.concat([encodeName(key.algorithm), rdataHead, mac, rdataTail]);
  const rrHead = Buffer.alloc(10);
  rrHead.writeUInt16BE(TYPE.TSIG, 0);
  rrHead.writeUInt16BE(CLASS.ANY, 2);
  rrHead.writeUInt32BE(0, 4);
  rrHead.writeUInt16BE(rdata.length, 8);
  const wire = Buffer.concat([message, encodeName(normalizeName(key.name)), rrHead, rdata]);
  wire.writeUInt16BE(message.readUInt16BE(10) + 1, 10); // ARCOUNT
  return { wire, mac };
}

/** Reads the TSIG RDATA (RFC 8945 section 4.2), every field inside its RDLENGTH. */
function decodeTsigRdata(buf: Buffer, start: number, end: number): TsigRecord {
  const alg = decodeName(buf, start, end);
  let i = alg.next;
  const field = (bytes: number, what: string): number => {
    if (i + bytes > end) throw new DnsDecodeError(`TSIG ${what} runs past its RDATA`);
    const at = i;
    i += bytes;
    return at;
  };
  const time = field(6, 'time');
  const timeSigned = buf.readUInt16BE(time) * 2 ** 32 + buf.readUInt32BE(time + 2);
  const fudge = buf.readUInt16BE(field(2, 'fudge'));
  const macLen = buf.readUInt16BE(field(2, 'MAC size'));
  const macAt = field(macLen, `MAC of ${macLen} bytes`);
  const mac = Buffer.from(buf.subarray(macAt, macAt + macLen));
  const originalId = buf.readUInt16BE(field(2, 'original ID'));
  const error = buf.readUInt16BE(field(2, 'error'));
  const otherLen = buf.readUInt16BE(field(2, 'other length'));
  const otherAt = field(otherLen, `other data of ${otherLen} bytes`);
  const other = Buffer.from(buf.subarray(otherAt, otherAt + otherLen));
  if (i !== end) throw new DnsDecodeError(`TSIG RDATA has ${end - i} bytes too many`);
  return { algorithm: alg.name.toLowerCase(), timeSigned, fudge, mac, originalId, error, other };
}

/**
 * Splits a message into the part before its TSIG RR and the decoded TSIG, when it ends with one.
 * Throws DnsDecodeError on a malformed message, or a TSIG that is not the last record.
 */
export function extractTsig(
  buf: Buffer,
): { unsigned: Buffer; tsig: TsigRecord; keyName: string } | undefined {
  const msg = decodeMessage(buf);
  const records = [...msg.answers, ...msg.authority, ...msg.additional];
  const last = msg.additional.at(-1);
  if (records.some((rr) => rr.type === TYPE.TSIG && rr !== last)) {
    throw new DnsDecodeError('a TSIG record that is not the last record');
  }
  if (!last || last.type !== TYPE.TSIG) return undefined;
  const start = last.rdata.byteOffset - buf.byteOffset;
  const tsig = decodeTsigRdata(buf, start, start + last.rdata.length);
  const unsigned = Buffer.from(buf.subarray(0, last.offset as number));
  unsigned.writeUInt16BE(buf.readUInt16BE(10) - 1, 10);
  unsigned.writeUInt16BE(tsig.originalId, 0);
  return { unsigned, tsig, keyName: last.name.toLowerCase() };
}

export interface VerifyOptions {
  /** Seconds since the epoch; default now. */
  now?: number;
  /**
   * The widest clock difference we accept, in seconds (default 300, what we sign with). The
   * response's own fudge can only narrow it: a forger must not widen the window by asking.
   */
  fudge?: number;
}

/**
 * Checks a response to a request we signed with `requestMac` (RFC 8945 section 5.2 and 5.3.2):
 * signed with our key name and algorithm, a MAC that verifies, and a time within the fudge of
 * our clock (so a genuine answer cannot be replayed years later). Returns the TSIG error the
 * server reported (BADSIG, BADKEY, BADTIME) or a local verdict.
 */
export function verifyResponse(
  response: Buffer,
  key: TsigKey,
  requestMac: Buffer,
  opts: VerifyOptions = {},
): { ok: true } | { ok: false; reason: string; tsigError?: number } {
  let found: ReturnType<typeof extractTsig>;
  try {
    found = extractTsig(response);
  } catch (error) {
    if (error instanceof DnsDecodeError) return { ok: false, reason: error.message };
    throw error;
  }
  if (!found) return { ok: false, reason: 'the response is not signed' };
  const { unsigned, tsig, keyName } = found;
  if (tsig.error !== 0) return { ok: false, reason: `TSIG error ${tsig.error}`, tsigError: tsig.error };
  if (normalizeName(keyName) !== normalizeName(key.name) || tsig.algorithm !== key.algorithm) {
    return {
      ok: false,
      reason: `the response is signed with key "${keyName}" (${tsig.algorithm}), not ours ("${normalizeName(key.name)}", ${key.algorithm})`,
    };
  }
  const macLen = Buffer.alloc(2);
  macLen.writeUInt16BE(requestMac.length, 0);
  const expected = hmac(
    key,
    macLen,
    requestMac,
    unsigned,
    variables(key, tsig.timeSigned, tsig.fudge, tsig.error, tsig.other),
  );
  if (expected.length !== tsig.mac.length || !timingSafeEqual(expected, tsig.mac)) {
    return { ok: false, reason: 'the response signature does not verify' };
  }
  // The time check comes after the MAC check (RFC 8945 5.2.3): only a genuine time is judged.
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const window = Math.min(tsig.fudge, opts.fudge ?? 300);
  if (Math.abs(now - tsig.timeSigned) > window) {
    const when = new Date(tsig.timeSigned * 1000).toISOString();
    return {
      ok: false,
      reason: `the response is signed at ${when}, more than ${window} s from our clock: check the clocks, or it is a replay`,
    };
  }
  return { ok: true };
}
