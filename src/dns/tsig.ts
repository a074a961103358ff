/**
 * TSIG (RFC 8945): HMAC signatures on DNS messages, for signed UPDATEs. Only the HMAC-SHA2
 * algorithms; names are always written lower case and uncompressed, as the MAC requires
 * (and as bind expects: an upper-case or unknown algorithm name gets BADKEY).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CLASS, decodeName, encodeName, normalizeName, TYPE } from './wire.js';

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

/** Offset where the last additional record starts, or -1 when there is none. */
function lastRecordOffset(buf: Buffer): number {
  const qd = buf.readUInt16BE(4);
  const total = buf.readUInt16BE(6) + buf.readUInt16BE(8) + buf.readUInt16BE(10);
  if (buf.readUInt16BE(10) === 0) return -1;
  let at = 12;
  for (let i = 0; i < qd; i++) at = decodeName(buf, at).next + 4;
  let last = -1;
  for (let i = 0; i < total; i++) {
    last = at;
    const n = decodeName(buf, at);
    at = n.next + 10 + buf.readUInt16BE(n.next + 8);
  }
  return last;
}

/** Splits a message into the part before its TSIG RR and the decoded TSIG, when it ends with one. */
export function extractTsig(
  buf: Buffer,
): { unsigned: Buffer; tsig: TsigRecord; keyName: string } | undefined {
  const at = lastRecordOffset(buf);
  if (at < 0) return undefined;
  const owner = decodeName(buf, at);
  if (buf.readUInt16BE(owner.next) !== TYPE.TSIG) return undefined;
  let i = owner.next + 10;
  const alg = decodeName(buf, i);
  i = alg.next;
  const timeSigned = buf.readUInt16BE(i) * 2 ** 32 + buf.readUInt32BE(i + 2);
  const fudge = buf.readUInt16BE(i + 6);
  const macLen = buf.readUInt16BE(i + 8);
  const mac = buf.subarray(i + 10, i + 10 + macLen);
  i += 10 + macLen;
  const tsig: TsigRecord = {
    algorithm: alg.name.toLowerCase(),
    timeSigned,
    fudge,
    mac: Buffer.from(mac),
    originalId: buf.readUInt16BE(i),
    error: buf.readUInt16BE(i + 2),
    other: Buffer.from(buf.subarray(i + 6, i + 6 + buf.readUInt16BE(i + 4))),
  };
  const unsigned = Buffer.from(buf.subarray(0, at));
  unsigned.writeUInt16BE(buf.readUInt16BE(10) - 1, 10);
  unsigned.writeUInt16BE(tsig.originalId, 0);
  return { unsigned, tsig, keyName: owner.name };
}

/**
 * Checks the MAC of a response to a request we signed with `requestMac`. Returns the TSIG
 * error the server reported (BADSIG, BADKEY, BADTIME) or a local verdict.
 */
export function verifyResponse(
  response: Buffer,
  key: TsigKey,
  requestMac: Buffer,
): { ok: true } | { ok: false; reason: string; tsigError?: number } {
  const found = extractTsig(response);
  if (!found) return { ok: false, reason: 'the response is not signed' };
  const { unsigned, tsig } = found;
  if (tsig.error !== 0) return { ok: false, reason: `TSIG error ${tsig.error}`, tsigError: tsig.error };
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
  return { ok: true };
}
