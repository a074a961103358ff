// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} references are part of the config text
import { describe, expect, it } from 'vitest';
import { formatProblem, parseConfig } from '../../src/config/load.js';
import { asRoot, sudoCommandProblem } from '../../src/deploy/sudo/commands.js';
import { UsageError } from '../../src/util/errors.js';
import { MemoryLogger } from '../../src/util/log.js';

const ENV = {
  ACME_ACCOUNT_KEY:
    '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----',
  TSIG_SECRET: 'c2VjcmV0LXRzaWctdmFsdWU=',
  SSH_PRIVATE_KEY: 'ssh-private-key-value',
  SSH_KNOWN_HOSTS: 'web1.example.com ssh-ed25519 AAAA',
};

const config = (validate: string, reload: string) => `version: 1
acme:
  account-key: \${ACME_ACCOUNT_KEY}
store:
  recipients: [age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]
dns:
  corp:
    type: rfc2136
    server: 127.0.0.1:10053
    tsig-name: acme
    tsig-secret: \${TSIG_SECRET}
certificates:
  www: { domains: [example.com], dns: corp, targets: [web] }
targets:
  web:
    hosts: [web1.example.com]
    user: deploy
    become: sudo
    private-key: \${SSH_PRIVATE_KEY}
    known-hosts: \${SSH_KNOWN_HOSTS}
    files: { dir: /etc/ssl/certflow/www }
    validate: ${validate}
    reload: ${reload}
`;

function parse(text: string) {
  return parseConfig(text, { displayPath: 'certflow.yml', env: ENV, log: new MemoryLogger() });
}

describe('become: sudo in the config', () => {
  it('accepts plain commands', () => {
    const c = parse(config('nginx -t', 'systemctl reload nginx'));
    expect(c.targets.web).toMatchObject({ become: 'sudo', validate: 'nginx -t' });
  });

  it.each([
    ['sudo nginx -t', 'nginx -s reload', 'validate', /write the command without sudo/],
    ['nginx -t', '"nginx -s reload && touch /x"', 'reload', /one plain command/],
    ['"nginx -t; id"', 'nginx -s reload', 'validate', /one plain command/],
    ['"nginx -t | cat"', 'nginx -s reload', 'validate', /one plain command/],
    ['"nginx -c $HOME/x.conf -t"', 'nginx -s reload', 'validate', /one plain command/],
  ])('refuses validate %s / reload %s, naming the field and line', (validate, reload, field, why) => {
    try {
      parse(config(validate, reload));
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      const lines = (error as UsageError).problems.map(formatProblem);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`certflow.yml:${field === 'validate' ? 22 : 23}:.*${field}`));
      expect(lines[0]).toMatch(why);
      return;
    }
    throw new Error('expected a refusal');
  });

  it('runs a command as `sudo -n -- <command>`, the form sudoers grants word for word', () => {
    expect(asRoot(' nginx -t ')).toBe('sudo -n -- nginx -t');
    expect(sudoCommandProblem('/usr/sbin/nginx -s reload')).toBeUndefined();
  });

  const withServices = (postfixReload: string) =>
    config('nginx -t', 'nginx -s reload')
      .replace(/ {4}validate: .*\n {4}reload: .*\n/, '')
      .concat(`    services:
      - name: nginx
        validate: /usr/sbin/nginx -t
        reload: /usr/sbin/nginx -s reload
      - name: postfix
        validate: /usr/sbin/postfix check
        reload: ${postfixReload}
`);

  it('takes services with plain commands: each runs through sudo', () => {
    const c = parse(withServices('/usr/sbin/postfix reload'));
    expect(c.targets.web).toMatchObject({
      become: 'sudo',
      services: [{ name: 'nginx' }, { name: 'postfix', reload: '/usr/sbin/postfix reload' }],
    });
  });

  it("refuses a service command sudo could not grant word for word, naming the service's line", () => {
    try {
      parse(withServices('"postfix reload && id"'));
    } catch (error) {
      const lines = (error as UsageError).problems.map(formatProblem);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/certflow\.yml:28:.*services\[1\]\.reload/);
      expect(lines[0]).toMatch(/one plain command/);
      return;
    }
    throw new Error('expected a refusal');
  });
});
