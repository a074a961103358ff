/**
 * A directory for the bed's Pebble that names issuer domains (`meta.caaIdentities`, and
 * `meta.issuerDomainNames` / `meta.accountHashPrefix` when asked), which the Debian Pebble does
 * not. Only the directory is served here: every URL in it still points at Pebble itself, so
 * accounts are Pebble's own. Enough for the record side of dns-persist-01 (persist-record), which
 * reads the directory and looks the account up; ordering goes through the full CA front.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { httpsGetText, type Testbed } from './testbed.js';

export interface PersistDirectory {
  url: string;
  close(): Promise<void>;
}

export async function startPersistDirectory(
  bed: Testbed,
  meta: Record<string, unknown>,
  upstreamUrl: string = bed.pebble.directory,
): Promise<PersistDirectory> {
  const upstream = JSON.parse((await httpsGetText(upstreamUrl, readFileSync(bed.pebbleCa))).body);
  const body = JSON.stringify({ ...upstream, meta: { ...upstream.meta, ...meta } });
  const dir = path.join(bed.dir, 'pebble');
  const server = createServer(
    { key: readFileSync(path.join(dir, 'server.key')), cert: readFileSync(path.join(dir, 'server.pem')) },
    (req, res) => {
      if (req.url !== '/dir') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/dir`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
