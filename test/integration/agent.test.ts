/**
 * Pull mode on the bed (issue 21): two agent hosts (testbed/services/agent-hosts.sh, each a mount
 * namespace with its own nginx on 127.0.0.41/42) run `node dist/cli.cjs agent` inside their
 * namespace with their own age identity, fetching from a real bare repository; host3 is deployed
 * over SSH at the same time. Real Pebble and bind issue every certificate.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle } from '../../src/store/open.js';
import { sha256Hex } from '../../src/util/x509.js';
import { createTestCa } from '../support/certs.js';
import { loadTestbed, pebbleRoot, servedCertificate, sshRun } from '../support/testbed.js';
import { createWorkspace, type Workspace } from '../support/workspace.js';

const ROOT = join(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist', 'cli.cjs');
const bed = loadTestbed();
const host3 = bed.hosts[2] as (typeof bed.hosts)[number];

function agentHosts() {
  const file = join(bed.dir, 'agent-hosts.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(
      `${file} is missing: the agent hosts are started by testbed/up.sh (testbed/services/agent-hosts.sh)`,
    );
  }
  const env = Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z0-9_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return [1, 2].map((n) => ({
    name: env[`AGENT${n}_NAME`] as string,
    addr: env[`AGENT${n}_ADDR`] as string,
    pid: Number(env[`AGENT${n}_PID`]),
    dir: env[`AGENT${n}_DIR`] as string,
  }));
}
const [A, B] = agentHosts() as [ReturnType<typeof agentHosts>[number], ReturnType<typeof agentHosts>[number]];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function exec(cmd: string, args: string[], env: Record<string, string>, cwd = ROOT): Promise<Run> {
  return new Promise((done) => {
    execFile(cmd, args, { cwd, env, timeout: 180_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };
/** certflow on the CI side, from the bundle (no build step). */
const certflow = (ws: Workspace, ...args: string[]) =>
  exec(process.execPath, [CLI, ...args, '--config', ws.configPath], { ...baseEnv, ...ws.env }, ws.dir);

type Host = typeof A;
/** The agent inside the host's mount namespace, as its systemd service would run it. */
async function agent(host: Host): Promise<{ run: Run; json: AgentJson }> {
  const run = await exec(
    'nsenter',
    [
      '--mount',
      '--uts',
      '--target',
      String(host.pid),
      '--',
      process.execPath,
      CLI,
      'agent',
      '--config',
      join(host.dir, 'agent', 'agent.yml'),
      '--json',
    ],
    baseEnv,
  );
  let json: AgentJson;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(`agent on ${host.name}: no JSON (exit ${run.code}): ${run.stderr.slice(-2000)}`);
  }
  return { run, json };
}
interface AgentJson {
  ok: boolean;
  commit: string;
  error?: string;
  certificates: Array<{
    name: string;
    status: string;
    phase?: string;
    message: string;
    rolledBack?: boolean;
  }>;
}
const status = (j: AgentJson) => Object.fromEntries(j.certificates.map((c) => [c.name, c.status]));

function writeAgentConfig(
  host: Host,
  ws: Workspace,
  certificates: Record<string, string[]>,
  validate = 'nginx -t',
  git = { repository: ws.origin, extra: '' },
) {
  const dir = join(host.dir, 'agent');
  writeFileSync(
    join(dir, 'agent.yml'),
    `version: 1
repository: ${git.repository}
${git.extra}branch: main
identity-file: ${dir}/identity
work-dir: ${dir}/work
trust: [${dir}/pebble-root.pem]
certificates:
${Object.entries(certificates)
  .map(([n, d]) => `  ${n}: [${d.join(', ')}]`)
  .join('\n')}
files: { dir: "/etc/ssl/certflow/{certificate}", key-mode: "0600" }
validate: ${validate}
reload: nginx -s reload
verify: { address: ${host.addr}, port: 443 }
report: { syslog: false, textfile: ${dir}/certflow.prom }
`,
  );
}

/** Content, inode and mtime of a host's live files for `name`, seen from outside the host. */
function liveFiles(host: { dir: string }, name: string) {
  return ['fullchain.pem', 'privkey.pem'].map((f) => {
    const path = join(host.dir, 'etc-ssl', 'certflow', name, f);
    const st = statSync(path);
    return { f, sha: sha256Hex(readFileSync(path)), ino: st.ino, mtime: st.mtimeMs, mode: st.mode & 0o777 };
  });
}
const manifest = (ws: Workspace, name: string) =>
  JSON.parse(readFileSync(join(ws.dir, 'certificates', name, 'certificate.json'), 'utf8'));
const served = async (addr: string, sni: string) => sha256Hex((await servedCertificate(addr, 443, sni)).raw);

