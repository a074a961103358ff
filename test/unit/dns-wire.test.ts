/**
 * DNS wire format, TSIG and UPDATE, checked against BIND's own tools: dig and nsupdate send
 * their messages to a UDP socket of this test (loopback, no server of the bed), and our encoder
 * and signer must produce the same bytes and the same MACs. nsupdate then accepts (or rejects)
 * the answer we sign, which checks our response MAC too.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo } from 'node:dgram';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseServer } from '../../src/dns/transport.js';
import { decodeSecret, extractTsig, signMessage, type TsigKey, verifyResponse } from '../../src/dns/tsig.js';
import { buildUpdate } from '../../src/dns/update.js';
import {
  CLASS,
  decodeMessage,
  decodeName,
  encodeMessage,
  encodeName,
  encodeTxt,
  TYPE,
  txtValues,
} from '../../src/dns/wire.js';
import { requirePrograms } from '../support/programs.js';

interface Captured {
  msg: Buffer;
  reply: (data: Buffer) => void;
}

/** Runs a BIND tool against a UDP socket of ours and hands over the first message it sends. */
async function capture(
  tool: string,
  args: (port: number) => string[],
  input: string | undefined,
  onMessage: (c: Captured) => void,
): Promise<{ code: number | null; stderr: string }> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const port = socket.address().port;
  let seen = false;
  socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
    if (seen) return;
    seen = true;
    onMessage({ msg, reply: (data) => socket.send(data, rinfo.port, rinfo.address) });
  });
  try {
    return await new Promise((resolve) => {
      const child = execFile(tool, args(port), { timeout: 10_000 }, (error, _out, stderr) =>
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, stderr: String(stderr) }),
      );
      child.stdin?.end(input ?? '');
    });
  } finally {
    socket.close();
  }
}

const KEY: TsigKey = {
  name: 'certflow-key',
  algorithm: 'hmac-sha256',
  secret: decodeSecret(randomBytes(32).toString('base64')),
};

// The programs these tests run: a missing one fails them with one line that says what to do.
beforeAll(() => requirePrograms('dig', 'nsupdate'));
describe('DNS wire format', () => {
  it('encodes a TXT query byte for byte like dig', async () => {
    let got: Buffer | undefined;
    await capture(
      'dig',
      (port) => [
        '@127.0.0.1',
        '-p',
        String(port),
        '+noedns',
        '+noadflag',
        '+nocookie',
        '+tries=1',
        '+time=1',
        '_acme-challenge.www.example.com',
        'TXT',
      ],
      undefined,
      (c) => {
        got = c.msg;
      },
    );
    expect(got).toBeDefined();
    const ours = encodeMessage({
      id: (got as Buffer).readUInt16BE(0),
      rd: true,
      questions: [{ name: '_acme-challenge.www.example.com', type: TYPE.TXT, class: CLASS.IN }],
    });
    expect(ours.toString('hex')).toBe((got as Buffer).toString('hex'));
  });

  it('decodes compressed names, TXT strings and rcodes', () => {
    // Answer with a compression pointer to the question name, two character-strings.
    const question = encodeName('a.example');
    const header = Buffer.from('1234818000010001000000' + '00', 'hex');
    const q = Buffer.concat([question, Buffer.from('00100001', 'hex')]);
    const rdata = Buffer.concat([encodeTxt('x'.repeat(255)), encodeTxt('yz')]);
    const rr = Buffer.concat([
      Buffer.from('c00c00100001 0000003c'.replace(/ /g, ''), 'hex'),
      Buffer.alloc(2),
      rdata,
    ]);
    rr.writeUInt16BE(rdata.length, 10);
    const msg = decodeMessage(Buffer.concat([header, q, rr]));
    expect(msg.response).toBe(true);
    expect(msg.rcode).toBe(0);
    expect(msg.answers[0]?.name).toBe('a.example');
    expect(txtValues(msg, 'A.EXAMPLE.')).toEqual([`${'x'.repeat(255)}yz`]);
    expect(() => decodeName(Buffer.from([0xc0, 0x00]), 0)).toThrow(/loop/);
  });

  it('splits TXT values longer than 255 bytes into several strings', () => {
    const rdata = encodeTxt('a'.repeat(300));
    expect(rdata[0]).toBe(255);
    expect(rdata[256]).toBe(45);
    expect(rdata.length).toBe(302);
  });

  it('parses servers with and without ports', () => {
    expect(parseServer('127.0.0.1:10053')).toEqual({ host: '127.0.0.1', port: 10053 });
    expect(parseServer('ns1.example')).toEqual({ host: 'ns1.example', port: 53 });
    expect(parseServer('[::1]:5353')).toEqual({ host: '::1', port: 5353 });
  });
});

