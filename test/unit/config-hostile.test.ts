// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references are part of the configs here
/**
 * Hostile data in certflow.yml (anyone with write access writes it): relative remote paths,
 * plain HTTP for credentials, names every object has, a YAML alias bomb. Each goes through the
 * CLI (`certflow plan`), which is where a user meets it: the error names file, line and field.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { isLoopbackHost } from '../../src/config/endpoints.js';
import { readActionSettings } from '../../src/config/inputs.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';
import { runBundledAction } from '../support/action-runner.js';

const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const ENV = { ACME_KEY: 'acme-key-value', TSIG: 'c2VjcmV0', PDNS_KEY: 'pdns-key-value', SSH_KEY: 'ssh-key' };

let workspace: string;
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'certflow-hostile-config-'));
  await mkdir(join(workspace, '.github'), { recursive: true });
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

/** A valid file; `parts` replace its sections by name (acme, dns, certificates, targets). */
function config(parts: Partial<Record<'acme' | 'dns' | 'certificates' | 'targets', string>> = {}): string {
  return [
    'version: 1',
    parts.acme ?? 'acme: { directory: letsencrypt-staging, account-key: "${ACME_KEY}" }',
    `store: { recipients: [${RECIPIENT}] }`,
    parts.dns ??
      'dns:\n  corp: { type: rfc2136, server: "127.0.0.1:10053", tsig-name: k, tsig-secret: "${TSIG}" }',
    parts.certificates ?? 'certificates:\n  www: { domains: [www.certflow.test], dns: corp }',
    parts.targets ?? '',
    '',
  ].join('\n');
}

/** Runs `certflow plan` on `text`; returns the exit code and everything printed. */
async function plan(text: string): Promise<{ code: number; out: string }> {
  await writeFile(join(workspace, '.github', 'certflow.yml'), text);
  let out = '';
  const code = await runCli(['plan'], {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      out += t;
    },
    env: ENV,
    cwd: workspace,
  });
  return { code, out };
}

const TARGET = (files: string) =>
  [
    'targets:',
    '  web:',
    '    hosts: [127.0.0.12]',
    '    private-key: "${SSH_KEY}"',
    '    known-hosts: "127.0.0.12 ssh-ed25519 AAAA"',
    `    files: ${files}`,
  ].join('\n');
const WITH_TARGET = 'certificates:\n  www: { domains: [www.certflow.test], dns: corp, targets: [web] }';

describe('Relative remote paths', () => {
  it('refuses a relative files.dir, naming the field and its line', async () => {
    const r = await plan(
      config({ certificates: WITH_TARGET, targets: TARGET('{ dir: "etc/ssl/{certificate}" }') }),
    );
    expect(r.code).toBe(2);
    expect(r.out).toMatch(
      /\.github\/certflow\.yml:13:\d+: targets\.web\.files\.dir: files\.dir must be an absolute path on the host/,
    );
  });

  it('refuses file names that climb out of files.dir', async () => {
    const r = await plan(
      config({ certificates: WITH_TARGET, targets: TARGET('{ dir: /etc/ssl/x, key: ../../root/.ssh/key }') }),
    );
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/targets\.web\.files\.key: files\.key must be a file name inside files\.dir/);
  });

  it('accepts an absolute folder, plain file names and absolute file names', async () => {
    const r = await plan(
      config({
        certificates: WITH_TARGET,
        targets: TARGET('{ dir: "/etc/ssl/{certificate}", key: private/key.pem, chain: /etc/ssl/chain.pem }'),
      }),
    );
    expect(r.out).not.toMatch(/files\./);
    expect(r.code).toBe(0);
  });
});