let ws: Workspace;
const ids: Record<'store' | 'a' | 'b', { identity: string; recipient: string }> = {} as never;
let sshName: string;
let sshDomain: string;
const identityFile = (ws: Workspace) => join(ws.dir, '..', `${ws.dir.split('/').pop()}-store.key`);

function configFor(targetsOfWww: string[]): string {
  return readFileSync(ws.configPath, 'utf8').replace(
    /\ncertificates:\n[\s\S]*$/,
    `
certificates:
  www:
    domains: [www.agent.certflow.test]
    dns: bind
    targets: [${targetsOfWww.join(', ')}]
  api:
    domains: [api.agent.certflow.test]
    dns: bind
    targets: [pull-b]
  ${sshName}:
    domains: [${sshDomain}]
    dns: bind
    targets: [ssh3]
targets:
  pull-a: { type: agent, recipients: [${ids.a.recipient}] }
  pull-b: { type: agent, recipients: [${ids.b.recipient}] }
  ssh3:
    hosts: [${host3.addr}]
    user: root
    private-key: \${SSH_PRIVATE_KEY}
    known-hosts: \${SSH_KNOWN_HOSTS}
    files: { dir: "/etc/ssl/certflow/{certificate}", key-mode: "0600" }
    validate: nginx -t
    reload: nginx -s reload
`,
  );
}
function commitConfig(message: string) {
  execFileSync('git', ['commit', '-qam', message], { cwd: ws.dir });
  execFileSync('git', ['push', '-q', 'origin', 'main'], { cwd: ws.dir });
}

beforeAll(async () => {
  ws = await createWorkspace();
  for (const k of ['store', 'a', 'b'] as const) {
    const identity = await generateX25519Identity();
    ids[k] = { identity, recipient: await identityToRecipient(identity) };
  }
  // The store's own recipient is the workspace's identity (the deploy environment's secret).
  ids.store = { identity: ws.identity, recipient: await identityToRecipient(ws.identity) };
  writeFileSync(identityFile(ws), `${ws.identity}\n`, { mode: 0o600 });
  // The SSH host gets a site of its own, so no other test's www/api is touched.
  sshName = `agentssh-${Date.now().toString(36)}`;
  sshDomain = `${sshName}.certflow.test`;
  const ca = await createTestCa();
  const initial = await ca.issue(sshName, [sshDomain]);
  mkdirSync(join(host3.certDir, sshName), { mode: 0o755 });
  writeFileSync(join(host3.certDir, sshName, 'fullchain.pem'), initial.fullchainPem);
  writeFileSync(join(host3.certDir, sshName, 'privkey.pem'), initial.privateKeyPem, { mode: 0o600 });
  writeFileSync(
    join(host3.nginxDir, 'conf.d', `${sshName}.conf`),
    `server {\n\tlisten ${host3.addr}:443 ssl;\n\tserver_name ${sshDomain};\n\tssl_certificate /etc/ssl/certflow/${sshName}/fullchain.pem;\n\tssl_certificate_key /etc/ssl/certflow/${sshName}/privkey.pem;\n}\n`,
  );
  expect((await sshRun(bed, host3.addr, 'nginx -s reload')).code).toBe(0);
  writeFileSync(ws.configPath, configFor(['pull-a', 'pull-b']));
  commitConfig('pull mode: agent targets');
  const root = await pebbleRoot(bed.pebble.mgmt);
  for (const [host, identity] of [
    [A, ids.a.identity],
    [B, ids.b.identity],
  ] as const) {
    rmSync(join(host.dir, 'agent'), { recursive: true, force: true });
    mkdirSync(join(host.dir, 'agent'), { mode: 0o700 });
    writeFileSync(join(host.dir, 'agent', 'identity'), `${identity}\n`, { mode: 0o600 });
    writeFileSync(join(host.dir, 'agent', 'pebble-root.pem'), root);
  }
  writeAgentConfig(A, ws, { www: ['www.agent.certflow.test'] });
  writeAgentConfig(B, ws, { www: ['www.agent.certflow.test'], api: ['api.agent.certflow.test'] });
}, 120_000);

afterAll(async () => {
  rmSync(join(host3.nginxDir, 'conf.d', `${sshName}.conf`), { force: true });
  rmSync(join(host3.certDir, sshName), { recursive: true, force: true });
  await sshRun(bed, host3.addr, 'nginx -s reload');
  rmSync(identityFile(ws), { force: true });
  rmSync(ws.dir, { recursive: true, force: true });
  rmSync(ws.origin, { recursive: true, force: true });
});

