/**
 * Proves the local test bed with real clients: bind takes TSIG-signed RFC 2136 updates and refuses bad
 * keys, PowerDNS takes API changes that bind forwards, Pebble is reachable only through the minted CA
 * and really validates DNS-01 against the bed's DNS, and the three SSH hosts are separate machines as
 * far as certflow can tell (own host key, own /etc/ssl/certflow, own nginx).
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import * as acme from 'acme-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dig,
  httpsGetText,
  loadTestbed,
  nsupdate,
  pebbleIntermediate,
  pebbleRoot,
  resetHosts,
  run,
  servedCertificate,
  sshRun,
  type Testbed,
} from '../support/testbed.js';

const bed: Testbed = loadTestbed();
const tag = () => randomBytes(4).toString('hex');

async function pdnsPatch(rrsets: unknown[]): Promise<void> {
  const url = `${bed.pdns.apiUrl}/api/v1/servers/${bed.pdns.serverId}/zones/${bed.pdns.zone}.`;
  const response = await fetch(url, {
    method: 'PATCH',
    headers: { 'X-API-Key': bed.pdns.apiKey, 'Content-Type': 'application/json' },
    body: JSON.stringify({ rrsets }),
  });
  if (response.status !== 204) throw new Error(`PATCH ${url}: ${response.status} ${await response.text()}`);
}

const pdnsSetTxt = (name: string, value: string) =>
  pdnsPatch([
    {
      name: `${name}.`,
      type: 'TXT',
      ttl: 60,
      changetype: 'REPLACE',
      records: [{ content: `"${value}"`, disabled: false }],
    },
  ]);
const pdnsDelete = (name: string, type = 'TXT') =>
  pdnsPatch([{ name: `${name}.`, type, changetype: 'DELETE' }]);

async function bindUpdate(commands: string[]): Promise<void> {
  const result = await nsupdate(bed, commands);
  if (result.code !== 0) throw new Error(`nsupdate failed: ${result.stderr}`);
}

describe('bind9 (RFC 2136 + TSIG)', () => {
  it('applies an update signed with the TSIG key, visible at once', async () => {
    const name = `_t-${tag()}.${bed.dns.zone}`;
    await bindUpdate([`update add ${name}. 60 TXT "hello-${name}"`]);
    expect(await dig(bed.dns.server, name, 'TXT')).toEqual([`"hello-${name}"`]);
    await bindUpdate([`update delete ${name}. TXT`]);
    expect(await dig(bed.dns.server, name, 'TXT')).toEqual([]);
  });

  it('accepts updates in the challenges-only zone and follows the delegation CNAME', async () => {
    const value = `v-${tag()}`;
    await bindUpdate([`update add ${bed.dns.delegatedTarget}. 60 TXT "${value}"`]);
    try {
      const answer = await dig(bed.dns.server, `_acme-challenge.${bed.dns.delegatedName}`, 'TXT');
      expect(answer).toEqual([`${bed.dns.delegatedTarget}.`, `"${value}"`]);
    } finally {
      await bindUpdate([`update delete ${bed.dns.delegatedTarget}. TXT`]);
    }
  });

  it('refuses a wrong secret (BADSIG), an unknown key (BADKEY) and an unsigned update', async () => {
    const name = `_t-${tag()}.${bed.dns.zone}`;
    const add = [`update add ${name}. 60 TXT "nope"`];
    const wrongSecret = await nsupdate(bed, add, { ...bed.tsig, secret: randomBytes(32).toString('base64') });
    expect(wrongSecret.code).not.toBe(0);
    expect(wrongSecret.stderr).toMatch(/BADSIG/);
    const wrongName = await nsupdate(bed, add, { ...bed.tsig, name: 'not-the-key' });
    expect(wrongName.code).not.toBe(0);
    expect(wrongName.stderr).toMatch(/BADKEY/);
    const unsigned = await run('nsupdate', ['-t', '5'], {
      input: `server ${bed.dns.host} ${bed.dns.port}\n${add[0]}\nsend\n`,
    });
    expect(unsigned.code).not.toBe(0);
    expect(unsigned.stderr).toMatch(/REFUSED/);
    expect(await dig(bed.dns.server, name, 'TXT')).toEqual([]);
  });
});

describe('PowerDNS (HTTP API)', () => {
  it('takes a TXT record through the API, visible at PowerDNS and through bind', async () => {
    const name = `_t-${tag()}.${bed.pdns.zone}`;
    await pdnsSetTxt(name, 'from-api');
    try {
      expect(await dig(bed.pdns.server, name, 'TXT')).toEqual(['"from-api"']);
      expect(await dig(bed.dns.server, name, 'TXT')).toEqual(['"from-api"']);
      // bind does not cache forwarded answers: a change shows up at once.
      await pdnsSetTxt(name, 'changed');
      expect(await dig(bed.dns.server, name, 'TXT')).toEqual(['"changed"']);
    } finally {
      await pdnsDelete(name);
    }
    expect(await dig(bed.dns.server, name, 'TXT')).toEqual([]);
  });

  it('refuses a wrong API key', async () => {
    const response = await fetch(`${bed.pdns.apiUrl}/api/v1/servers/${bed.pdns.serverId}/zones`, {
      headers: { 'X-API-Key': 'wrong' },
    });
    expect(response.status).toBe(401);
  });
});

describe('Pebble', () => {
  const ca = readFileSync(bed.pebbleCa);

  const extra =
    bed.pebbleSecond && bed.pebbleEab
      ? ([
          ['second', bed.pebbleSecond],
          ['eab', bed.pebbleEab],
        ] as const)
      : [];
  for (const [label, pebble] of [['main', bed.pebble], ['chaos', bed.pebbleChaos], ...extra] as const) {
    it(`${label}: directory answers over HTTPS trusted through the minted CA only`, async () => {
      const { status, body } = await httpsGetText(pebble.directory, ca);
      expect(status).toBe(200);
      expect(JSON.parse(body)).toHaveProperty('newOrder');
      await expect(httpsGetText(pebble.directory)).rejects.toThrow(/certificate|self.signed|issuer/i);
      const root = await pebbleRoot(pebble.mgmt, bed);
      const intermediate = await pebbleIntermediate(pebble.mgmt, bed);
      expect(root).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(intermediate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    });
  }

  it('the two Pebbles have different roots', async () => {
    expect(await pebbleRoot(bed.pebble.mgmt, bed)).not.toEqual(await pebbleRoot(bed.pebbleChaos.mgmt, bed));
  });

  it('pebble-extra: the second Pebble is a CA of its own, the EAB one requires a binding', async () => {
    if (!bed.pebbleSecond || !bed.pebbleEab) throw new Error('no pebble-extra service on this bed');
    expect(await pebbleRoot(bed.pebbleSecond.mgmt, bed)).not.toEqual(await pebbleRoot(bed.pebble.mgmt, bed));
    const eab = JSON.parse((await httpsGetText(bed.pebbleEab.directory, ca)).body);
    expect(eab.meta?.externalAccountRequired).toBe(true);
    const second = JSON.parse((await httpsGetText(bed.pebbleSecond.directory, ca)).body);
    expect(second.meta?.externalAccountRequired).toBe(false);
  });
});

describe('Pebble validates DNS-01 against the bed (acme-client)', () => {
  let client: acme.Client;

  beforeAll(async () => {
    acme.axios.defaults.httpsAgent = new Agent({ ca: readFileSync(bed.pebbleCa) });
    client = new acme.Client({
      directoryUrl: bed.pebble.directory,
      accountKey: await acme.crypto.createPrivateEcdsaKey(),
    });
    await client.createAccount({ termsOfServiceAgreed: true });
  });
  afterAll(() => {
    acme.axios.defaults.httpsAgent = undefined;
  });

  /** Orders a certificate for `name`, publishing the DNS-01 value with `publish` (undone afterwards). */
  async function issue(
    name: string,
    publish: (value: string) => Promise<void>,
    unpublish: () => Promise<void>,
  ): Promise<string> {
    const order = await client.createOrder({ identifiers: [{ type: 'dns', value: name }] });
    const [authz] = await client.getAuthorizations(order);
    const challenge = authz?.challenges.find((c) => c.type === 'dns-01');
    if (!challenge) throw new Error('no dns-01 challenge');
    await publish(await client.getChallengeKeyAuthorization(challenge));
    try {
      await client.completeChallenge(challenge);
      await client.waitForValidStatus(challenge);
    } finally {
      await unpublish();
    }
    const [, csr] = await acme.crypto.createCsr({ commonName: name, altNames: [name] });
    const finalized = await client.finalizeOrder(order, csr);
    return client.getCertificate(finalized);
  }

  it('in certflow.test (bind, RFC 2136)', async () => {
    const name = `t${tag()}.${bed.dns.zone}`;
    const record = `_acme-challenge.${name}.`;
    const pem = await issue(
      name,
      (v) => bindUpdate([`update add ${record} 60 TXT "${v}"`]),
      () => bindUpdate([`update delete ${record} TXT`]),
    );
    expect(acme.crypto.readCertificateInfo(pem).domains.altNames).toEqual([name]);
  });

  it('through the CNAME into challenges.test', async () => {
    const target = `${bed.dns.delegatedTarget}.`;
    const pem = await issue(
      bed.dns.delegatedName,
      (v) => bindUpdate([`update add ${target} 60 TXT "${v}"`]),
      () => bindUpdate([`update delete ${target} TXT`]),
    );
    expect(acme.crypto.readCertificateInfo(pem).domains.altNames).toEqual([bed.dns.delegatedName]);
  });

  it('in pdns.test (PowerDNS API, reached by Pebble through bind)', async () => {
    const name = `t${tag()}.${bed.pdns.zone}`;
    const record = `_acme-challenge.${name}`;
    const pem = await issue(
      name,
      (v) => pdnsSetTxt(record, v),
      () => pdnsDelete(record),
    );
    expect(acme.crypto.readCertificateInfo(pem).domains.altNames).toEqual([name]);
  });

  it('rejects a wrong TXT value (validation is real, not PEBBLE_VA_ALWAYS_VALID)', async () => {
    const name = `t${tag()}.${bed.dns.zone}`;
    const record = `_acme-challenge.${name}.`;
    await expect(
      issue(
        name,
        () => bindUpdate([`update add ${record} 60 TXT "not-the-key-authorization"`]),
        () => bindUpdate([`update delete ${record} TXT`]),
      ),
    ).rejects.toThrow(/Correct value not found|unauthorized|invalid/i);
  });

  it('ignores CAA (Pebble 2.4.0 has no CAA check: env PEBBLE_CAA_CHECKED=false)', async () => {
    expect(bed.env.PEBBLE_CAA_CHECKED).toBe('false');
    const name = `caa${tag()}.${bed.dns.zone}`;
    const record = `_acme-challenge.${name}.`;
    await bindUpdate([`update add ${name}. 60 CAA 0 issue "nobody.invalid"`]);
    try {
      const pem = await issue(
        name,
        (v) => bindUpdate([`update add ${record} 60 TXT "${v}"`]),
        () => bindUpdate([`update delete ${record} TXT`]),
      );
      expect(pem).toMatch(/BEGIN CERTIFICATE/);
    } finally {
      await bindUpdate([`update delete ${name}. CAA`]);
    }
  });
});