describe('Plain HTTP for credentials', () => {
  const pdns = (url: string, extra = '') =>
    `dns:\n  corp: { type: powerdns, api-url: "${url}", api-key: "\${PDNS_KEY}"${extra} }`;

  it('refuses http:// to a non-loopback PowerDNS API, naming the field and the way out', async () => {
    const r = await plan(config({ dns: pdns('http://pdns.example.net:8081') }));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(
      /certflow\.yml:5:\d+: dns\.corp\.api-url: api-url carries a credential, so it must be an https:\/\/ URL; .*dns\.corp\.insecure-http: true/,
    );
  });

  it('refuses http:// for Cloudflare and Route 53 endpoints and the ACME directory', async () => {
    const cf = await plan(
      config({
        dns: 'dns:\n  corp: { type: cloudflare, api-token: "${PDNS_KEY}", api-url: "http://10.0.0.1/client/v4" }',
      }),
    );
    expect(cf.out).toMatch(/dns\.corp\.api-url: api-url carries a credential/);
    const r53 = await plan(
      config({ dns: 'dns:\n  corp: { type: route53, endpoint: "http://route53.example.net" }' }),
    );
    expect(r53.out).toMatch(/dns\.corp\.endpoint: endpoint carries a credential/);
    const acme = await plan(
      config({ acme: 'acme: { directory: "http://ca.example.net/dir", account-key: "${ACME_KEY}" }' }),
    );
    expect(acme.code).toBe(2);
    expect(acme.out).toMatch(/acme\.directory: .*https:\/\//);
  });

  it('accepts http:// to loopback without a word, and elsewhere with insecure-http and a warning', async () => {
    const local = await plan(config({ dns: pdns('http://127.0.0.13:8081') }));
    expect(local.code).toBe(0);
    expect(local.out).not.toMatch(/insecure|in clear/);
    const opted = await plan(config({ dns: pdns('http://pdns.example.net:8081', ', insecure-http: true') }));
    expect(opted.code).toBe(0);
    expect(opted.out).toMatch(/dns\.corp\.api-url: plain http:\/\/ to a non-loopback host .*in clear/);
  });

  it('knows loopback addresses without asking DNS', () => {
    for (const host of ['127.0.0.1', '127.0.0.13', '[::1]', 'localhost', 'pdns.localhost']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ['10.0.0.1', '128.0.0.1', 'localhost.example.net', '[::2]', '127.0.0.1.nip.io']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  describe('the webhook-url input', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    });

    it('refuses http:// off this machine without quoting the URL (it holds a token)', async () => {
      await writeFile(join(workspace, '.github', 'certflow.yml'), config());
      process.env.INPUT_COMMAND = 'plan';
      process.env['INPUT_WEBHOOK-URL'] = 'http://hooks.example.net/T0/secret-token';
      const error = await readActionSettings(
        { GITHUB_WORKSPACE: workspace, ...ENV },
        new MemoryLogger(),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      const problems = (error as UsageError).problems;
      expect(problems).toContainEqual({
        path: 'webhook-url',
        message: expect.stringMatching(/^webhook-url carries a credential, so it must be an https:\/\/ URL/),
      });
      expect(JSON.stringify(problems)).not.toContain('secret-token');
      process.env['INPUT_WEBHOOK-URL'] = 'http://127.0.0.1:8080/hook';
      await expect(
        readActionSettings({ GITHUB_WORKSPACE: workspace, ...ENV }, new MemoryLogger()),
      ).resolves.toMatchObject({
        webhookUrl: 'http://127.0.0.1:8080/hook',
      });
    });
  });
});

describe('Config names that every object has', () => {
  it('refuses dns: constructor as an unknown provider, with the field named', async () => {
    const r = await plan(
      config({ certificates: 'certificates:\n  www: { domains: [www.certflow.test], dns: constructor }' }),
    );
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/certflow\.yml:7:\d+: certificates\.www\.dns: unknown dns provider 'constructor'/);
  });

  it('refuses targets: [hasOwnProperty] as an unknown target', async () => {
    const r = await plan(
      config({
        certificates:
          'certificates:\n  www: { domains: [www.certflow.test], dns: corp, targets: [hasOwnProperty] }',
      }),
    );
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/certificates\.www\.targets\[0\]: unknown target 'hasOwnProperty'/);
  });

  it('refuses directory: constructor instead of taking Object for a URL', async () => {
    const r = await plan(config({ acme: 'acme: { directory: constructor, account-key: "${ACME_KEY}" }' }));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(
      /certflow\.yml:2:\d+: acme\.directory: expected one of letsencrypt, .*https:\/\/ URL/,
    );
  });

  it('refuses such names as names of providers, certificates and targets', async () => {
    const r = await plan(
      config({
        dns: 'dns:\n  constructor: { type: rfc2136, server: "127.0.0.1:10053", tsig-name: k, tsig-secret: "${TSIG}" }',
        certificates:
          'certificates:\n  valueof: { domains: [a.certflow.test], dns: constructor }\n  tostring: { domains: [b.certflow.test], dns: constructor }',
      }),
    );
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/dns\.constructor: .*one every object has/);
  });

  it('gives file and line for a YAML alias bomb, not a raw ReferenceError', async () => {
    const bomb = [
      'version: 1',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      '',
    ].join('\n');
    const r = await plan(bomb);
    expect(r.code).toBe(2);
    expect(r.out).not.toMatch(/ReferenceError|\n\s+at /);
    expect(r.out).toMatch(/\.github\/certflow\.yml:3:\d+: YAML aliases expand too far/);
  });
});

describe('Config names that every object has, through the bundled Action', () => {
  it('annotates dns: constructor on its file and line (run `npm run bundle` first)', async () => {
    await writeFile(
      join(workspace, '.github', 'certflow.yml'),
      config({ certificates: 'certificates:\n  www: { domains: [www.certflow.test], dns: constructor }' }),
    );
    const r = await runBundledAction({ workspace, inputs: { command: 'plan' }, env: ENV, timeoutMs: 60_000 });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(
      /::error [^\n]*file=\.github\/certflow\.yml[^\n]*line=7[^\n]*::[^\n]*unknown dns provider 'constructor'/,
    );
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at /);
  });
});