describe('TSIG (RFC 8945)', () => {
  for (const algorithm of ['hmac-sha256', 'hmac-sha384', 'hmac-sha512'] as const) {
    it(`computes the same ${algorithm} MAC as dig -y`, async () => {
      const key = { ...KEY, algorithm };
      let got: Buffer | undefined;
      await capture(
        'dig',
        (port) => [
          '@127.0.0.1',
          '-p',
          String(port),
          '+noedns',
          '+tries=1',
          '+time=1',
          '-y',
          `${algorithm}:${key.name}:${key.secret.toString('base64')}`,
          'example.com',
          'SOA',
        ],
        undefined,
        (c) => {
          got = c.msg;
        },
      );
      const found = extractTsig(got as Buffer);
      expect(found?.keyName).toBe('certflow-key');
      expect(found?.tsig.algorithm).toBe(algorithm);
      const ours = signMessage(found?.unsigned as Buffer, key, {
        timeSigned: found?.tsig.timeSigned,
        fudge: found?.tsig.fudge,
      });
      expect(ours.mac.toString('hex')).toBe(found?.tsig.mac.toString('hex'));
      expect(ours.wire.toString('hex')).toBe((got as Buffer).toString('hex'));
    });
  }

  it('builds the same signed UPDATE as nsupdate, and nsupdate accepts our signed answer', async () => {
    let request: Buffer | undefined;
    let ourReply: Buffer | undefined;
    const script = [
      'server 127.0.0.1 PORT',
      'zone example.com',
      'update add _acme-challenge.www.example.com. 60 TXT "value-1"',
      'update delete _acme-challenge.www.example.com. TXT "value-0"',
      'send',
      '',
    ].join('\n');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const socket = createSocket('udp4');
      socket.bind(0, '127.0.0.1', () => {
        const port = socket.address().port;
        socket.on('message', (msg, rinfo) => {
          request = msg;
          const parsed = extractTsig(msg);
          // Answer NOERROR: the request's header with QR set, no records, signed with our code.
          const answer = Buffer.from(msg.subarray(0, 12));
          answer.writeUInt16BE(0xa800, 2); // QR, opcode UPDATE, NOERROR
          answer.writeUInt16BE(1, 4);
          answer.fill(0, 6, 12);
          const zone = Buffer.concat([encodeName('example.com'), Buffer.from('00060001', 'hex')]);
          ourReply = signMessage(Buffer.concat([answer, zone]), KEY, { requestMac: parsed?.tsig.mac }).wire;
          socket.send(ourReply, rinfo.port, rinfo.address);
        });
        const child = execFile(
          'nsupdate',
          ['-t', '3', '-y', `hmac-sha256:${KEY.name}:${KEY.secret.toString('base64')}`],
          { timeout: 10_000 },
          (error, _o, stderr) => {
            socket.close();
            resolve({ code: error ? ((error.code as number) ?? 1) : 0, stderr: String(stderr) });
          },
        );
        child.stdin?.end(script.replace('PORT', String(port)));
      });
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const found = extractTsig(request as Buffer);
    const ours = buildUpdate(found?.unsigned.readUInt16BE(0) as number, 'example.com', [
      { op: 'add', fqdn: '_acme-challenge.www.example.com', value: 'value-1', ttl: 60 },
      { op: 'delete', fqdn: '_acme-challenge.www.example.com', value: 'value-0', ttl: 0 },
    ]);
    // nsupdate compresses repeated names; we never do. Same records, same order, same RDATA.
    const strip = (b: Buffer) => {
      const m = decodeMessage(b);
      return {
        id: m.id,
        opcode: m.opcode,
        zone: m.questions,
        update: m.authority.map(({ name, type, class: c, ttl, rdata }) => ({
          name,
          type,
          c,
          ttl,
          rdata: rdata.toString('hex'),
        })),
      };
    };
    expect(strip(ours)).toEqual(strip(found?.unsigned as Buffer));
    // Over nsupdate's exact bytes, our signer computes nsupdate's MAC.
    const signed = signMessage(found?.unsigned as Buffer, KEY, {
      timeSigned: found?.tsig.timeSigned,
      fudge: found?.tsig.fudge,
    });
    expect(signed.mac.toString('hex')).toBe(found?.tsig.mac.toString('hex'));
    // And our verifier accepts our own answer, but not with another key.
    expect(verifyResponse(ourReply as Buffer, KEY, found?.tsig.mac as Buffer)).toEqual({ ok: true });
    const other = { ...KEY, secret: randomBytes(32) };
    expect(verifyResponse(ourReply as Buffer, other, found?.tsig.mac as Buffer).ok).toBe(false);
  });

  it('refuses a secret that is not base64', () => {
    expect(() => decodeSecret('not base64!')).toThrow(/base64/);
  });
});
