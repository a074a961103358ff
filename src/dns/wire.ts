/**
 * The DNS wire format (RFC 1035), only as much as certflow needs: queries for TXT, SOA, NS,
 * CNAME, A, AAAA and CAA, and DNS UPDATE messages (RFC 2136). Small on purpose; the encoder
 * never compresses names (allowed everywhere, and TSIG wants them uncompressed anyway).
 */

export const TYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  TXT: 16,
  AAAA: 28,
  OPT: 41,
  TSIG: 250,
  ANY: 255,
  CAA: 257,
} as const;

export const CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;
export const OPCODE = { QUERY: 0, UPDATE: 5 } as const;

export const RCODE_NAMES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
  16: 'BADSIG',
  17: 'BADKEY',
  18: 'BADTIME',
};

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface ResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  /** Raw RDATA as it appeared on the wire. */
  rdata: Buffer;
  /** Decoded value for the types we read (TXT: the strings joined; names for NS/CNAME...). */
  data?: string | string[] | SoaData | CaaData;
  /** Where the record starts in the message it was decoded from. */
  offset?: number;
}

export interface SoaData {
  mname: string;
  rname: string;
  serial: number;
}

export interface CaaData {
  flags: number;
  tag: string;
  value: string;
}

export interface Message {
  id: number;
  /** QR bit: a response. */
  response: boolean;
  opcode: number;
  /** Authoritative answer. */
  aa: boolean;
  /** Truncated: retry over TCP. */
  tc: boolean;
  rd: boolean;
  ra: boolean;
  rcode: number;
  questions: Question[];
  answers: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
}

/** Lower-case, no trailing dot: the one spelling names are compared in. */
export function normalizeName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/** Encodes a name as labels (no compression). Throws on labels longer than 63 bytes. */
export function encodeName(name: string): Buffer {
  const norm = name.replace(/\.$/, '');
  const parts: Buffer[] = [];
  if (norm.length > 0) {
    for (const label of norm.split('.')) {
      const bytes = Buffer.from(label, 'utf8');
      if (bytes.length === 0 || bytes.length > MAX_LABEL) throw new Error(`invalid DNS name: ${name}`);
      parts.push(Buffer.from([bytes.length]), bytes);
    }
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** TXT RDATA: one or more <character-string>s of at most 255 bytes each. */
export function encodeTxt(value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
    if (bytes.length === 0) break;
  }
  return Buffer.concat(parts);
}

export function encodeRecord(rr: Omit<ResourceRecord, 'data'>): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt16BE(rr.type, 0);
  head.writeUInt16BE(rr.class, 2);
  head.writeUInt32BE(rr.ttl >>> 0, 4);
  head.writeUInt16BE(rr.rdata.length, 8);
  return Buffer.concat([encodeName(rr.name), head, rr.rdata]);
}

export interface EncodeOptions {
  id: number;
  opcode?: number;
  rd?: boolean;
  questions: Question[];
  answers?: Array<Omit<ResourceRecord, 'data'>>;
  authority?: Array<Omit<ResourceRecord, 'data'>>;
  additional?: Array<Omit<ResourceRecord, 'data'>>;
}

/**
 * Builds a message. For UPDATE the sections are named zone/prerequisite/update/additional
 * but laid out exactly like question/answer/authority/additional.
 */
export function encodeMessage(m: EncodeOptions): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(m.id, 0);
  const opcode = m.opcode ?? OPCODE.QUERY;
  header.writeUInt16BE(((opcode & 0xf) << 11) | (m.rd ? 0x0100 : 0), 2);
  header.writeUInt16BE(m.questions.length, 4);
  header.writeUInt16BE(m.answers?.length ?? 0, 6);
  header.writeUInt16BE(m.authority?.length ?? 0, 8);
  header.writeUInt16BE(m.additional?.length ?? 0, 10);
  const parts: Buffer[] = [header];
  for (const q of m.questions) {
    const tail = Buffer.alloc(4);
    tail.writeUInt16BE(q.type, 0);
    tail.writeUInt16BE(q.class, 2);
    parts.push(encodeName(q.name), tail);
  }
  for (const rr of [...(m.answers ?? []), ...(m.authority ?? []), ...(m.additional ?? [])]) {
    parts.push(encodeRecord(rr));
  }
  return Buffer.concat(parts);
}

/**
 * A DNS message that breaks the wire format or our limits. Answers come from the network, so
 * every way a decoder can fail ends here, never in a RangeError from reading past the end.
 */
