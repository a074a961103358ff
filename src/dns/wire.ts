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
      if (bytes.length === 0 || bytes.length > 63) throw new Error(`invalid DNS name: ${name}`);
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

/** Reads a possibly compressed name at `offset`; returns the name and the offset after it. */
export function decodeName(buf: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let at = offset;
  let next = -1;
  for (let hops = 0; hops < 128; hops++) {
    if (at >= buf.length) throw new Error('DNS message truncated inside a name');
    const len = buf[at] as number;
    if (len === 0) {
      if (next < 0) next = at + 1;
      return { name: labels.join('.'), next };
    }
    if ((len & 0xc0) === 0xc0) {
      if (at + 1 >= buf.length) throw new Error('DNS message truncated inside a pointer');
      if (next < 0) next = at + 2;
      at = ((len & 0x3f) << 8) | (buf[at + 1] as number);
      continue;
    }
    if (at + 1 + len > buf.length) throw new Error('DNS message truncated inside a label');
    labels.push(buf.toString('utf8', at + 1, at + 1 + len));
    at += 1 + len;
  }
  throw new Error('DNS name compression loop');
}

function decodeTxt(rdata: Buffer): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < rdata.length) {
    const len = rdata[i] as number;
    out.push(rdata.toString('utf8', i + 1, i + 1 + len));
    i += 1 + len;
  }
  return out;
}

function decodeData(buf: Buffer, type: number, start: number, rdata: Buffer): ResourceRecord['data'] {
  switch (type) {
    case TYPE.TXT:
      return decodeTxt(rdata);
    case TYPE.NS:
    case TYPE.CNAME:
      return decodeName(buf, start).name;
    case TYPE.A:
      return rdata.length === 4 ? Array.from(rdata).join('.') : undefined;
    case TYPE.AAAA: {
      if (rdata.length !== 16) return undefined;
      const groups: string[] = [];
      for (let i = 0; i < 16; i += 2) groups.push(rdata.readUInt16BE(i).toString(16));
      return groups.join(':');
    }
    case TYPE.SOA: {
      const m = decodeName(buf, start);
      const r = decodeName(buf, m.next);
      return { mname: m.name, rname: r.name, serial: buf.readUInt32BE(r.next) };
    }
    case TYPE.CAA: {
      const tagLen = rdata[1] ?? 0;
      return {
        flags: rdata[0] ?? 0,
        tag: rdata.toString('ascii', 2, 2 + tagLen).toLowerCase(),
        value: rdata.toString('utf8', 2 + tagLen),
      };
    }
    default:
      return undefined;
  }
}

export function decodeMessage(buf: Buffer): Message {
  if (buf.length < 12) throw new Error('DNS message shorter than its header');
  const flags = buf.readUInt16BE(2);
  const counts = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  let at = 12;
  const questions: Question[] = [];
  for (let i = 0; i < (counts[0] as number); i++) {
    const n = decodeName(buf, at);
    questions.push({ name: n.name, type: buf.readUInt16BE(n.next), class: buf.readUInt16BE(n.next + 2) });
    at = n.next + 4;
  }
  const sections: ResourceRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < (counts[s + 1] as number); i++) {
      const n = decodeName(buf, at);
      if (n.next + 10 > buf.length) throw new Error('DNS message truncated inside a record');
      const type = buf.readUInt16BE(n.next);
      const klass = buf.readUInt16BE(n.next + 2);
      const ttl = buf.readUInt32BE(n.next + 4);
      const len = buf.readUInt16BE(n.next + 8);
      const start = n.next + 10;
      if (start + len > buf.length) throw new Error('DNS message truncated inside RDATA');
      const rdata = buf.subarray(start, start + len);
      (sections[s] as ResourceRecord[]).push({
        name: n.name,
        type,
        class: klass,
        ttl,
        rdata,
        data: decodeData(buf, type, start, rdata),
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
