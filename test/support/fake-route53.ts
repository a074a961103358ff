/**
 * A local HTTP server that follows the Route 53 API reference (REST/XML, version 2013-04-01) for
 * the calls a DNS-01 client makes, and checks what it receives:
 * - auth: an `AWS4-HMAC-SHA256` Authorization header whose credential scope names our access key,
 *   the region us-east-1 and the service route53, and an X-Amz-Date (the signature itself is not
 *   recomputed); otherwise 403 InvalidClientTokenId;
 * - `GET /2013-04-01/hostedzonesbyname?dnsname=&maxitems=` (ListHostedZonesByName);
 * - `GET /2013-04-01/hostedzone/{Id}/rrset?name=&type=&maxitems=` (ListResourceRecordSets, in
 *   name order from the start name, as the real API does);
 * - `POST /2013-04-01/hostedzone/{Id}/rrset/` with a ChangeResourceRecordSetsRequest: CREATE fails
 *   when the set exists, DELETE must match the set exactly (InvalidChangeBatch), UPSERT replaces;
 * - `GET /2013-04-01/change/{Id}` (GetChange): PENDING once, then INSYNC.
 * Errors use the ErrorResponse XML shape. `mirror` copies TXT changes into a real DNS server.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export interface RecordSet {
  name: string;
  type: string;
  ttl: number;
  values: string[];
}

export interface FakeRoute53 {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  zones: Array<{ id: string; name: string }>;
  /** zone id -> record sets */
  sets: Map<string, RecordSet[]>;
  requests: string[];
  /** Raw ChangeResourceRecordSets bodies received. */
  changeBodies: string[];
  close(): Promise<void>;
}

export interface FakeRoute53Options {
  zones: string[];
  mirror?: (op: 'add' | 'delete', name: string, value: string) => Promise<void>;
  /** Temporary credentials: every request must carry this X-Amz-Security-Token. */
  sessionToken?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unesc = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const tag = (xml: string, name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
const tags = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1] ?? '');

function setXml(s: RecordSet): string {
  const values = s.values.map((v) => `<ResourceRecord><Value>${esc(v)}</Value></ResourceRecord>`).join('');
  return `<ResourceRecordSet><Name>${esc(s.name)}</Name><Type>${s.type}</Type><TTL>${s.ttl}</TTL><ResourceRecords>${values}</ResourceRecords></ResourceRecordSet>`;
}

