/** Small pieces the fake API servers share: start on 127.0.0.1:0, read a body, answer JSON. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => Promise<unknown> | unknown;

export interface Running {
  url: string;
  close(): Promise<void>;
}

export async function listen(handler: Handler): Promise<Running> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks).toString('utf8'))).catch((error) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 500, message: String(error) } }));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

/** The body parsed as JSON, or undefined when empty; throws on bad JSON (the caller answers 400). */
export function parseJson(body: string): unknown {
  return body ? JSON.parse(body) : undefined;
}

export type Mirror = (op: 'add' | 'delete', name: string, value: string) => Promise<void>;

/**
 * Makes fetch refuse any host off loopback for the rest of the test file, so a missing URL
 * override fails the test at once instead of reaching a real cloud. Returns the undo.
 */
export function loopbackOnlyFetch(): () => void {
  const real = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!/^(127\.\d+\.\d+\.\d+|\[::1\]|localhost)$/.test(url.hostname))
      return Promise.reject(new Error(`test guard: ${url.origin} is not loopback`));
    return real(input, init);
  };
  return () => {
    globalThis.fetch = real;
  };
}
