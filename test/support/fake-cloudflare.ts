/**
 * A local HTTP server that follows the Cloudflare API v4 reference for the calls a DNS-01 client
 * makes, and checks what it receives:
 * - auth: `Authorization: Bearer <token>`; anything else is 403 with code 10000;
 * - `GET /client/v4/zones?name=<zone>`: exact-name zone lookup;
 * - `POST /client/v4/zones/{zone_id}/dns_records` with `{type, name, content, ttl}`: type TXT,
 *   name inside the zone, ttl 1 (automatic) or 60..86400, no identical record (81058);
 * - `GET /client/v4/zones/{zone_id}/dns_records?type=&name=&content=`;
 * - `DELETE /client/v4/zones/{zone_id}/dns_records/{id}` (81044 when it does not exist).
 * Every answer has the `{success, errors, messages, result}` envelope. An optional `mirror` hook
 * copies created/deleted TXT values into a real DNS server, so a full issuance can run through it.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface CloudflareRecord {
  id: string;
  zone_id: string;
  zone_name: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  proxied: boolean;
}

export interface FakeCloudflare {
  url: string;
  token: string;
  zones: Array<{ id: string; name: string }>;
  records: CloudflareRecord[];
  /** Every request, as method + path (with query). */
  requests: string[];
  close(): Promise<void>;
}

export interface FakeCloudflareOptions {
  zones: string[];
  mirror?: (op: 'add' | 'delete', name: string, value: string) => Promise<void>;
}

const envelope = (result: unknown, extra: Record<string, unknown> = {}) => ({
  success: true,
  errors: [],
  messages: [],
  result,
  ...extra,
});
const failure = (code: number, message: string) => ({
  success: false,
  errors: [{ code, message }],
  messages: [],
  result: null,
});

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export async function startFakeCloudflare(opts: FakeCloudflareOptions): Promise<FakeCloudflare> {
  const token = randomBytes(20).toString('hex');
  const zones = opts.zones.map((name) => ({ id: randomBytes(16).toString('hex'), name }));
  const records: CloudflareRecord[] = [];
  const requests: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(403, failure(10000, 'Authentication error'));
    const path = url.pathname.replace(/^\/client\/v4/, '');
    if (req.method === 'GET' && path === '/zones') {
      const name = url.searchParams.get('name');
      const found = zones.filter((z) => !name || z.name === name).map((z) => ({ ...z, status: 'active' }));
      return send(
        200,
        envelope(found, {
          result_info: { page: 1, per_page: 20, count: found.length, total_count: found.length },
        }),
      );
    }
    const m = /^\/zones\/([0-9a-f]{32})\/dns_records(?:\/([0-9a-f]{32}))?$/.exec(path);
    const zone = m ? zones.find((z) => z.id === m[1]) : undefined;
    if (!m || !zone)
      return send(
        404,
        failure(7003, `Could not route to ${path}, perhaps your object identifier is invalid?`),
      );
    if (req.method === 'POST' && !m[2]) {
      if (!/^application\/json/.test(req.headers['content-type'] ?? ''))
        return send(400, failure(6003, 'Invalid request headers'));
      const body = (await readJson(req)) as Partial<CloudflareRecord> | undefined;
      if (
        body?.type !== 'TXT' ||
        typeof body.name !== 'string' ||
        typeof body.content !== 'string' ||
        !body.content
      ) {
        return send(400, failure(9005, 'DNS Validation Error: type, name and content are required'));
      }
      const name = body.name.toLowerCase();
      if (name !== zone.name && !name.endsWith(`.${zone.name}`))
        return send(400, failure(9007, 'Content for record is invalid: name not in zone'));
      const ttl = body.ttl ?? 1;
      if (ttl !== 1 && (ttl < 60 || ttl > 86400))
        return send(400, failure(9009, 'TTL must be between 60 and 86400 seconds, or 1 for Automatic'));
      if (records.some((r) => r.zone_id === zone.id && r.name === name && r.content === body.content)) {
        return send(400, failure(81058, 'An identical record already exists.'));
      }
      const record: CloudflareRecord = {
        id: randomBytes(16).toString('hex'),
        zone_id: zone.id,
        zone_name: zone.name,
        name,
        type: 'TXT',
        content: body.content,
        ttl,
        proxied: false,
      };
      await opts.mirror?.('add', name, body.content);
      records.push(record);
      return send(200, envelope(record));
    }
    if (req.method === 'GET' && !m[2]) {
      const q = url.searchParams;
      const found = records.filter(
        (r) =>
          r.zone_id === zone.id &&
          (!q.get('type') || r.type === q.get('type')) &&
          (!q.get('name') || r.name === q.get('name')) &&
          (!q.get('content') || r.content === q.get('content')),
      );
      return send(
        200,
        envelope(found, {
          result_info: { page: 1, per_page: 100, count: found.length, total_count: found.length },
        }),
      );
    }
    if (req.method === 'DELETE' && m[2]) {
      const at = records.findIndex((r) => r.zone_id === zone.id && r.id === m[2]);
      if (at < 0) return send(404, failure(81044, 'Record does not exist.'));
      const [gone] = records.splice(at, 1);
      if (gone) await opts.mirror?.('delete', gone.name, gone.content);
      return send(200, envelope({ id: m[2] }));
    }
    return send(405, failure(10405, 'Method not allowed'));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(failure(10001, String(error))));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/client/v4`,
    token,
    zones,
    records,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