export class DnsDecodeError extends Error {
  constructor(message: string) {
    super(`malformed DNS message: ${message}`);
    this.name = 'DnsDecodeError';
  }
}

/** RFC 1035 section 2.3.4: a label holds 63 bytes, a name 255 on the wire. */
export const MAX_LABEL = 63;
export const MAX_NAME = 255;
/**
 * What a sensible answer holds. One question (RFC 9619: QDCOUNT above 1 is invalid). Records:
 * a TXT set during a busy renewal, NS, SOA, OPT and TSIG fit with room to spare; more is an
 * attack on our memory, and refusing it costs nothing because we read nothing else.
 */
export const MAX_QUESTIONS = 1;
export const MAX_RECORDS = 256;

function u16(buf: Buffer, at: number, end: number, what: string): number {
  if (at + 2 > end) throw new DnsDecodeError(`${what} cut short at byte ${at}`);
  return buf.readUInt16BE(at);
}

/**
 * One label in presentation form: printable ASCII stays, anything else (dots and backslashes
 * inside a label, spaces, non-ASCII bytes) becomes \DDD, so a label can never pose as two
 * labels ("attacker.net" in one label is not the name attacker.net) and a name is plain text.
 */
function labelText(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    if (b > 0x20 && b < 0x7f && b !== 0x2e && b !== 0x5c) out += String.fromCharCode(b);
    else out += `\\${String(b).padStart(3, '0')}`;
  }
  return out;
}

/**
 * Reads a possibly compressed name at `offset`; returns the name and the offset after it.
 * The name's own bytes (up to its first pointer) must lie before `end` (the end of the RDATA
 * when the name is a field of one). Pointers must point backwards, to an earlier name (RFC
 * 1035 4.1.4 says "prior occurrence"), which rules out loops; labels of 64-191 bytes (length
 * bytes 0x40-0xBF) are reserved label types and refused, as are names over 255 bytes.
 */
export function decodeName(buf: Buffer, offset: number, end = buf.length): { name: string; next: number } {
  const labels: string[] = [];
  let wireLength = 1; // the final zero byte
  let at = offset;
  let limit = end;
  let next = -1;
  let hops = 0;
  for (;;) {
    if (at >= limit) throw new DnsDecodeError(`name cut short at byte ${at}`);
    const len = buf[at] as number;
    if (len === 0) {
      if (next < 0) next = at + 1;
      return { name: labels.join('.'), next };
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (at + 2 > limit) throw new DnsDecodeError(`compression pointer cut short at byte ${at}`);
      const target = ((len & 0x3f) << 8) | (buf[at + 1] as number);
      if (target >= at) {
        throw new DnsDecodeError(
          `compression pointer loop at byte ${at} (a pointer must point to an earlier name)`,
        );
      }
      // A 255-byte name has at most 127 labels: more pointers than that is a chain to nowhere.
      if (++hops > 127)
        throw new DnsDecodeError(`more than 127 compression pointers in a name at byte ${offset}`);
      if (next < 0) next = at + 2;
      // Past a pointer the name may continue anywhere earlier in the message.
      limit = at;
      at = target;
      continue;
    }
    if (kind !== 0)
      throw new DnsDecodeError(`label type 0x${len.toString(16)} at byte ${at} is not supported`);
    if (at + 1 + len > limit) throw new DnsDecodeError(`label cut short at byte ${at}`);
    wireLength += 1 + len;
    if (wireLength > MAX_NAME)
      throw new DnsDecodeError(`name longer than ${MAX_NAME} bytes at byte ${offset}`);
    labels.push(labelText(buf.subarray(at + 1, at + 1 + len)));
    at += 1 + len;
  }
}

/** A name that must fill a field exactly (CNAME, NS: the whole RDATA). */
function nameField(buf: Buffer, start: number, end: number, what: string): string {
  const n = decodeName(buf, start, end);
  if (n.next !== end) throw new DnsDecodeError(`${what} does not fill its RDATA`);
  return n.name;
}

/** TXT RDATA: one or more <character-string>s, each inside the RDATA. */
function decodeTxt(rdata: Buffer): string[] {
  if (rdata.length === 0) throw new DnsDecodeError('TXT record with empty RDATA');
  const out: string[] = [];
  let i = 0;
  while (i < rdata.length) {
    const len = rdata[i] as number;
    if (i + 1 + len > rdata.length) {
      throw new DnsDecodeError(`TXT string claims ${len} bytes but its RDATA holds ${rdata.length - i - 1}`);
    }
    out.push(rdata.toString('utf8', i + 1, i + 1 + len));
    i += 1 + len;
  }
  return out;
}

