/**
 * The plain-text preambles that turn a mail, FTP or PostgreSQL connection into TLS, written here
 * over a socket so the served certificate can be read on those ports:
 *   smtp      RFC 3207: greeting 220, EHLO, STARTTLS -> 220
 *   imap      RFC 3501: greeting * OK, tagged STARTTLS -> tagged OK
 *   pop3      RFC 2595: greeting +OK, STLS -> +OK
 *   ftp       RFC 4217: greeting 220, AUTH TLS -> 234
 *   postgres  SSLRequest (protocol 3) -> one byte 'S'
 *
 * The server is not trusted: every reply is bounded (line length, lines per reply), the whole
 * preamble runs under the caller's deadline, a refusal or a reply of the wrong kind fails with
 * what was said, and bytes the server sends after its "go ahead" are refused instead of being
 * handed to TLS (the plaintext-injection trick of CVE-2011-0411 and CVE-2021-23214: whatever is
 * buffered before the handshake must not be read as if it came after it).
 */
import type { Socket } from 'node:net';

export const STARTTLS_PROTOCOLS = ['smtp', 'imap', 'pop3', 'ftp', 'postgres'] as const;
export type StartTlsProtocol = (typeof STARTTLS_PROTOCOLS)[number];

/** Longest reply line accepted (RFC 5321 allows 512 octets; servers add a little). */
const MAX_LINE = 2048;
/** Most lines in one multi-line reply (an EHLO answer has a dozen). */
const MAX_LINES = 100;

export class StartTlsError extends Error {}

/**
 * Reads what the server sends, line by line, and fails on a close, an error, an overlong line or
 * a line count past the limit. `drained()` says whether anything was received beyond what was read.
 */
class LineReader {
  private buffer = Buffer.alloc(0);
  private waiting?: () => void;
  private failure?: Error;
  private readonly onData = (chunk: Buffer) => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.wake();
  };
  private readonly onEnd = () => this.fail(new StartTlsError('the server closed the connection'));
  private readonly onError = (error: Error) => this.fail(error);

  constructor(
    private readonly socket: Socket,
    private readonly protocol: StartTlsProtocol,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private async more(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve) => {
      this.waiting = resolve;
    });
    if (this.failure) throw this.failure;
  }

  async line(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf(0x0a);
      if (end >= 0) {
        if (end > MAX_LINE) break;
        const text = this.buffer.subarray(0, end).toString('latin1').replace(/\r$/, '');
        this.buffer = this.buffer.subarray(end + 1);
        return text;
      }
      if (this.buffer.length > MAX_LINE) break;
      await this.more();
    }
    throw new StartTlsError(`${this.protocol}: a reply line longer than ${MAX_LINE} bytes`);
  }

  async bytes(n: number): Promise<Buffer> {
    while (this.buffer.length < n) await this.more();
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Stops reading; returns how many bytes the server sent beyond what was read. */
  stop(): number {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onError);
    return this.buffer.length;
  }
}

/** Shows a server's words in an error: printable, short. */
function quote(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > 120 ? `${clean.slice(0, 120)}...` : clean);
}

/** A reply of numbered lines ("250-..." continued, "250 ..." last), as SMTP and FTP write them. */
async function numberedReply(
  r: LineReader,
  what: string,
  protocol: StartTlsProtocol,
): Promise<{ code: string; lines: string[] }> {
  const lines: string[] = [];
  for (;;) {
    const line = await r.line();
    lines.push(line);
    const m = /^(\d{3})([ -])/.exec(line) ?? /^(\d{3})$/.exec(line);
    if (!m) {
      // FTP lets continuation lines of a multi-line reply be free text; SMTP does not.
      if (protocol === 'ftp' && lines.length > 1) {
        if (lines.length > MAX_LINES) break;
        continue;
      }
      throw new StartTlsError(`${protocol}: ${what}: not a numbered reply: ${quote(line)}`);
    }
    const first = /^\d{3}/.exec(lines[0] as string)?.[0];
    if (m[1] !== first) {
      throw new StartTlsError(`${protocol}: ${what}: reply code changed inside one reply (${quote(line)})`);
    }
    if (m[2] !== '-') return { code: m[1] as string, lines };
    if (lines.length >= MAX_LINES) break;
  }
  throw new StartTlsError(`${protocol}: ${what}: more than ${MAX_LINES} lines in one reply`);
}

