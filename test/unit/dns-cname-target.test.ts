/**
 * Network data as names: the CNAME found on `_acme-challenge.<name>` comes from whoever answers
 * for the zone. Its target is used only when it is a valid DNS name inside a zone the config
 * allows (a provider's `zones`, or `challenge-alias`), and is refused before any update or exec.
 * A small DNS server of this test (UDP, loopback) gives the CNAME; the exec provider runs a real
 * script that records every call, so "nothing was run" is read from its file.
 */
import { createSocket, type Socket } from 'node:dgram';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChallengeOptions, planRecord, withChallengeRecords } from '../../src/dns/challenge.js';
import type { DnsProvider } from '../../src/dns/provider.js';
import { createProvider } from '../../src/dns/providers/index.js';
import { isValidRecordName } from '../../src/dns/resolve.js';
import { CLASS, decodeMessage, encodeMessage, encodeName, TYPE } from '../../src/dns/wire.js';
import { MemoryLogger } from '../../src/util/log.js';

const BASE = '_acme-challenge.www.certflow.test';
let server: Socket;
let port: number;
let dir: string;
/** The raw CNAME RDATA the server answers for BASE (undefined: no CNAME). */
let cname: Buffer | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certflow-cname-'));
  await writeFile(join(dir, 'dns-hook'), `#!/bin/sh\necho "$@" >> "${join(dir, 'calls')}"\n`);
  await chmod(join(dir, 'dns-hook'), 0o755);
  server = createSocket('udp4');
  server.on('message', (msg, rinfo) => {
    const q = decodeMessage(msg).questions[0];
    if (!q) return;
    const isBase = q.name === BASE && cname !== undefined;
    const answer = encodeMessage({
      id: msg.readUInt16BE(0),
      questions: [q],
      answers: isBase
        ? [{ name: q.name, type: TYPE.CNAME, class: CLASS.IN, ttl: 5, rdata: cname as Buffer }]
        : [],
    });
    answer.writeUInt16BE(0x8580, 2); // QR, AA, RD, RA, NOERROR
    server.send(answer, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
  port = server.address().port;
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

function provider(): DnsProvider {
  return createProvider(
    'hook',
    {
      type: 'exec',
      command: join(dir, 'dns-hook'),
      timeout: '10s',
      resolvers: [`127.0.0.1:${port}`],
      zones: ['certflow.test', 'challenges.certflow.net'],
      'propagation-timeout': '5s',
      ttl: 60,
    },
    { log: new MemoryLogger(), workspace: dir },
  );
}

/** What an order does: plan every record, then present, validate and clean up. */
async function challenge(challengeAlias?: string): Promise<string[]> {
  await writeFile(join(dir, 'calls'), '');
  const hook = provider();
  const opts: ChallengeOptions = {
    providers: new Map([['hook', hook]]),
    log: new MemoryLogger(),
    skipPropagation: true,
  };
  const records = await Promise.all(
    ['www.certflow.test'].map((d) => planRecord(d, 'token-value', hook, challengeAlias, opts)),
  );
  await withChallengeRecords(records, opts, async () => undefined);
  return records.map((r) => r.fqdn);
}

const calls = async () => (await readFile(join(dir, 'calls'), 'utf8')).trim().split('\n').filter(Boolean);

describe('Network data as names: CNAME targets of _acme-challenge', () => {
  it('writes at a CNAME target inside a provider zone', async () => {
    cname = encodeName('www.challenges.certflow.net');
    expect(await challenge()).toEqual(['www.challenges.certflow.net']);
    expect(await calls()).toEqual([
      'present www.challenges.certflow.net token-value',
      'cleanup www.challenges.certflow.net token-value',
    ]);
  });

  it('refuses a target outside every allowed zone before any exec', async () => {
    cname = encodeName('_acme-challenge.attacker.net');
    await expect(challenge()).rejects.toThrow(
      `${BASE} is a CNAME to _acme-challenge.attacker.net, outside every zone the config allows (certflow.test, challenges.certflow.net); nothing was written`,
    );
    expect(await calls()).toEqual([]);
  });

  it('refuses a target that is not a valid DNS name (shell text, spaces, escaped dots)', async () => {
    for (const label of ['$(touch pwned)', 'a b', 'evil.certflow.test', '-x']) {
      const bytes = Buffer.from(label);
      cname = Buffer.concat([Buffer.from([bytes.length]), bytes, encodeName('certflow.test')]);
      await expect(challenge(), label).rejects.toThrow(/is not a valid DNS name; nothing was written/);
    }
    expect(await calls()).toEqual([]);
  });

  it('accepts a target inside challenge-alias, even when no provider lists its zone', async () => {
    cname = encodeName('_acme-challenge.alias.example.org');
    expect(await challenge('alias.example.org')).toEqual(['_acme-challenge.alias.example.org']);
    cname = encodeName('_acme-challenge.other.example.org');
    await expect(challenge('alias.example.org')).rejects.toThrow(/outside every zone the config allows/);
  });

  it('knows what a record name is', () => {
    for (const ok of ['_acme-challenge.example.com', 'a.b', 'x-1.example.com'])
      expect(isValidRecordName(ok), ok).toBe(true);
    for (const bad of ['com', 'a..b', '-a.b', 'a-.b', 'a\\046b.c', `${'a'.repeat(64)}.b`, 'a b.c', 'A.b']) {
      expect(isValidRecordName(bad), bad).toBe(false);
    }
  });
});
