import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Encrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initCommand } from '../../src/commands/init.js';
import { loadConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { DNS_TYPES, parseInitArgs } from '../../src/init/options.js';
import { type InitResult, runInit } from '../../src/init/run.js';
import { CHANGE_ME, DNS_SECRETS } from '../../src/init/template.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';
import { requirePrograms } from '../support/programs.js';

const NOW = new Date('2026-03-01T12:00:00Z');

// Temp repositories hold generated secrets: removed when the file is done.
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function gitRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certflow-init-'));
  made.push(dir);
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

async function init(workspace: string, argv: string[] = [], log = new MemoryLogger()) {
  const options = parseInitArgs(argv);
  const result = await runInit(options, { workspace, now: NOW, log });
  return { result, log, options };
}

const mode = (p: string) => statSync(p).mode & 0o777;
const configOf = (r: InitResult) => parse(readFileSync(r.configPath, 'utf8'));

// The programs these tests run: a missing one fails them with one line that says what to do.
beforeAll(() => requirePrograms('git', 'age', 'age-keygen', 'ssh-keygen'));
describe('parseInitArgs', () => {
  it('has defaults a first run can use', () => {
    const o = parseInitArgs([]);
    expect(o).toMatchObject({
      dns: 'rfc2136',
      directory: 'letsencrypt-staging',
      config: '.github/certflow.yml',
      out: '.certflow-secrets',
      printSecrets: false,
      force: false,
      sshKey: true,
      environment: 'certflow-deploy',
      domains: [],
      hosts: [],
    });
  });

  it('takes repeated and comma separated lists', () => {
    const o = parseInitArgs(['--domain', 'WWW.Example.com,example.com', '--domain', '*.api.example.com']);
    expect(o.domains).toEqual(['www.example.com', 'example.com', '*.api.example.com']);
  });

  it.each([
    [['--dns', 'bind'], /--dns 'bind'/],
    [['--directory', 'http://ca.example/dir'], /--directory/],
    [['--domain', 'not a name'], /--domain 'not a name'/],
    [['--email', 'nobody'], /--email 'nobody'/],
    [['--name', 'Web Site'], /--name/],
    [['--host', 'a b'], /--host/],
    [['--colour'], /Unknown option '--colour'/],
    [['extra'], /takes no arguments/],
  ])('refuses %j naming the flag', (argv, message) => {
    expect(() => parseInitArgs(argv)).toThrow(UsageError);
    expect(() => parseInitArgs(argv)).toThrow(message);
  });
});

describe('certflow init', () => {
  it('writes a config that validates, and secret files only the owner can read', async () => {
    const repo = gitRepo();
    const { result, log } = await init(repo, [
      '--domain',
      'www.example.org,example.org',
      '--email',
      'ops@example.org',
      '--host',
      'web1.example.org:2222',
    ]);

    const text = readFileSync(join(repo, '.github/certflow.yml'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+certflow\.schema\.json$/);
    const checked = configSchema.safeParse(parse(text));
    expect(checked.success, JSON.stringify(checked.error?.issues)).toBe(true);
    const config = configOf(result);
    expect(config.store.recipients).toEqual([result.recipient]);
    expect(config.certificates.www.domains).toEqual(['www.example.org', 'example.org']);
    expect(config.acme.email).toBe('ops@example.org');
    expect(config.acme['account-key']).toBe(`\${ACME_ACCOUNT_KEY}`);
    expect(config.targets.web.hosts).toEqual(['web1.example.org:2222']);

    const secrets = join(repo, '.certflow-secrets');
    expect(mode(secrets)).toBe(0o700);
    for (const f of ['acme-account-key.pem', 'age-identity.txt', 'ssh-deploy-key']) {
      expect(mode(join(secrets, f)), f).toBe(0o600);
    }
    // The folder keeps itself out of git: nothing in it shows as untracked.
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
      cwd: repo,
    }).toString();
    expect(status).toContain('.github/certflow.yml');
    expect(status).not.toContain('.certflow-secrets');
    // Secret values never reach the log.
    expect(log.lines.join('\n')).not.toMatch(/AGE-SECRET-KEY|PRIVATE KEY/);
  });

  it('generates an ACME account key that is ECDSA P-256 in PKCS#8 and signs', async () => {
    const { result } = await init(gitRepo());
    const pem = readFileSync(join(result.secretsDir!, 'acme-account-key.pem'), 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const sig = sign('sha256', Buffer.from('x'), key);
    expect(verify('sha256', Buffer.from('x'), createPublicKey(key), sig)).toBe(true);
  });

  it('writes an age identity that the age CLI uses to open what is sealed to the config recipient', async () => {
    const { result } = await init(gitRepo());
    const identityFile = join(result.secretsDir!, 'age-identity.txt');
    const recipient = configOf(result).store.recipients[0];
    // Encrypted by the age CLI to the recipient written into the config...
    const byCli = execFileSync('age', ['-r', recipient, '-a'], { input: 'sealed by the age CLI' });
    expect(execFileSync('age', ['-d', '-i', identityFile], { input: byCli }).toString()).toBe(
      'sealed by the age CLI',
    );
    // ...and by the library the store uses.
    const e = new Encrypter();
    e.addRecipient(recipient);
    const byLib = await e.encrypt('sealed by age-encryption');
    expect(execFileSync('age', ['-d', '-i', identityFile], { input: byLib }).toString()).toBe(
      'sealed by age-encryption',
    );
    // The recipient the CLI derives from the identity is the one in the config.
    expect(execFileSync('age-keygen', ['-y', identityFile]).toString().trim()).toBe(recipient);
  });

  it('writes an SSH deploy key that OpenSSH reads, with the public key it prints', async () => {
    const { result } = await init(gitRepo());
    const derived = execFileSync('ssh-keygen', ['-y', '-f', join(result.secretsDir!, 'ssh-deploy-key')])
      .toString()
      .trim();
    expect(result.sshPublicKey?.startsWith(derived)).toBe(true);
    expect(result.text).toContain(result.sshPublicKey);
  });

  it('refuses to overwrite, leaving everything as it was; --force replaces', async () => {
    const repo = gitRepo();
    const { result } = await init(repo);
    const config = readFileSync(result.configPath, 'utf8');
    const identity = readFileSync(join(result.secretsDir!, 'age-identity.txt'), 'utf8');

    const again = init(repo);
    await expect(again).rejects.toThrow(UsageError);
    await expect(init(repo)).rejects.toThrow(/\.github\/certflow\.yml.*already exist.*--force/);
    expect(readFileSync(result.configPath, 'utf8')).toBe(config);
    expect(readFileSync(join(result.secretsDir!, 'age-identity.txt'), 'utf8')).toBe(identity);

    // A secret file alone also stops it: a new identity would orphan keys sealed to the old one.
    const other = gitRepo();
    const { result: first } = await init(other);
    execFileSync('rm', [first.configPath]);
    await expect(init(other)).rejects.toThrow(/age-identity\.txt/);

    const { result: forced } = await init(repo, ['--force']);
    expect(forced.recipient).not.toBe(result.recipient);
    expect(readFileSync(join(result.secretsDir!, 'age-identity.txt'), 'utf8')).not.toBe(identity);
    expect(mode(join(result.secretsDir!, 'age-identity.txt'))).toBe(0o600);
  });

  it('with --print-secrets writes no secret file and returns the values', async () => {
    const repo = gitRepo();
    const { result } = await init(repo, ['--print-secrets']);
    expect(existsSync(join(repo, '.certflow-secrets'))).toBe(false);
    expect(result.printedSecrets?.AGE_IDENTITY).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    expect(result.printedSecrets?.ACME_ACCOUNT_KEY).toContain('BEGIN PRIVATE KEY');
    expect(result.text).toContain(result.printedSecrets?.AGE_IDENTITY);
    expect(result.text).toMatch(/^ {5}gh secret set AGE_IDENTITY --env certflow-deploy {2,}#/m);
  });

  it('keeps secret values out of --json unless they were asked for', async () => {
    const repo = gitRepo();
    const outcome = await initCommand([], repo, new MemoryLogger(), NOW);
    expect(JSON.stringify(outcome.json)).not.toMatch(/AGE-SECRET-KEY|PRIVATE KEY/);
    expect(outcome.outputs.recipient).toMatch(/^age1/);
  });

  it('finds the repository root from a sub-folder', async () => {
    const repo = gitRepo();
    const sub = join(repo, 'deep', 'er');
    execFileSync('mkdir', ['-p', sub]);
    const outcome = await initCommand([], sub, new MemoryLogger(), NOW);
    expect(outcome.outputs.config).toBe(join(repo, '.github/certflow.yml'));
  });

  it.each(DNS_TYPES)('with --dns %s writes a valid config and names its credentials', async (dns) => {
    const { result } = await init(gitRepo(), ['--dns', dns]);
    const text = readFileSync(result.configPath, 'utf8');
    expect(configSchema.safeParse(parse(text)).success).toBe(true);
    expect(configOf(result).dns.main.type).toBe(dns);
    for (const s of DNS_SECRETS[dns]) {
      expect(text).toContain(`\${${s.name}}`);
      expect(result.text).toContain(`gh secret set ${s.name}\n`.trimEnd());
    }
  });

  it('marks placeholders, and tells which secret goes where', async () => {
    const { result } = await init(gitRepo());
    const text = readFileSync(result.configPath, 'utf8');
    const marked = text.split('\n').filter((l) => l.includes(CHANGE_ME));
    expect(marked.some((l) => l.includes('domains:'))).toBe(true);
    expect(marked.some((l) => l.includes('email:'))).toBe(true);
    expect(marked.some((l) => l.includes('hosts:'))).toBe(true);
    const lines = result.text.split('\n');
    const command = (name: string) => lines.find((l) => l.includes(`gh secret set ${name} `))?.trim();
    expect(command('ACME_ACCOUNT_KEY')).toMatch(
      /^gh secret set ACME_ACCOUNT_KEY < \.certflow-secrets\/acme-account-key\.pem/,
    );
    expect(command('AGE_IDENTITY')).toMatch(/--env certflow-deploy < \.certflow-secrets\/age-identity\.txt/);
    expect(command('SSH_PRIVATE_KEY')).toMatch(/--env certflow-deploy < \.certflow-secrets\/ssh-deploy-key/);
    expect(command('SSH_KNOWN_HOSTS')).toMatch(/--env certflow-deploy < \.certflow-secrets\/known_hosts/);
    expect(result.secrets.map((s) => [s.name, s.scope])).toEqual([
      ['ACME_ACCOUNT_KEY', 'repository'],
      ['DNS_TSIG_SECRET', 'repository'],
      ['AGE_IDENTITY', 'environment'],
      ['SSH_PRIVATE_KEY', 'environment'],
      ['SSH_KNOWN_HOSTS', 'environment'],
    ]);
  });

  it('prints what works on the GitHub plan: no environments on Free, no reviewers on Pro or Team', async () => {
    const free = (await init(gitRepo(), ['--github-plan', 'free'])).result;
    expect(free.secrets.every((s) => s.scope === 'repository' && !s.command.includes('--env'))).toBe(true);
    expect(free.text).toContain('has no environments');
    expect(free.text).not.toContain('environments/certflow-deploy');

    const team = (await init(gitRepo(), ['--github-plan', 'team'])).result;
    expect(team.text).toContain(
      'gh api --method POST "repos/{owner}/{repo}/environments/certflow-deploy/deployment-branch-policies" -f name=main -f type=branch',
    );
    expect(team.text).toContain('Required reviewers exist only for public repositories and Enterprise');
    expect(team.secrets.find((s) => s.name === 'AGE_IDENTITY')?.command).toContain('--env certflow-deploy');

    const pub = (await init(gitRepo(), ['--github-plan', 'public'])).result;
    expect(pub.text).toContain('Then add required reviewers');
    // Unsaid: the instructions name the difference and how to ask for the right commands.
    expect((await init(gitRepo())).result.text).toContain('--github-plan free');
    await expect(init(gitRepo(), ['--github-plan', 'gold'])).rejects.toThrow(
      /--github-plan 'gold': expected public, free, pro, team, enterprise/,
    );
  });

  it('refuses flags that would make an invalid config, writing nothing', async () => {
    const repo = gitRepo();
    // Passes the flag check, but the schema wants an e-mail it can parse.
    await expect(init(repo, ['--email', 'a@b.c..'])).rejects.toThrow(/does not validate.*acme\.email/);
    expect(existsSync(join(repo, '.github'))).toBe(false);
    expect(existsSync(join(repo, '.certflow-secrets'))).toBe(false);
  });

  it('does not follow a symlink planted where a secret file goes', async () => {
    const repo = gitRepo();
    const target = join(repo, 'elsewhere');
    writeFileSync(target, 'untouched');
    execFileSync('mkdir', ['-p', join(repo, '.certflow-secrets')]);
    execFileSync('ln', ['-s', target, join(repo, '.certflow-secrets', 'age-identity.txt')]);
    await expect(init(repo)).rejects.toThrow(/already exist/);
    expect(readFileSync(target, 'utf8')).toBe('untouched');
  });
});

describe('certflow init output with the real config loader', () => {
  it.each(DNS_TYPES)(
    'loads and validates (--dns %s) once the secrets are in the environment',
    async (dns) => {
      const repo = gitRepo();
      const { result } = await init(repo, ['--dns', dns, '--domain', 'example.org,www.example.org']);
      const read = (f: string) => readFileSync(join(result.secretsDir!, f), 'utf8');
      const env: Record<string, string> = {
        ACME_ACCOUNT_KEY: read('acme-account-key.pem'),
        SSH_PRIVATE_KEY: read('ssh-deploy-key'),
        SSH_KNOWN_HOSTS:
          'web1.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
      };
      for (const s of DNS_SECRETS[dns]) env[s.name] = 'c2VjcmV0LXZhbHVlLWZvci10ZXN0cw==';
      const log = new MemoryLogger();
      const config = await loadConfig(result.configPath, { env, log });
      expect(config.store.recipients).toEqual([result.recipient]);
      expect(config.acme['account-key']).toBe(env.ACME_ACCOUNT_KEY);
      expect(Object.keys(config.certificates)).toEqual(['example']);
      // Without the environment it names each missing variable.
      await expect(loadConfig(result.configPath, { env: {}, log })).rejects.toThrow(UsageError);
    },
  );
});
