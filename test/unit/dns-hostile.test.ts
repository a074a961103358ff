/**
 * DNS answers are hostile too: the decoder and the TSIG check get what a server on the path (or
 * a compromised DNS API's name server) can send. The cases a fuzz run found are fixed inputs
 * here; a seeded fuzz driver, bounded in iterations and time, mutates valid messages and holds
 * the decoder to its contract: a message decodes, or a DnsDecodeError says why. Never a
 * RangeError, never unbounded work. CERTFLOW_FUZZ_SEED picks another seed to explore.
 */

import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server as TcpServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { query } from '../../src/dns/query.js';
import { extractTsig, signMessage, type TsigKey, verifyResponse } from '../../src/dns/tsig.js';
import {
  CLASS,
  DnsDecodeError,
  decodeMessage,
  decodeName,
  encodeMessage,
  encodeName,
  encodeTxt,
  TYPE,
} from '../../src/dns/wire.js';

const KEY: TsigKey = { name: 'certflow-key', algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 7) };
const NOW = 1_780_000_000;

/** A response header: id 0x1234, QR+AA, NOERROR, and the four counts. */
function header(qd: number, an: number, ns = 0, ar = 0): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(0x1234, 0);
  h.writeUInt16BE(0x8400, 2);
  for (const [i, n] of [qd, an, ns, ar].entries()) h.writeUInt16BE(n, 4 + 2 * i);
  return h;
}

function question(name: string, type: number = TYPE.TXT): Buffer {
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(CLASS.IN, 2);
  return Buffer.concat([encodeName(name), tail]);
}

/** A record whose RDLENGTH is `rdlength`, whatever the RDATA that follows really holds. */
function record(owner: Buffer, type: number, rdata: Buffer, rdlength = rdata.length): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(CLASS.IN, 2);
  head.writeUInt32BE(60, 4);
  head.writeUInt16BE(rdlength, 8);
  return Buffer.concat([owner, head, rdata]);
}

const POINTER_TO_QUESTION = Buffer.from([0xc0, 0x0c]);

function expectDecodeError(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the decoder accepted it').toBeInstanceOf(DnsDecodeError);
  expect((caught as Error).message).toMatch(pattern);
}

/**
 * The 64 KiB answer: one long name made of 191-byte labels (length bytes 0xBF, which the
 * old decoder took as plain labels), then ~6,900 questions that all point to it.
 */
function bomb(opts: { questions: number; labelLength: number }): Buffer {
  const parts: Buffer[] = [];
  let name = Buffer.alloc(0);
  while (name.length < 16_000) {
    name = Buffer.concat([name, Buffer.from([opts.labelLength]), Buffer.alloc(opts.labelLength, 0x61)]);
  }
  name = Buffer.concat([name, Buffer.from([0])]);
  parts.push(header(opts.questions, 0), name, Buffer.from('00100001', 'hex'));
  const q = Buffer.from('c00c00100001', 'hex');
  for (let i = 1; i < opts.questions; i++) parts.push(q);
  return Buffer.concat(parts);
}

