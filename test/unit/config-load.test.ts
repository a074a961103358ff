// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references are the subject of these tests

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadConfig, parseConfig } from '../../src/config/load.js';
import { DNS_TYPES } from '../../src/dns/providers/index.js';
import { type Problem, UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/config');
const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const ENV = {
  ACME_ACCOUNT_KEY:
    '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----',
  EAB_KEY_ID: 'kid-1',
  EAB_HMAC_KEY: 'hmac-secret-value',
  TSIG_SECRET: 'c2VjcmV0LXRzaWctdmFsdWU=',
  SSH_PRIVATE_KEY: 'ssh-private-key-value',
  SSH_KNOWN_HOSTS: 'web1.example.com ssh-ed25519 AAAA',
};

/** A minimal valid file, to which tests append or in which they replace lines. */
const BASE = `version: 1
acme:
  account-key: \${ACME_ACCOUNT_KEY}
store:
  recipients: [${RECIPIENT}]
dns:
  corp:
    type: rfc2136
    server: 127.0.0.1:10053
    tsig-name: acme
    tsig-secret: \${TSIG_SECRET}
certificates:
  www:
    domains: [example.com]
    dns: corp
`;

function problemsOf(text: string, env: Record<string, string> = ENV): Problem[] {
  try {
    parseConfig(text, { displayPath: 'certflow.yml', env, log: new MemoryLogger() });
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).problems;
  }
  throw new Error('expected the config to be rejected');
}

const lines = (problems: Problem[]) => problems.map(formatProblem);

describe('loading a valid file', () => {
  it('reads the issue example with defaults filled and references resolved', async () => {
    const log = new MemoryLogger();
    const config = await loadConfig(join(FIXTURES, 'full.yml'), { env: ENV, log });
    expect(config.acme.directory).toBe('letsencrypt');
    expect(config.acme['account-key']).toBe(ENV.ACME_ACCOUNT_KEY);
    expect(config.renewal).toEqual({ ari: true, 'renew-before': '33%', emergency: '5%' });
    expect(config.certificates.www).toMatchObject({ key: 'ecdsa-p256', dns: 'corp', targets: ['web'] });
    // IDNs are converted to A-labels
    expect(config.certificates.intl?.domains).toEqual(['xn--bcher-kva.example']);
    const web = config.targets.web;
    expect(web?.type).toBe('ssh');
    if (web?.type === 'ssh') {
      expect(web['private-key']).toBe(ENV.SSH_PRIVATE_KEY);
      expect(web.files).toMatchObject({ key: 'privkey.pem', 'key-mode': '0600', 'cert-mode': '0644' });
      expect(web.verify).toEqual({ enabled: true, port: 443 });
    }
  });

  it('registers every value read from the environment as a secret before logging', () => {
    const log = new MemoryLogger();
    parseConfig(readFileSync(join(FIXTURES, 'full.yml'), 'utf8'), { env: ENV, log });
    log.info(`values: ${Object.values(ENV).join(' | ')}`);
    const line = log.lines.at(-1) ?? '';
    for (const value of Object.values(ENV)) expect(line).not.toContain(value);
    expect(line).not.toContain('MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg');
  });

  it('keeps shell variables in commands: only a whole value is a reference', () => {
    const text = `${BASE}targets:
  web:
    hosts: [h.example.com]
    private-key: \${SSH_PRIVATE_KEY}
    known-hosts: x
    files: { dir: /etc/ssl }
    reload: systemctl reload \${SERVICE}
`;
    const config = parseConfig(text, { env: ENV, log: new MemoryLogger() });
    const web = config.targets.web;
    expect(web?.type === 'ssh' && web.reload).toBe('systemctl reload ${SERVICE}');
  });

  it('accepts the same name in two certificates when their key types differ (dual ECDSA + RSA)', () => {
    const text = `${BASE}  www-rsa:
    domains: [example.com]
    key: rsa-2048
    dns: corp
`;
    const config = parseConfig(text, { env: ENV, log: new MemoryLogger() });
    expect(Object.keys(config.certificates)).toEqual(['www', 'www-rsa']);
  });
});

