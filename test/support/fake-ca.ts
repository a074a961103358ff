/**
 * A stand-in ACME server on loopback for what the bed's Pebbles cannot do: a CA that is down in a
 * particular way (HTTP 500 serverInternal on every request), or one that offers ARI and records
 * which renewalInfo requests it got. It serves HTTPS with the bed's Pebble certificate, so the
 * bed's PEBBLE_CA trusts it like the Pebbles.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import type { Testbed } from './testbed.js';

/**
 * The renewalInfo window every fake CA answers: a day, 30 days from when the tests load (inside the
 * 400 days certflow accepts from a CA; a fixed date would drift out of it).
 */
const day = Math.floor(Date.now() / 86_400_000) + 30;
export const FAKE_ARI_WINDOW = {
  start: new Date(day * 86_400_000).toISOString(),
  end: new Date((day + 1) * 86_400_000).toISOString(),
};

export interface FakeCa {
  directory: string;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export type FakeCaMode =
  /** Every request: HTTP 500 with an ACME serverInternal problem. */
  | 'server-internal'
  /** A directory with renewalInfo; renewalInfo answers a fixed window. */
  | 'ari';

export async function startFakeCa(bed: Testbed, mode: FakeCaMode): Promise<FakeCa> {
  const pebbleDir = join(bed.dir, 'pebble');
  const requests: string[] = [];
  let base = '';
  const server: Server = createServer(
    { cert: readFileSync(join(pebbleDir, 'server.pem')), key: readFileSync(join(pebbleDir, 'server.key')) },
    (req, res) => {
      requests.push(req.url ?? '');
      if (mode === 'server-internal') {
        res.writeHead(500, { 'Content-Type': 'application/problem+json' });
        res.end(
          JSON.stringify({ type: 'urn:ietf:params:acme:error:serverInternal', detail: 'fake CA is down' }),
        );
        return;
      }
      if (req.url === '/dir') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            newNonce: `${base}/nonce`,
            newAccount: `${base}/account`,
            newOrder: `${base}/order`,
            revokeCert: `${base}/revoke`,
            renewalInfo: `${base}/renewal-info`,
          }),
        );
        return;
      }
      if (req.url?.startsWith('/renewal-info/')) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Retry-After': '3600' });
        res.end(
          JSON.stringify({
            suggestedWindow: FAKE_ARI_WINDOW,
          }),
        );
        return;
      }
      res.writeHead(404).end();
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  base = `https://127.0.0.1:${port}`;
  return {
    directory: `${base}/dir`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