describe('DNS answers are hostile too: fixed inputs from the fuzz run', () => {
  it('refuses the 64 KiB answer of 191-byte labels and ~6,900 questions at the header', () => {
    const wire = bomb({ questions: 6_900, labelLength: 191 });
    expect(wire.length).toBeGreaterThan(56_000);
    expect(wire.length).toBeLessThanOrEqual(65_535);
    const cpu = process.cpuUsage();
    expectDecodeError(() => decodeMessage(wire), /6900 questions \(at most 1\)/);
    // Refused before any name is read; the old decoder spent 2 s here. Loose on purpose.
    expect(process.cpuUsage(cpu).user).toBeLessThan(200_000);
  });

  it('refuses labels with length bytes 0x40-0xBF, and names over 255 bytes', () => {
    expectDecodeError(() => decodeMessage(bomb({ questions: 1, labelLength: 191 })), /label type 0xbf/);
    expectDecodeError(() => decodeMessage(bomb({ questions: 1, labelLength: 64 })), /label type 0x40/);
    expectDecodeError(() => decodeMessage(bomb({ questions: 1, labelLength: 63 })), /longer than 255/);
    // 0x80 is reserved too: only 0xC0 is a pointer.
    expectDecodeError(() => decodeName(Buffer.from([0x80, 0x0c]), 0), /label type 0x80/);
  });

  it('caps the records an answer may count, before reading them', () => {
    const wire = Buffer.concat([header(1, 300), question('a.example')]);
    expectDecodeError(() => decodeMessage(wire), /300 records \(at most 256\)/);
    // A header that counts more than the bytes can hold is refused without reading on.
    expectDecodeError(
      () => decodeMessage(Buffer.concat([header(1, 200), question('a.example')])),
      /can hold/,
    );
  });

  it('keeps the work of the largest answer it accepts small', () => {
    // 255 answers that each point to a 253-byte name: the most name text the limits allow.
    const long = Array.from({ length: 4 }, () => 'b'.repeat(62)).join('.');
    const rdata = encodeTxt('v');
    const parts = [header(1, 255), question(long)];
    for (let i = 0; i < 255; i++) parts.push(record(POINTER_TO_QUESTION, TYPE.TXT, rdata));
    const msg = decodeMessage(Buffer.concat(parts));
    expect(msg.answers).toHaveLength(255);
    const text = msg.answers.reduce((n, rr) => n + rr.name.length, 0);
    expect(text).toBeLessThanOrEqual(255 * 255);
  });

  it('refuses pointers that point forwards or to themselves (no loops)', () => {
    expectDecodeError(() => decodeName(Buffer.from([0xc0, 0x00]), 0), /loop/);
    expectDecodeError(() => decodeName(Buffer.from([0x00, 0xc0, 0x03, 0x00]), 1), /loop/);
    // Two pointers that point at each other.
    expectDecodeError(() => decodeName(Buffer.from([0xc0, 0x02, 0xc0, 0x00]), 2), /loop/);
  });

  it('does not take the next record owner as the target of a CNAME of length 0', () => {
    const wire = Buffer.concat([
      header(1, 2),
      question('_acme-challenge.example.com'),
      record(POINTER_TO_QUESTION, TYPE.CNAME, Buffer.alloc(0)),
      record(encodeName('attacker.net'), TYPE.TXT, encodeTxt('x')),
    ]);
    expectDecodeError(() => decodeMessage(wire), /cut short/);
    // A CNAME whose name runs past its RDLENGTH into the next record is refused too.
    const target = encodeName('attacker.net');
    const lying = Buffer.concat([
      header(1, 1),
      question('_acme-challenge.example.com'),
      record(POINTER_TO_QUESTION, TYPE.CNAME, target, 3),
      target.subarray(3),
    ]);
    expectDecodeError(() => decodeMessage(lying), /cut short|does not fill/);
  });

  it('does not read an SOA of length 0 from the bytes after it', () => {
    const soa = Buffer.concat([encodeName('ns.example'), encodeName('admin.example'), Buffer.alloc(20, 1)]);
    const wire = Buffer.concat([
      header(1, 1, 1),
      question('example', TYPE.SOA),
      record(POINTER_TO_QUESTION, TYPE.SOA, Buffer.alloc(0)),
      record(POINTER_TO_QUESTION, TYPE.TXT, soa.subarray(0, 0)),
    ]);
    expectDecodeError(() => decodeMessage(wire), /cut short|empty RDATA/);
    const short = Buffer.concat([
      header(1, 1),
      question('example', TYPE.SOA),
      record(POINTER_TO_QUESTION, TYPE.SOA, soa.subarray(0, 30)),
    ]);
    expectDecodeError(() => decodeMessage(short), /SOA|cut short/);
  });

  it('refuses a TXT string that claims more bytes than its RDATA holds', () => {
    const rdata = Buffer.concat([Buffer.from([200]), Buffer.alloc(20, 0x41)]);
    const wire = Buffer.concat([
      header(1, 1),
      question('t.example'),
      record(POINTER_TO_QUESTION, TYPE.TXT, rdata),
    ]);
    expectDecodeError(() => decodeMessage(wire), /claims 200 bytes/);
  });

  it('throws a decoder error, not a RangeError, for a question cut short', () => {
    const full = Buffer.concat([header(1, 0), question('cut.example')]);
    for (let len = 12; len < full.length; len++) {
      expectDecodeError(() => decodeMessage(full.subarray(0, len)), /cut short|can hold/);
    }
  });

  it('refuses a label that poses as two labels, by escaping the dot', () => {
    const label = Buffer.from('attacker.net');
    const wire = Buffer.concat([Buffer.from([label.length]), label, Buffer.from([0])]);
    expect(decodeName(wire, 0).name).toBe('attacker\\046net');
  });
});

/** A signed answer to an UPDATE we sent, as a server holding `key` would sign it. */
function signedAnswer(key: TsigKey, requestMac: Buffer, timeSigned: number): Buffer {
  const answer = encodeMessage({
    id: 0x4242,
    opcode: 5,
    questions: [{ name: 'example.com', type: TYPE.SOA, class: CLASS.IN }],
  });
  answer.writeUInt16BE(answer.readUInt16BE(2) | 0x8000, 2);
  return signMessage(answer, key, { requestMac, timeSigned }).wire;
}