describe('certflow agent (pull mode)', () => {
  it('one renew seals each bundle to the right identities; A cannot open what is only for B', async () => {
    const r = await certflow(
      ws,
      'renew',
      '--publish',
      'git',
      '--push',
      '--deploy',
      '--identity',
      identityFile(ws),
    );
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    expect(manifest(ws, 'www').recipients).toEqual([ids.store.recipient, ids.a.recipient, ids.b.recipient]);
    expect(manifest(ws, 'api').recipients).toEqual([ids.store.recipient, ids.b.recipient]);
    expect(manifest(ws, sshName).recipients).toEqual([ids.store.recipient]);
    const store = join(ws.dir, 'certificates');
    await expect(openBundle(store, 'api', ids.a.identity)).rejects.toMatchObject({
      problem: 'wrong-identity',
    });
    await expect(openBundle(store, 'www', ids.a.identity)).resolves.toBeDefined();
    await expect(openBundle(store, 'api', ids.b.identity)).resolves.toBeDefined();
    // The SSH host was deployed over SSH by the same run.
    expect(await served(host3.addr, sshDomain)).toBe(manifest(ws, sshName).certificateSha256);
  }, 180_000);

  it('both agents install and prove over TLS; a rerun changes nothing on disk', async () => {
    const [a, b] = await Promise.all([agent(A), agent(B)]);
    expect(a.json.ok, a.run.stderr.slice(-2000)).toBe(true);
    expect(b.json.ok, b.run.stderr.slice(-2000)).toBe(true);
    expect(status(a.json)).toEqual({ www: 'installed' });
    expect(status(b.json)).toEqual({ api: 'installed', www: 'installed' });
    expect(await served(A.addr, 'www.agent.certflow.test')).toBe(manifest(ws, 'www').certificateSha256);
    expect(await served(B.addr, 'www.agent.certflow.test')).toBe(manifest(ws, 'www').certificateSha256);
    expect(await served(B.addr, 'api.agent.certflow.test')).toBe(manifest(ws, 'api').certificateSha256);
    // A never got api: its placeholder is still there.
    expect(await served(A.addr, 'api.agent.certflow.test')).not.toBe(manifest(ws, 'api').certificateSha256);
    const before = [liveFiles(A, 'www'), liveFiles(B, 'www'), liveFiles(B, 'api')];
    expect(before[0]?.find((f) => f.f === 'privkey.pem')?.mode).toBe(0o600);
    const [a2, b2] = await Promise.all([agent(A), agent(B)]);
    expect(status(a2.json)).toEqual({ www: 'current' });
    expect(status(b2.json)).toEqual({ api: 'current', www: 'current' });
    expect([liveFiles(A, 'www'), liveFiles(B, 'www'), liveFiles(B, 'api')]).toEqual(before);
    const prom = join(A.dir, 'agent', 'certflow.prom');
    expect(readFileSync(prom, 'utf8')).toContain(
      'certflow_agent_certificate_ok{host="agent1",certificate="www"} 1',
    );
    const checked = await new Promise<Run>((done) => {
      const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(readFileSync(prom));
    });
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
  }, 180_000);

  it('a broken validate on A rolls A back; B installs; the SSH host is unaffected', async () => {
    const sshBefore = await served(host3.addr, sshDomain);
    const oldWww = manifest(ws, 'www').certificateSha256;
    const r = await certflow(ws, 'renew', '--publish', 'git', '--push', '--force', 'www');
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    expect(manifest(ws, 'www').certificateSha256).not.toBe(oldWww);
    const aBefore = liveFiles(A, 'www');
    writeAgentConfig(A, ws, { www: ['www.agent.certflow.test'] }, "'nginx -t && false'");
    const a = await agent(A);
    expect(a.run.code).toBe(1);
    const www = a.json.certificates[0];
    expect(www).toMatchObject({ name: 'www', status: 'failed', phase: 'validate' });
    expect(www?.message).toContain('previous files put back');
    expect(liveFiles(A, 'www').map((f) => f.sha)).toEqual(aBefore.map((f) => f.sha));
    expect(await served(A.addr, 'www.agent.certflow.test')).toBe(oldWww);
    expect(readFileSync(join(A.dir, 'agent', 'certflow.prom'), 'utf8')).toContain(
      'certflow_agent_certificate_ok{host="agent1",certificate="www"} 0',
    );
    const b = await agent(B);
    expect(status(b.json)).toEqual({ api: 'current', www: 'installed' });
    expect(await served(B.addr, 'www.agent.certflow.test')).toBe(manifest(ws, 'www').certificateSha256);
    expect(await served(host3.addr, sshDomain)).toBe(sshBefore);
    writeAgentConfig(A, ws, { www: ['www.agent.certflow.test'] });
    expect(status((await agent(A)).json)).toEqual({ www: 'installed' });
  }, 180_000);

  it('a planted bundle sealed to A is refused by the verifier before anything is written', async () => {
    // Someone with write access replaces www with a key and certificate of their own, sealed to
    // A's public recipient: decryption works, the chain does not reach the configured roots.
    const clone = `${ws.dir}-attacker`;
    execFileSync('git', ['clone', '-q', ws.origin, clone]);
    const ca = await createTestCa();
    const forged = await ca.issue('www', ['www.agent.certflow.test']);
    const { sealBundle } = await import('../../src/store/seal.js');
    const { writeBundle } = await import('../../src/store/write.js');
    const { asIssued } = await import('../support/certs.js');
    await writeBundle(join(clone, 'certificates'), await sealBundle(asIssued(forged), [ids.a.recipient]));
    execFileSync('git', ['-c', 'user.name=m', '-c', 'user.email=m@m', 'commit', '-qam', 'innocent'], {
      cwd: clone,
    });
    execFileSync('git', ['push', '-q', 'origin', 'HEAD:main'], { cwd: clone });
    const before = liveFiles(A, 'www');
    const a = await agent(A);
    expect(a.json.certificates[0]).toMatchObject({ name: 'www', status: 'failed', phase: 'verify' });
    expect(a.json.certificates[0]?.message).toMatch(/refused, not installed: .*chain/);
    expect(liveFiles(A, 'www')).toEqual(before);
    // Put the honest history back.
    execFileSync('git', ['push', '-q', '--force', 'origin', 'HEAD:main'], { cwd: ws.dir });
    rmSync(clone, { recursive: true, force: true });
  }, 180_000);

  it('fetches over SSH with a deploy key, and stops when the git server host key is not the pinned one', async () => {
    // host3's sshd plays the git server: the bare repository is served by its git-upload-pack.
    const certs = { www: ['www.agent.certflow.test'], api: ['api.agent.certflow.test'] };
    const overSsh = (knownHosts: string) => ({
      repository: `root@${host3.addr}:${ws.origin}`,
      extra: `git: { ssh-key: ${bed.ssh.key}, known-hosts: ${knownHosts} }\n`,
    });
    writeAgentConfig(B, ws, certs, 'nginx -t', overSsh(bed.ssh.knownHosts));
    const good = await agent(B);
    expect(good.json.error, good.run.stderr.slice(-1500)).toBeUndefined();
    expect(status(good.json)).toEqual({ api: 'current', www: 'current' });
    expect(good.json.commit).toBe(
      execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ws.dir, encoding: 'utf8' }).trim(),
    );
    try {
      writeAgentConfig(B, ws, certs, 'nginx -t', overSsh(bed.ssh.knownHostsWrong));
      const bad = await agent(B);
      expect(bad.run.code).toBe(1);
      expect(bad.json.error).toMatch(
        /git fetch of main failed .*(Host key verification failed|REMOTE HOST IDENTIFICATION)/s,
      );
      expect(bad.json.certificates).toEqual([]);
    } finally {
      writeAgentConfig(B, ws, certs);
    }
  }, 120_000);

  it("removing B's recipient and resealing leaves B unable to open the next renewal", async () => {
    writeFileSync(ws.configPath, configFor(['pull-a']));
    commitConfig('www no longer goes to pull-b');
    const reseal = await certflow(ws, 'reseal', 'www', '--identity', identityFile(ws));
    expect(reseal.code, reseal.stdout + reseal.stderr).toBe(0);
    expect(manifest(ws, 'www').recipients).toEqual([ids.store.recipient, ids.a.recipient]);
    await expect(openBundle(join(ws.dir, 'certificates'), 'www', ids.b.identity)).rejects.toMatchObject({
      problem: 'wrong-identity',
    });
    execFileSync('git', ['commit', '-qam', 'reseal www'], { cwd: ws.dir });
    const r = await certflow(ws, 'renew', '--publish', 'git', '--push', '--force', 'www');
    expect(r.code, r.stderr.slice(-3000)).toBe(0);
    expect(manifest(ws, 'www').recipients).toEqual([ids.store.recipient, ids.a.recipient]);
    const before = liveFiles(B, 'www');
    const b = await agent(B);
    const www = b.json.certificates.find((c) => c.name === 'www');
    expect(www).toMatchObject({ status: 'failed', phase: 'decrypt' });
    expect(www?.message).toContain("this host's identity does not open www");
    expect(status(b.json).api).toBe('current');
    expect(liveFiles(B, 'www')).toEqual(before);
    expect(status((await agent(A)).json)).toEqual({ www: 'installed' });
  }, 240_000);
});