describe('SSH hosts', () => {
  for (const host of bed.hosts) {
    it(`${host.name}: accepts the test key with the pinned host key and is its own machine`, async () => {
      const result = await sshRun(bed, host.addr, 'hostname && test -d /run/sshd && echo ok');
      expect(result.stderr).toBe('');
      expect(result.stdout.split('\n')).toEqual([host.name, 'ok', '']);
    });
  }

  it('a known_hosts with the wrong key for host3 is refused (and still right for the others)', async () => {
    const wrong = bed.hosts.find((h) => h.addr === bed.ssh.wrongHost)!;
    const refused = await sshRun(bed, wrong.addr, 'true', { knownHosts: bed.ssh.knownHostsWrong });
    expect(refused.code).toBe(255);
    expect(refused.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    const other = bed.hosts.find((h) => h.addr !== bed.ssh.wrongHost)!;
    expect((await sshRun(bed, other.addr, 'true', { knownHosts: bed.ssh.knownHostsWrong })).code).toBe(0);
  });

  it('every host serves its own TLS placeholders on 443, per site', async () => {
    const seen = new Set<string>();
    for (const host of bed.hosts) {
      for (const site of ['www', 'api']) {
        const cert = await servedCertificate(host.addr, 443, `${site}.certflow.test`);
        const placeholder = readFileSync(join(host.certDir, site, 'fullchain.pem'), 'utf8');
        expect(cert.fingerprint256).toBe(new X509Certificate(placeholder).fingerprint256);
        expect(cert.subject).toContain(`${site} placeholder on ${host.name}`);
        seen.add(cert.fingerprint256);
      }
      // www is the default server: a name nginx does not know gets www's certificate.
      const fallback = await servedCertificate(host.addr, 443, 'unknown.certflow.test');
      expect(fallback.subject).toContain(`www placeholder on ${host.name}`);
    }
    expect(seen.size).toBe(bed.hosts.length * 2);
  });

  it('a file under /etc/ssl/certflow on one host is absent on the others', async () => {
    const [first, ...others] = bed.hosts;
    const base = `marker-${tag()}`;
    const file = `/etc/ssl/certflow/www/${base}`;
    const write = await sshRun(bed, first!.addr, `echo ${first!.name} > ${file} && cat ${file}`);
    expect(write.stdout).toBe(`${first!.name}\n`);
    try {
      // The host's /etc/ssl/certflow is its folder in the state dir.
      expect(readFileSync(join(first!.certDir, 'www', base), 'utf8')).toBe(`${first!.name}\n`);
      for (const host of others) {
        expect((await sshRun(bed, host.addr, `test -e ${file}`)).code).toBe(1);
      }
    } finally {
      await sshRun(bed, first!.addr, `rm -f ${file}`);
    }
  });

  it('nginx -t and nginx -s reload work through each SSH login, on that host only', async () => {
    for (const host of bed.hosts) {
      const result = await sshRun(
        bed,
        host.addr,
        'nginx -t 2>&1 && cat /run/nginx.pid && nginx -s reload 2>/dev/null && cat /run/nginx.pid',
      );
      expect(result.code, result.stderr).toBe(0);
      const [syntax, test, pidBefore, pidAfter] = result.stdout.trim().split('\n');
      expect(syntax).toMatch(/syntax is ok/);
      expect(test).toMatch(/test is successful/);
      // Same master after a reload, and it is this host's own (its /run seen from outside).
      expect(pidAfter).toBe(pidBefore);
      expect(readFileSync(join(host.dir, 'run', 'nginx.pid'), 'utf8').trim()).toBe(pidBefore);
    }
    const masters = new Set(bed.hosts.map((h) => readFileSync(join(h.dir, 'run', 'nginx.pid'), 'utf8')));
    expect(masters.size).toBe(bed.hosts.length);
  });

  it('a certificate deployed and reloaded on one host is served there only; resetHosts restores it', async () => {
    const [first, second] = bed.hosts;
    // Borrow host2's api placeholder as host1's new www certificate.
    const src = join(second!.certDir, 'api');
    const cert = readFileSync(join(src, 'fullchain.pem'), 'utf8');
    const key = readFileSync(join(src, 'privkey.pem'), 'utf8');
    const before = await servedCertificate(first!.addr, 443, 'www.certflow.test');
    const deploy = await sshRun(
      bed,
      first!.addr,
      'umask 077 && cat > /etc/ssl/certflow/www/new.pem && ' +
        'sed -n "/BEGIN CERTIFICATE/,/END CERTIFICATE/p" /etc/ssl/certflow/www/new.pem > /etc/ssl/certflow/www/fullchain.pem && ' +
        'sed -n "/BEGIN PRIVATE KEY/,/END PRIVATE KEY/p" /etc/ssl/certflow/www/new.pem > /etc/ssl/certflow/www/privkey.pem && ' +
        'rm /etc/ssl/certflow/www/new.pem && nginx -t 2>/dev/null && nginx -s reload 2>/dev/null',
      { input: cert + key },
    );
    expect(deploy.code, deploy.stderr).toBe(0);
    try {
      let served = before;
      for (let i = 0; i < 100 && served.fingerprint256 === before.fingerprint256; i++) {
        await new Promise((r) => setTimeout(r, 50));
        served = await servedCertificate(first!.addr, 443, 'www.certflow.test');
      }
      expect(served.subject).toContain(`api placeholder on ${second!.name}`);
      const elsewhere = await servedCertificate(second!.addr, 443, 'www.certflow.test');
      expect(elsewhere.subject).toContain(`www placeholder on ${second!.name}`);
    } finally {
      await resetHosts(first!.name);
    }
    const after = await servedCertificate(first!.addr, 443, 'www.certflow.test');
    expect(after.fingerprint256).toBe(before.fingerprint256);
  });

  it('resetHosts brings back nginx stopped by a test and empties conf.d', async () => {
    const host = bed.hosts[2]!;
    const stop = await sshRun(
      bed,
      host.addr,
      'echo "# extra" > /etc/nginx/conf.d/extra.conf && nginx -s stop && sleep 0.2 && ! test -e /run/nginx.pid',
    );
    expect(stop.code).toBe(0);
    await resetHosts(host.name);
    const check = await sshRun(bed, host.addr, 'ls /etc/nginx/conf.d | wc -l && test -s /run/nginx.pid');
    expect(check.code).toBe(0);
    expect(check.stdout.trim()).toBe('0');
    const cert = await servedCertificate(host.addr, 443, 'api.certflow.test');
    expect(cert.subject).toContain(`api placeholder on ${host.name}`);
  });
});