describe('DNS answers are hostile too: TSIG (RFC 8945 5.2)', () => {
  const requestMac = Buffer.alloc(32, 9);

  it('accepts a genuine answer signed within the fudge of our clock', () => {
    expect(verifyResponse(signedAnswer(KEY, requestMac, NOW - 200), KEY, requestMac, { now: NOW })).toEqual({
      ok: true,
    });
  });

  it('refuses a genuine signature dated 1970 or ten years ahead', () => {
    for (const when of [1, NOW + 10 * 365 * 86_400, NOW - 301]) {
      const verdict = verifyResponse(signedAnswer(KEY, requestMac, when), KEY, requestMac, { now: NOW });
      expect(verdict.ok).toBe(false);
      expect(verdict.ok === false && verdict.reason).toMatch(/from our clock/);
    }
  });

  it('does not let the response widen the time window with its own fudge', () => {
    const answer = encodeMessage({ id: 1, questions: [] });
    const wire = signMessage(answer, KEY, { requestMac, timeSigned: NOW - 3_600, fudge: 65_535 }).wire;
    expect(verifyResponse(wire, KEY, requestMac, { now: NOW }).ok).toBe(false);
  });

  it('refuses an answer signed with another key name or algorithm', () => {
    const renamed = { ...KEY, name: 'other-key' };
    const other = verifyResponse(signedAnswer(renamed, requestMac, NOW), KEY, requestMac, { now: NOW });
    expect(other.ok === false && other.reason).toMatch(/key "other-key"/);
    const sha512 = { ...KEY, algorithm: 'hmac-sha512' as const };
    const alg = verifyResponse(signedAnswer(sha512, requestMac, NOW), KEY, requestMac, { now: NOW });
    expect(alg.ok === false && alg.reason).toMatch(/hmac-sha512/);
  });

  it('gives a clean error for a MAC length of 65535', () => {
    const wire = signedAnswer(KEY, requestMac, NOW);
    // The MAC size field sits 10 bytes into the TSIG RDATA after the algorithm name.
    const at = wire.indexOf(encodeName('hmac-sha256')) + encodeName('hmac-sha256').length + 8;
    wire.writeUInt16BE(0xffff, at);
    expectDecodeError(() => extractTsig(wire), /MAC of 65535 bytes/);
    const verdict = verifyResponse(wire, KEY, requestMac, { now: NOW });
    expect(verdict.ok === false && verdict.reason).toMatch(/MAC of 65535 bytes/);
  });
});

/** mulberry32: small, seeded, the same sequence on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Valid messages of every shape the decoder reads: the fuzz driver's starting points. */
function corpus(): Buffer[] {
  const txt = Buffer.concat([
    header(1, 2, 0, 0),
    question('_acme-challenge.www.example.com'),
    record(POINTER_TO_QUESTION, TYPE.CNAME, Buffer.from([3, 0x61, 0x63, 0x6d, 0xc0, 0x0c])),
    record(Buffer.from([0xc0, 0x0c]), TYPE.TXT, Buffer.concat([encodeTxt('token-1'), encodeTxt('x')])),
  ]);
  const soa = Buffer.concat([
    header(1, 1, 1, 1),
    question('example.com', TYPE.SOA),
    record(
      POINTER_TO_QUESTION,
      TYPE.SOA,
      Buffer.concat([
        Buffer.from([2, 0x6e, 0x73, 0xc0, 0x0c]),
        Buffer.from([0xc0, 0x0c]),
        Buffer.alloc(20, 2),
      ]),
    ),
    record(POINTER_TO_QUESTION, TYPE.NS, Buffer.from([3, 0x6e, 0x73, 0x31, 0xc0, 0x0c])),
    record(encodeName('ns1.example.com'), TYPE.A, Buffer.from([127, 0, 0, 11])),
  ]);
  const caa = Buffer.concat([
    header(1, 2),
    question('example.com', TYPE.CAA),
    record(
      POINTER_TO_QUESTION,
      TYPE.CAA,
      Buffer.concat([Buffer.from([0, 5]), Buffer.from('issuepebble.example')]),
    ),
    record(POINTER_TO_QUESTION, TYPE.AAAA, Buffer.alloc(16, 1)),
  ]);
  return [txt, soa, caa, signedAnswer(KEY, Buffer.alloc(32, 9), NOW)];
}

const SPECIAL = [0x00, 0x01, 0x3f, 0x40, 0x80, 0xbf, 0xc0, 0xc0, 0xff];