describe('problems, each with file, line, column and field', () => {
  it('reports every problem of a bad file at once, in file order', async () => {
    let error: unknown;
    try {
      await loadConfig(join(FIXTURES, 'many-errors.yml'), {
        displayPath: 'many-errors.yml',
        env: ENV,
        log: new MemoryLogger(),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    const u = error as UsageError;
    expect(u.message).toBe('many-errors.yml: 13 problems in the configuration');
    expect(lines(u.problems)).toEqual([
      'many-errors.yml:3:14: acme.directory: expected one of letsencrypt, letsencrypt-staging, zerossl, google, google-staging, buypass, buypass-staging, or an https:// URL',
      "many-errors.yml:4:3: acme.emial: unknown key 'emial' (did you mean 'email'?); allowed here: directory, dry-run-directory, email, account-key, profile, preferred-chain, external-account-binding, issuers, trust",
      'many-errors.yml:5:16: acme.account-key: this field is secret: write an environment reference like ${NAME} and map the secret to that variable in the workflow',
      'many-errors.yml:7:17: renewal.renew-before: expected a share of lifetime like "33%" or days like "30d"',
      'many-errors.yml:9:16: store.recipients[0]: expected an age recipient (age1...)',
      'many-errors.yml:9:25: store.recipients[1]: expected an age recipient (age1...)',
      `many-errors.yml:12:11: dns.corp.type: unknown type 'rfc2137': expected one of ${DNS_TYPES.join(', ')} (did you mean 'rfc2136'?)`,
      "many-errors.yml:18:5: dns.pdns.sever-id: unknown key 'sever-id' (did you mean 'server-id'?); allowed here: type, api-url, api-key, server-id, insecure-http, resolvers, zones, propagation-timeout, ttl",
      "many-errors.yml:22:10: certificates.www.key: expected one of ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072, rsa-4096, found 'rsa-1024'",
      'many-errors.yml:24:14: certificates.www.targets: expected a list ([a, b] or "- a" lines), found \'web\'',
      'many-errors.yml:26:14: certificates.api.domains: a certificate needs at least one domain',
      'many-errors.yml:33:39: targets.web.files.key-mode: expected an octal mode like "0600"',
      "many-errors.yml:34:14: targets.web.rollout: expected one of canary, parallel, serial, found 'canary-ish'",
    ]);
    for (const p of u.problems) expect(p.file).toBe('many-errors.yml');
  });

  it('YAML syntax errors give file:line:col', async () => {
    const text = readFileSync(join(FIXTURES, 'syntax.yml'), 'utf8');
    const problems = problemsOf(text);
    expect(lines(problems)).toEqual([
      'certflow.yml:4:3: YAML syntax: Map keys must be unique',
      expect.stringMatching(/^certflow\.yml:8:1: YAML syntax: Flow sequence/),
    ]);
  });

  it('an empty file says how it starts', () => {
    expect(lines(problemsOf(''))).toEqual([
      'certflow.yml:1:1: (top level): the file is empty; it starts with "version: 1"',
    ]);
  });

  it('a missing required field points at its parent key', () => {
    const text = BASE.replace('  account-key: ${ACME_ACCOUNT_KEY}\n', '  email: ops@example.com\n');
    expect(lines(problemsOf(text))).toEqual([
      'certflow.yml:2:1: acme.account-key: required: expected a string',
    ]);
  });

  it('a wrong type says what was found', () => {
    const text = BASE.replace('version: 1', 'version: "one"');
    expect(lines(problemsOf(text))).toEqual([
      "certflow.yml:1:10: version: expected version: 1; expected one of 1, found 'one'",
    ]);
  });

  it('a missing file names the file and what to do', async () => {
    await expect(
      loadConfig('/nonexistent/certflow.yml', {
        displayPath: '.github/certflow.yml',
        env: {},
        log: new MemoryLogger(),
      }),
    ).rejects.toThrow(/Configuration file \.github\/certflow\.yml not found\. Create it \(`certflow init`/);
  });

  it('target kinds: a missing exec command is reported for exec, not as an ssh target', () => {
    const text = `${BASE}targets:
  hook:
    type: exec
`;
    expect(lines(problemsOf(text))).toEqual([
      'certflow.yml:17:3: targets.hook.command: required: expected a string',
    ]);
  });

  it('names must be slugs', () => {
    const text = BASE.replace('  www:\n', '  WWW:\n');
    expect(lines(problemsOf(text))).toEqual([
      'certflow.yml:13:3: certificates.WWW: invalid name \'WWW\': certificate names are lower-case slugs (a-z, 0-9, ".", "_", "-")',
    ]);
  });
});

describe('environment references', () => {
  it('a missing variable is an error naming it and the field', () => {
    const { TSIG_SECRET: _, ...env } = ENV;
    expect(lines(problemsOf(BASE, env))).toEqual([
      'certflow.yml:11:18: dns.corp.tsig-secret: environment variable TSIG_SECRET is not set; map a secret or value to it in the workflow (env: TSIG_SECRET: ${{ secrets.TSIG_SECRET }})',
    ]);
  });

  it('an empty variable is an error too', () => {
    expect(lines(problemsOf(BASE, { ...ENV, TSIG_SECRET: '' }))[0]).toMatch(
      /environment variable TSIG_SECRET is empty/,
    );
  });

  it('a secret field refuses a literal value, and never echoes it', () => {
    const problems = problemsOf(BASE.replace('${TSIG_SECRET}', 'hunter2-literal-secret'));
    expect(lines(problems)).toEqual([
      'certflow.yml:11:18: dns.corp.tsig-secret: this field is secret: write an environment reference like ${NAME} and map the secret to that variable in the workflow',
    ]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('a resolved value is checked against the field, naming the variable', () => {
    const text = BASE.replace('  account-key:', '  email: ${ACME_EMAIL}\n  account-key:');
    expect(lines(problemsOf(text, { ...ENV, ACME_EMAIL: 'not an email' }))).toEqual([
      'certflow.yml:3:10: acme.email: expected an email address (value of ${ACME_EMAIL})',
    ]);
  });

  it('formatted fields accept a reference', () => {
    const text = BASE.replace('127.0.0.1:10053', '${DNS_SERVER}');
    const config = parseConfig(text, {
      env: { ...ENV, DNS_SERVER: '127.0.0.1:10053' },
      log: new MemoryLogger(),
    });
    expect(config.dns.corp?.type === 'rfc2136' && config.dns.corp.server).toBe('127.0.0.1:10053');
  });
});

describe('cross-checks', () => {
  it('references, domains and policy', () => {
    const problems = problemsOf(readFileSync(join(FIXTURES, 'refs.yml'), 'utf8'), {
      ACME_KEY: 'k',
      ACME_EMAIL: 'ops@example.com',
      PDNS_URL: 'http://127.0.0.1:18081',
      PDNS_API_KEY: 'key',
    });
    expect(lines(problems)).toEqual([
      "certflow.yml:14:32: certificates.www.domains[1]: 'www.example.com' is listed twice in this certificate",
      'certflow.yml:14:51: certificates.www.domains[2]: \'a.*.example.com\': a wildcard is only allowed as the whole leftmost label, as in "*.example.com"',
      "certflow.yml:14:70: certificates.www.domains[3]: '1.2.3.4': IP addresses cannot be validated with DNS-01; use a domain name",
      'certflow.yml:14:81: certificates.www.domains[4]: \'localhost\': needs at least two labels, as in "example.com"',
      "certflow.yml:15:10: certificates.www.dns: unknown dns provider 'bedd' (did you mean 'bed'?); defined under dns: bed",
      "certflow.yml:16:15: certificates.www.targets[0]: unknown target 'web'; defined under targets: (none)",
      "certflow.yml:16:20: certificates.www.targets[1]: unknown target 'nope'; defined under targets: (none)",
      "certflow.yml:18:15: certificates.www2.domains[0]: 'www.example.com' is already in certificate 'www' with the same key type ecdsa-p256; a name may appear in two certificates only when their key types differ",
      'certflow.yml:22:14: renewal.emergency: emergency (10%) must be smaller than renew-before (5%): it is the last resort after the normal renewal point',
    ]);
  });

  it('reports an unknown provider or target in the same pass as an unknown key', () => {
    const text = BASE.replace('    dns: corp\n', '    dns: crop\n    targets: [web]\n    colour: blue\n');
    const found = lines(problemsOf(text));
    expect(found).toEqual([
      expect.stringMatching(/certificates\.www\.dns: unknown dns provider 'crop' \(did you mean 'corp'\?\)/),
      expect.stringMatching(
        /certificates\.www\.targets\[0\]: unknown target 'web'; defined under targets: \(none\)/,
      ),
      expect.stringMatching(/certificates\.www\.colour: unknown key 'colour'/),
    ]);
  });

  it('warns when a wildcard already covers a name', () => {
    const log = new MemoryLogger();
    parseConfig(BASE.replace('[example.com]', '["*.example.com", www.example.com]'), { env: ENV, log });
    expect(log.lines).toContain(
      "warn: certificates.www: 'www.example.com' and '*.example.com' overlap (a wildcard covers the other)",
    );
  });

  it('share of lifetime must be below 100%', () => {
    const text = `${BASE}renewal:\n  renew-before: 100%\n`;
    expect(lines(problemsOf(text))).toEqual([
      'certflow.yml:17:17: renewal.renew-before: a share of lifetime must be between 0% and 100% (exclusive)',
    ]);
  });
});

describe('YAML cascades', () => {
  it('shows the first few syntax errors, not every echo of them', () => {
    const problems = problemsOf(
      `${BASE}  x: { a: \${B} }\n`.repeat(1).replace('dns: corp\n', 'dns: {corp\n'),
    );
    expect(problems.length).toBeLessThanOrEqual(6);
    expect(problems[0]?.message).toMatch(/^YAML syntax: /);
  });
});