export async function startFakeRoute53(opts: FakeRoute53Options): Promise<FakeRoute53> {
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('base64');
  const zones = opts.zones.map((name) => ({
    id: `Z${randomBytes(8).toString('hex').toUpperCase()}`,
    name: `${name}.`,
  }));
  const sets = new Map<string, RecordSet[]>(zones.map((z) => [z.id, []]));
  const changes = new Map<string, number>();
  const requests: string[] = [];
  const changeBodies: string[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, {
        'Content-Type': 'text/xml',
        'x-amzn-RequestId': randomBytes(8).toString('hex'),
      });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
    };
    const error = (status: number, code: string, message: string) =>
      send(
        status,
        `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${randomBytes(8).toString('hex')}</RequestId></ErrorResponse>`,
      );
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const auth = req.headers.authorization ?? '';
    const scope =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(
        auth,
      );
    if (
      !scope ||
      scope[1] !== accessKeyId ||
      scope[2] !== 'us-east-1' ||
      scope[3] !== 'route53' ||
      !req.headers['x-amz-date'] ||
      (opts.sessionToken !== undefined && req.headers['x-amz-security-token'] !== opts.sessionToken)
    ) {
      return error(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = url.pathname;

    if (req.method === 'GET' && path === '/2013-04-01/hostedzonesbyname') {
      const dnsname = (url.searchParams.get('dnsname') ?? '').toLowerCase().replace(/\.?$/, '.');
      const max = Number(url.searchParams.get('maxitems') ?? '100');
      // Zones in order from dnsname on (the real API orders by reversed labels; one zone per test).
      const list = zones.filter((z) => z.name >= dnsname).slice(0, max);
      const items = list
        .map(
          (z) =>
            `<HostedZone><Id>/hostedzone/${z.id}</Id><Name>${z.name}</Name><CallerReference>fake</CallerReference><Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>${sets.get(z.id)?.length ?? 0}</ResourceRecordSetCount></HostedZone>`,
        )
        .join('');
      return send(
        200,
        `<ListHostedZonesByNameResponse xmlns="${NS}"><HostedZones>${items}</HostedZones><DNSName>${esc(dnsname)}</DNSName><IsTruncated>false</IsTruncated><MaxItems>${max}</MaxItems></ListHostedZonesByNameResponse>`,
      );
    }
    const change = /^\/2013-04-01\/change\/([A-Z0-9]+)$/.exec(path);
    if (req.method === 'GET' && change) {
      const seen = changes.get(change[1] as string);
      if (seen === undefined)
        return error(
          404,
          'NoSuchChange',
          `A change with the specified change ID does not exist: ${change[1]}`,
        );
      changes.set(change[1] as string, seen + 1);
      return send(
        200,
        `<GetChangeResponse xmlns="${NS}"><ChangeInfo><Id>/change/${change[1]}</Id><Status>${seen === 0 ? 'PENDING' : 'INSYNC'}</Status><SubmittedAt>${new Date().toISOString()}</SubmittedAt></ChangeInfo></GetChangeResponse>`,
      );
    }
    const rr = /^\/2013-04-01\/hostedzone\/([A-Z0-9]+)\/rrset\/?$/.exec(path);
    const zoneSets = rr ? sets.get(rr[1] as string) : undefined;
    if (!rr || !zoneSets)
      return error(404, 'NoSuchHostedZone', `No hosted zone found with ID: ${rr?.[1] ?? path}`);
    if (req.method === 'GET') {
      const name = (url.searchParams.get('name') ?? '').toLowerCase();
      const type = url.searchParams.get('type') ?? '';
      const max = Number(url.searchParams.get('maxitems') ?? '300');
      const sorted = [...zoneSets].sort((a, b) =>
        a.name === b.name ? a.type.localeCompare(b.type) : a.name.localeCompare(b.name),
      );
      const from = sorted.filter((s) => s.name > name || (s.name === name && s.type >= type)).slice(0, max);
      return send(
        200,
        `<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>${from.map(setXml).join('')}</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`,
      );
    }
    if (req.method === 'POST') {
      changeBodies.push(body);
      if (!body.includes(`<ChangeResourceRecordSetsRequest xmlns="${NS}">`))
        return error(400, 'InvalidInput', 'Expected a ChangeResourceRecordSetsRequest');
      for (const c of tags(body, 'Change')) {
        const action = tag(c, 'Action');
        const set: RecordSet = {
          name: (tag(c, 'Name') ?? '').toLowerCase(),
          type: tag(c, 'Type') ?? '',
          ttl: Number(tag(c, 'TTL') ?? '0'),
          values: tags(c, 'Value').map(unesc),
        };
        if (set.type !== 'TXT' || !set.name.endsWith('.') || set.values.length === 0)
          return error(400, 'InvalidInput', 'Invalid resource record set');
        if (set.values.some((v) => !/^".*"$/.test(v)))
          return error(
            400,
            'InvalidChangeBatch',
            'Invalid Resource Record: FATAL problem: InvalidCharacterString (Value should be enclosed in quotation marks)',
          );
        const at = zoneSets.findIndex((s) => s.name === set.name && s.type === set.type);
        const old = at >= 0 ? zoneSets[at] : undefined;
        if (action === 'CREATE' && old)
          return error(
            400,
            'InvalidChangeBatch',
            `[Tried to create resource record set [name='${set.name}', type='TXT'] but it already exists]`,
          );
        if (
          action === 'DELETE' &&
          (!old || old.ttl !== set.ttl || [...old.values].sort().join() !== [...set.values].sort().join())
        ) {
          return error(
            400,
            'InvalidChangeBatch',
            `[Tried to delete resource record set [name='${set.name}', type='TXT'] but the values provided do not match the current values]`,
          );
        }
        const before = new Set(old?.values ?? []);
        const after = new Set(action === 'DELETE' ? [] : set.values);
        for (const v of after)
          if (!before.has(v)) await opts.mirror?.('add', set.name.slice(0, -1), v.slice(1, -1));
        for (const v of before)
          if (!after.has(v)) await opts.mirror?.('delete', set.name.slice(0, -1), v.slice(1, -1));
        if (at >= 0) zoneSets.splice(at, 1);
        if (action !== 'DELETE') zoneSets.push(set);
      }
      const id = `C${randomBytes(8).toString('hex').toUpperCase()}`;
      changes.set(id, 0);
      return send(
        200,
        `<ChangeResourceRecordSetsResponse xmlns="${NS}"><ChangeInfo><Id>/change/${id}</Id><Status>PENDING</Status><SubmittedAt>${new Date().toISOString()}</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>`,
      );
    }
    return error(405, 'InvalidInput', 'Method not allowed');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId,
    secretAccessKey,
    zones,
    sets,
    requests,
    changeBodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