function mutate(input: Buffer, rand: () => number): Buffer {
  let b = Buffer.from(input);
  const pick = (n: number) => Math.floor(rand() * n);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    switch (pick(6)) {
      case 0:
        b[pick(b.length)] = pick(256);
        break;
      case 1:
        b[pick(b.length)] = SPECIAL[pick(SPECIAL.length)] as number;
        break;
      case 2:
        b = b.subarray(0, pick(b.length + 1));
        break;
      case 3: {
        // A count (question, answer, authority or additional) set to anything.
        if (b.length >= 12) b.writeUInt16BE(pick(2) ? pick(8) : pick(0x10000), 4 + 2 * pick(4));
        break;
      }
      case 4: {
        const at = pick(b.length);
        b = Buffer.concat([b.subarray(0, at), b.subarray(pick(b.length)), b.subarray(at)]).subarray(
          0,
          65_535,
        );
        break;
      }
      default: {
        // A 16-bit length field (RDLENGTH, MAC size...) somewhere set to a large value.
        if (b.length >= 2) b.writeUInt16BE(pick(2) ? 0xffff : pick(512), pick(b.length - 1));
      }
    }
  }
  return b;
}

describe('DNS answers are hostile too: seeded fuzz drivers', () => {
  const seed = Number(process.env.CERTFLOW_FUZZ_SEED ?? 17);

  function drive(name: string, target: (input: Buffer) => void): void {
    it(`${name} only ever decodes or throws DnsDecodeError (seed ${seed})`, () => {
      const rand = prng(seed);
      const inputs = corpus();
      const deadline = Date.now() + 3_000;
      let runs = 0;
      for (; runs < 5_000 && Date.now() < deadline; runs++) {
        const input = mutate(inputs[runs % inputs.length] as Buffer, rand);
        try {
          target(input);
        } catch (error) {
          if (!(error instanceof DnsDecodeError)) {
            throw new Error(
              `seed ${seed}, run ${runs}: ${(error as Error).name}: ${(error as Error).message} on ${input.toString('hex')}`,
            );
          }
        }
      }
      // Bounded in time, but it must have done real work (a slow decoder shows up here).
      expect(runs).toBeGreaterThan(1_000);
    });
  }

  drive('decodeMessage', (input) => {
    const msg = decodeMessage(input);
    for (const rr of [...msg.answers, ...msg.authority, ...msg.additional]) {
      // Every field stays inside its RDATA: the decoded view is bounded by the wire.
      expect(rr.rdata.length).toBeLessThanOrEqual(input.length);
      for (const label of rr.name.split('.')) expect(label.length).toBeLessThanOrEqual(63 * 4);
    }
  });
  drive('extractTsig', (input) => {
    extractTsig(input);
  });
  drive('verifyResponse', (input) => {
    // Never throws at all: a verdict for every input.
    const verdict = verifyResponse(input, KEY, Buffer.alloc(32, 9), { now: NOW });
    expect(typeof verdict.ok).toBe('boolean');
  });
});

describe('DNS answers are hostile too: through query() over TCP after a TC answer', () => {
  let udp: UdpSocket | undefined;
  let tcp: TcpServer | undefined;
  afterEach(() => {
    udp?.close();
    tcp?.close();
  });

  it('refuses the 64 KiB answer with an error naming the server', async () => {
    tcp = createServer((socket) => {
      socket.once('data', (chunk) => {
        const answer = bomb({ questions: 6_900, labelLength: 191 });
        chunk.copy(answer, 0, 2, 4); // the query's id
        const len = Buffer.alloc(2);
        len.writeUInt16BE(answer.length, 0);
        socket.end(Buffer.concat([len, answer]));
      });
    });
    await new Promise<void>((r) => tcp?.listen(0, '127.0.0.1', r));
    const port = (tcp.address() as { port: number }).port;
    udp = createSocket('udp4');
    udp.on('message', (msg, rinfo) => {
      // Truncated: TC set, no records, so the client retries over TCP.
      const answer = Buffer.from(msg);
      answer.writeUInt16BE(0x8200, 2);
      udp?.send(answer, rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => udp?.bind(port, '127.0.0.1', r));
    const cpu = process.cpuUsage();
    await expect(query({ host: '127.0.0.1', port }, 'www.example.com', TYPE.TXT)).rejects.toThrow(
      new RegExp(`127\\.0\\.0\\.1:${port} sent an answer to www\\.example\\.com we refuse: .*6900 questions`),
    );
    expect(process.cpuUsage(cpu).user).toBeLessThan(500_000);
  });
});