function expectCode(
  protocol: StartTlsProtocol,
  what: string,
  reply: { code: string; lines: string[] },
  want: string,
): void {
  if (reply.code !== want) {
    throw new StartTlsError(
      `${protocol}: ${what}: expected ${want}, the server answered ${quote(reply.lines.join(' | '))}`,
    );
  }
}

async function smtp(s: Socket, r: LineReader): Promise<void> {
  expectCode('smtp', 'greeting', await numberedReply(r, 'greeting', 'smtp'), '220');
  s.write('EHLO certflow.invalid\r\n');
  const ehlo = await numberedReply(r, 'EHLO', 'smtp');
  expectCode('smtp', 'EHLO', ehlo, '250');
  if (!ehlo.lines.slice(1).some((l) => /^250[ -]STARTTLS\b/i.test(l))) {
    throw new StartTlsError('smtp: the server does not offer STARTTLS in its EHLO reply');
  }
  s.write('STARTTLS\r\n');
  expectCode('smtp', 'STARTTLS', await numberedReply(r, 'STARTTLS', 'smtp'), '220');
}

async function ftp(s: Socket, r: LineReader): Promise<void> {
  expectCode('ftp', 'greeting', await numberedReply(r, 'greeting', 'ftp'), '220');
  s.write('AUTH TLS\r\n');
  expectCode('ftp', 'AUTH TLS', await numberedReply(r, 'AUTH TLS', 'ftp'), '234');
}

async function imap(s: Socket, r: LineReader): Promise<void> {
  const greeting = await r.line();
  if (!/^\* OK\b/i.test(greeting)) {
    throw new StartTlsError(`imap: greeting: expected "* OK", the server said ${quote(greeting)}`);
  }
  s.write('C1 STARTTLS\r\n');
  // Untagged lines (capabilities, alerts) may come before the tagged answer.
  for (let i = 0; i < MAX_LINES; i++) {
    const line = await r.line();
    if (line.startsWith('* ')) {
      if (/^\* BYE\b/i.test(line)) throw new StartTlsError(`imap: STARTTLS: the server said ${quote(line)}`);
      continue;
    }
    if (/^C1 OK\b/i.test(line)) return;
    throw new StartTlsError(`imap: STARTTLS: expected "C1 OK", the server said ${quote(line)}`);
  }
  throw new StartTlsError(`imap: STARTTLS: no tagged answer within ${MAX_LINES} lines`);
}

async function pop3(s: Socket, r: LineReader): Promise<void> {
  const greeting = await r.line();
  if (!/^\+OK\b/.test(greeting)) {
    throw new StartTlsError(`pop3: greeting: expected "+OK", the server said ${quote(greeting)}`);
  }
  s.write('STLS\r\n');
  const answer = await r.line();
  if (!/^\+OK\b/.test(answer))
    throw new StartTlsError(`pop3: STLS: expected "+OK", the server said ${quote(answer)}`);
}

/** SSLRequest: length 8, then the code 1234/5679 (80877103). */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

async function postgres(s: Socket, r: LineReader): Promise<void> {
  s.write(SSL_REQUEST);
  const answer = (await r.bytes(1)).toString('latin1');
  if (answer === 'N') throw new StartTlsError('postgres: the server refused TLS (answered N to SSLRequest)');
  if (answer !== 'S') {
    throw new StartTlsError(
      `postgres: expected S or N to SSLRequest, the server sent byte 0x${answer.charCodeAt(0).toString(16)}`,
    );
  }
}

const PREAMBLES: Record<StartTlsProtocol, (s: Socket, r: LineReader) => Promise<void>> = {
  smtp,
  imap,
  pop3,
  ftp,
  postgres,
};

/**
 * Runs the preamble of `protocol` on a connected socket; resolves when the next byte on it is
 * the server's TLS. The caller owns the socket and the deadline (destroying the socket ends this).
 */
export async function startTls(socket: Socket, protocol: StartTlsProtocol): Promise<void> {
  const reader = new LineReader(socket, protocol);
  let extra: number;
  try {
    await PREAMBLES[protocol](socket, reader);
  } finally {
    extra = reader.stop();
  }
  if (extra > 0) {
    throw new StartTlsError(
      `${protocol}: the server sent ${extra} bytes after agreeing to start TLS, before the handshake (refused: plaintext injected ahead of TLS)`,
    );
  }
}
