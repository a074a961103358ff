/**
 * STARTTLS preambles against servers on loopback written here: honest ones that upgrade to real
 * TLS (the certificate read must be theirs), and hostile ones that lie, stall, flood or inject
 * plaintext ahead of the handshake. Each hostile one must fail, quickly, saying what was wrong.
 * (The real Postfix and Dovecot are checked in test/integration/server-kinds.test.ts.)
 */
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartTlsProtocol } from '../../src/util/starttls.js';
import { fetchServedCertificate } from '../../src/util/tls.js';
import { createTestCa, type TestCertificate } from '../support/certs.js';

let cert: TestCertificate;
const servers: Server[] = [];
beforeAll(async () => {
  cert = await (await createTestCa('starttls')).issue('mail', ['mail.example.test']);
});
afterAll(() => {
  for (const s of servers) s.close();
});

/** Upgrades the server side of `socket` to TLS with the test certificate. */
function upgrade(socket: Socket): void {
  const tls = new TLSSocket(socket, { isServer: true, key: cert.privateKeyPem, cert: cert.fullchainPem });
  tls.on('error', () => undefined);
}

/** A server whose behaviour is `script`, given the socket and a line reader. */
async function serve(
  script: (socket: Socket, next: () => Promise<string>) => Promise<void>,
): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    let buffered = '';
    const waiters: Array<(line: string) => void> = [];
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      for (;;) {
        const i = buffered.indexOf('\n');
        const w = waiters[0];
        if (i < 0 || !w) return;
        waiters.shift();
        const line = buffered.slice(0, i).replace(/\r$/, '');
        buffered = buffered.slice(i + 1);
        w(line);
      }
    };
    socket.on('data', onData);
    const next = () =>
      new Promise<string>((resolve) => {
        waiters.push(resolve);
        onData(Buffer.alloc(0));
      });
    // Stop line reading before TLS takes the socket over.
    (socket as Socket & { stopLines?: () => void }).stopLines = () => socket.off('data', onData);
    script(socket, next).catch(() => socket.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const stop = (s: Socket) => (s as Socket & { stopLines: () => void }).stopLines();

function probe(port: number, starttls: StartTlsProtocol, timeoutMs = 3000) {
  return fetchServedCertificate({
    host: '127.0.0.1',
    port,
    servername: 'mail.example.test',
    starttls,
    timeoutMs,
  });
}

describe('honest servers: the certificate after the preamble is theirs', () => {
  it('smtp: greeting, EHLO with STARTTLS among multi-line extensions, 220, TLS', async () => {
    const seen: string[] = [];
    const port = await serve(async (s, next) => {
      s.write('220-mail.example.test ESMTP\r\n220 second greeting line\r\n');
      seen.push(await next());
      s.write('250-mail.example.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n');
      seen.push(await next());
      stop(s);
      s.write('220 2.0.0 Ready to start TLS\r\n');
      upgrade(s);
    });
    const served = await probe(port, 'smtp');
    expect(served.facts.sha256).toBe(cert.certificateSha256);
    expect(seen).toEqual(['EHLO certflow.invalid', 'STARTTLS']);
  });

  it('imap: untagged lines before the tagged OK are skipped', async () => {
    const port = await serve(async (s, next) => {
      s.write('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n');
      const cmd = await next();
      stop(s);
      expect(cmd).toBe('C1 STARTTLS');
      s.write('* CAPABILITY IMAP4rev1\r\nC1 OK Begin TLS negotiation now\r\n');
      upgrade(s);
    });
    expect((await probe(port, 'imap')).facts.sha256).toBe(cert.certificateSha256);
  });

  it('pop3, ftp and postgres', async () => {
    const pop = await serve(async (s, next) => {
      s.write('+OK POP3 ready\r\n');
      expect(await next()).toBe('STLS');
      stop(s);
      s.write('+OK Begin TLS\r\n');
      upgrade(s);
    });
    const ftp = await serve(async (s, next) => {
      s.write('220-Welcome\r\n free text line of a multi-line FTP reply\r\n220 ready\r\n');
      expect(await next()).toBe('AUTH TLS');
      stop(s);
      s.write('234 AUTH TLS OK\r\n');
      upgrade(s);
    });
    const pg = await serve(async (s) => {
      s.once('data', (request: Buffer) => {
        stop(s);
        expect(request.toString('hex')).toBe('0000000804d2162f');
        s.write('S');
        upgrade(s);
      });
    });
    for (const [port, protocol] of [
      [pop, 'pop3'],
      [ftp, 'ftp'],
      [pg, 'postgres'],
    ] as const) {
      expect((await probe(port, protocol)).facts.sha256).toBe(cert.certificateSha256);
    }
  });
});

describe('hostile servers fail, quickly, saying what was wrong', () => {
  const cases: Array<
    [string, StartTlsProtocol, (s: Socket, next: () => Promise<string>) => Promise<void>, RegExp]
  > = [
    [
      'smtp without STARTTLS in EHLO',
      'smtp',
      async (s, next) => {
        s.write('220 hi\r\n');
        await next();
        s.write('250-mail\r\n250 PIPELINING\r\n');
      },
      /does not offer STARTTLS/,
    ],
    [
      'smtp refusing STARTTLS',
      'smtp',
      async (s, next) => {
        s.write('220 hi\r\n');
        await next();
        s.write('250-mail\r\n250 STARTTLS\r\n');
        await next();
        s.write('454 4.7.0 TLS not available\r\n');
      },
      /STARTTLS: expected 220, the server answered "454 4.7.0 TLS not available"/,
    ],
    [
      'smtp injecting plaintext after its 220 (CVE-2011-0411)',
      'smtp',
      async (s, next) => {
        s.write('220 hi\r\n');
        await next();
        s.write('250-mail\r\n250 STARTTLS\r\n');
        await next();
        s.write('220 go ahead\r\n250 injected answer\r\n');
      },
      /sent 21 bytes after agreeing to start TLS.*injected/,
    ],
    [
      'smtp greeting that is not a reply',
      'smtp',
      async (s) => {
        s.write('HTTP/1.1 400 Bad Request\r\n');
      },
      /greeting: not a numbered reply: "HTTP\/1.1 400 Bad Request"/,
    ],
    [
      'smtp changing the code inside one reply',
      'smtp',
      async (s) => {
        s.write('220-hi\r\n554 go away\r\n');
      },
      /reply code changed inside one reply/,
    ],
    [
      'smtp flooding a multi-line reply',
      'smtp',
      async (s) => {
        s.write('220-x\r\n'.repeat(5000));
      },
      /more than 100 lines/,
    ],
    [
      'a line without end',
      'imap',
      async (s) => {
        s.write(`* OK ${'A'.repeat(10000)}`);
      },
      /longer than 2048 bytes/,
    ],
    [
      'imap saying BYE',
      'imap',
      async (s, next) => {
        s.write('* OK hi\r\n');
        await next();
        s.write('* BYE shutting down\r\n');
      },
      /STARTTLS: the server said "\* BYE shutting down"/,
    ],
    [
      'imap answering NO',
      'imap',
      async (s, next) => {
        s.write('* OK hi\r\n');
        await next();
        s.write('C1 NO not now\r\n');
      },
      /expected "C1 OK", the server said "C1 NO not now"/,
    ],
    [
      'imap greeting with BYE',
      'imap',
      async (s) => {
        s.write('* BYE too busy\r\n');
      },
      /greeting: expected "\* OK"/,
    ],
    [
      'pop3 refusing STLS',
      'pop3',
      async (s, next) => {
        s.write('+OK hi\r\n');
        await next();
        s.write('-ERR no TLS here\r\n');
      },
      /STLS: expected "\+OK", the server said "-ERR no TLS here"/,
    ],
    [
      'ftp refusing AUTH TLS',
      'ftp',
      async (s, next) => {
        s.write('220 hi\r\n');
        await next();
        s.write('530 no\r\n');
      },
      /AUTH TLS: expected 234/,
    ],
    [
      'postgres refusing TLS',
      'postgres',
      async (s) => {
        s.once('data', () => s.write('N'));
      },
      /refused TLS \(answered N/,
    ],
    [
      'postgres sending bytes after S (CVE-2021-23214)',
      'postgres',
      async (s) => {
        s.once('data', () => s.write('SE\0\0\0\x10injected'));
      },
      /bytes after agreeing to start TLS/,
    ],
    [
      'postgres answering an error message',
      'postgres',
      async (s) => {
        s.once('data', () => s.write('E'));
      },
      /expected S or N to SSLRequest, the server sent byte 0x45/,
    ],
    [
      'a server closing mid-preamble',
      'pop3',
      async (s) => {
        s.end('+OK hi\r\n');
      },
      /closed the connection/,
    ],
  ];

  for (const [title, protocol, script, want] of cases) {
    it(title, async () => {
      const port = await serve(script);
      const t0 = Date.now();
      await expect(probe(port, protocol)).rejects.toThrow(want);
      expect(Date.now() - t0).toBeLessThan(2500);
    });
  }

  it('a server that never greets is cut at the deadline', async () => {
    const port = await serve(async () => undefined);
    const t0 = Date.now();
    await expect(probe(port, 'smtp', 400)).rejects.toThrow(/STARTTLS smtp.*no handshake within 400 ms/);
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('a server that speaks TLS garbage after a good preamble fails the handshake', async () => {
    const port = await serve(async (s, next) => {
      s.write('+OK hi\r\n');
      await next();
      stop(s);
      s.write('+OK go\r\n');
      s.once('data', () => s.write('not a TLS record at all\r\n'));
    });
    await expect(probe(port, 'pop3')).rejects.toThrow(/TLS check of 127\.0\.0\.1:\d+ \(STARTTLS pop3\)/);
  });
});