function decodeData(buf: Buffer, type: number, start: number, rdata: Buffer): ResourceRecord['data'] {
  const end = start + rdata.length;
  switch (type) {
    case TYPE.TXT:
      return decodeTxt(rdata);
    case TYPE.NS:
      return nameField(buf, start, end, 'NS target');
    case TYPE.CNAME:
      return nameField(buf, start, end, 'CNAME target');
    case TYPE.A:
      if (rdata.length !== 4) throw new DnsDecodeError(`A record with ${rdata.length} bytes of RDATA`);
      return Array.from(rdata).join('.');
    case TYPE.AAAA: {
      if (rdata.length !== 16) throw new DnsDecodeError(`AAAA record with ${rdata.length} bytes of RDATA`);
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(rdata.readUInt16BE(i).toString(16));
      return groups.join(':');
    }
    case TYPE.SOA: {
      const m = decodeName(buf, start, end);
      const r = decodeName(buf, m.next, end);
      // serial, refresh, retry, expire, minimum: exactly 20 bytes left.
      if (r.next + 20 !== end) throw new DnsDecodeError('SOA fields do not fill its RDATA');
      return { mname: m.name, rname: r.name, serial: buf.readUInt32BE(r.next) };
    }
    case TYPE.CAA: {
      const tagLen = rdata[1] ?? 0;
      if (rdata.length < 2 || tagLen === 0 || 2 + tagLen > rdata.length) {
        throw new DnsDecodeError('CAA tag does not fit its RDATA');
      }
      return {
        flags: rdata[0] as number,
        tag: rdata.toString('ascii', 2, 2 + tagLen).toLowerCase(),
        value: rdata.toString('utf8', 2 + tagLen),
      };
    }
    default:
      return undefined;
  }
}

/**
 * Decodes a message, within the limits above. Counts are checked against the header before
 * anything is read, and against the bytes there are (a question takes at least 5, a record
 * 11), so a lying header costs nothing.
 */
export function decodeMessage(buf: Buffer): Message {
  if (buf.length < 12) throw new DnsDecodeError(`${buf.length} bytes, shorter than a header`);
  const flags = buf.readUInt16BE(2);
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  const [qd, an, ns, ar] = counts as [number, number, number, number];
  if (qd > MAX_QUESTIONS) throw new DnsDecodeError(`${qd} questions (at most ${MAX_QUESTIONS})`);
  if (an + ns + ar > MAX_RECORDS)
    throw new DnsDecodeError(`${an + ns + ar} records (at most ${MAX_RECORDS})`);
  if (12 + qd * 5 + (an + ns + ar) * 11 > buf.length) {
    throw new DnsDecodeError(`the header counts more records than ${buf.length} bytes can hold`);
  }
  let at = 12;
  const questions: Question[] = [];
  for (let i = 0; i < qd; i++) {
    const n = decodeName(buf, at);
    const type = u16(buf, n.next, buf.length, 'question');
    const klass = u16(buf, n.next + 2, buf.length, 'question');
    questions.push({ name: n.name, type, class: klass });
    at = n.next + 4;
  }
  const sections: ResourceRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < (counts[s + 1] as number); i++) {
      const offset = at;
      const n = decodeName(buf, at);
      const len = u16(buf, n.next + 8, buf.length, 'record header');
      const type = buf.readUInt16BE(n.next);
      const klass = buf.readUInt16BE(n.next + 2);
      const ttl = buf.readUInt32BE(n.next + 4);
      const start = n.next + 10;
      if (start + len > buf.length) throw new DnsDecodeError(`RDATA cut short at byte ${start}`);
      const rdata = buf.subarray(start, start + len);
      (sections[s] as ResourceRecord[]).push({
        name: n.name,
        type,
        class: klass,
        ttl,
        rdata,
        data: decodeData(buf, type, start, rdata),
        offset,
      });
      at = start + len;
    }
  }
  return {
    id: buf.readUInt16BE(0),
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode: flags & 0xf,
    questions,
    answers: sections[0] as ResourceRecord[],
    authority: sections[1] as ResourceRecord[],
    additional: sections[2] as ResourceRecord[],
  };
}

export function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}

/** TXT values of `name` in a message's answers (strings of one record joined, RFC 7208 style). */
export function txtValues(msg: Message, name: string): string[] {
  const want = normalizeName(name);
  return msg.answers
    .filter((rr) => rr.type === TYPE.TXT && normalizeName(rr.name) === want)
    .map((rr) => (rr.data as string[]).join(''));
}
