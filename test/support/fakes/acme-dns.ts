/**
 * joohoi/acme-dns's HTTP API, as its README and handlers describe it:
 * - `POST /register` (optional `{"allowfrom": [cidr...]}`) -> 201 `{username, password, fulldomain,
 *   subdomain, allowfrom}`; username and subdomain are UUIDs, the password 40 characters;
 * - `POST /update` with `X-Api-User` / `X-Api-Key` and `{"subdomain", "txt"}` -> 200 `{"txt"}`.
 *   Wrong user, key or subdomain, or a caller outside `allowfrom`: 401 `{"error":"forbidden"}`. A
 *   TXT value that is not exactly 43 characters of [A-Za-z0-9_-]: 400 `{"error":"bad_subdomain"}`
 *   (acme-dns answers that for bad values too);
 * - each subdomain holds two TXT values; an update replaces the older one. There is no delete.
 * The values are written through to bind as `<subdomain>.<domain>` (domain: a bind zone).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { BindWriter } from './bind.js';
import { type FakeApi, type FakeReply, startFake } from './server.js';

export interface AcmeDnsAccount {
  username: string;
  password: string;
  subdomain: string;
  fulldomain: string;
  allowfrom: string[];
  /** Two slots, oldest replaced first; '' is an unused slot. */
  slots: Array<{ value: string; at: number }>;
}

export interface FakeAcmeDns {
  api: FakeApi;
  url: string;
  accounts: AcmeDnsAccount[];
  /** Values a subdomain serves now. */
  values(subdomain: string): string[];
}

const forbidden: FakeReply = { status: 401, body: { error: 'forbidden' } };
const VALID_KEY = /^[A-Za-z0-9_-]{40}$/;
const VALID_TXT = /^[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startFakeAcmeDns(bind: BindWriter, domain: string): Promise<FakeAcmeDns> {
  const accounts: AcmeDnsAccount[] = [];
  let clock = 0;
  const account = (user: unknown, key: unknown) =>
    typeof user === 'string' && typeof key === 'string' && UUID.test(user) && VALID_KEY.test(key)
      ? accounts.find((a) => a.username === user && a.password === key)
      : undefined;

  const api = await startFake({
    name: 'acme-dns',
    auth: (req) => {
      if (req.path !== '/update') return undefined;
      const a = account(req.headers['x-api-user'], req.headers['x-api-key']);
      const body = req.body as { subdomain?: unknown } | undefined;
      if (!a || body?.subdomain !== a.subdomain) return forbidden;
      return undefined;
    },
    handle: async (req) => {
      if (req.method === 'POST' && req.path === '/register') {
        const allowfrom = ((req.body as { allowfrom?: string[] } | undefined)?.allowfrom ?? []).filter(
          (c) => typeof c === 'string',
        );
        const subdomain = randomUUID();
        const a: AcmeDnsAccount = {
          username: randomUUID(),
          password: randomBytes(30).toString('base64url'),
          subdomain,
          fulldomain: `${subdomain}.${domain}`,
          allowfrom,
          slots: [
            { value: '', at: 0 },
            { value: '', at: 0 },
          ],
        };
        accounts.push(a);
        const { username, password, fulldomain } = a;
        return { status: 201, body: { username, password, fulldomain, subdomain, allowfrom } };
      }
      if (req.method === 'POST' && req.path === '/update') {
        const a = account(req.headers['x-api-user'], req.headers['x-api-key']) as AcmeDnsAccount;
        const txt = (req.body as { txt?: unknown }).txt;
        if (typeof txt !== 'string' || !VALID_TXT.test(txt))
          return { status: 400, body: { error: 'bad_subdomain' } };
        // Pick and take the slot before any await: two updates at once must land in both slots.
        const oldest = a.slots[0]!.at <= a.slots[1]!.at ? a.slots[0]! : a.slots[1]!;
        const other = oldest === a.slots[0] ? a.slots[1]! : a.slots[0]!;
        const previous = oldest.value;
        oldest.value = txt;
        oldest.at = ++clock;
        if (previous && previous !== other.value && previous !== txt)
          await bind.remove(a.fulldomain, previous);
        if (txt !== other.value && txt !== previous) await bind.add(a.fulldomain, txt, 1);
        return { status: 200, body: { txt } };
      }
      if (req.method === 'GET' && req.path === '/health') return { status: 200 };
      return { status: 404, body: { error: 'not found' } };
    },
  });
  return {
    api,
    url: api.origin,
    accounts,
    values: (subdomain) =>
      (accounts.find((a) => a.subdomain === subdomain)?.slots ?? []).map((s) => s.value).filter(Boolean),
  };
}
