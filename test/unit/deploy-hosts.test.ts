import { describe, expect, it } from 'vitest';
import { targetHosts } from '../../src/deploy/hosts.js';
import { bedTarget } from '../support/certs.js';

const base = () => ({
  ...bedTarget({ ssh: { key: '/dev/null', knownHosts: '/dev/null' }, hosts: [] }),
  user: 'deploy',
  jump: 'bastion.example.com',
  verify: { enabled: true, port: 8443, servername: 'www.example.com' },
});

describe('per-host overrides', () => {
  it('a plain host takes the target as it is', () => {
    const t = { ...base(), hosts: ['web1.example.com:2200'] };
    const [h] = targetHosts(t);
    expect(h).toMatchObject({
      label: 'web1.example.com:2200',
      address: { host: 'web1.example.com', port: 2200 },
      tags: [],
    });
    expect(h?.config).toBe(t);
  });

  it('an object host overrides port, user, jump, files.dir and verify.address, and keeps the rest', () => {
    const t = {
      ...base(),
      hosts: [
        {
          host: 'web2.example.com',
          port: 2222,
          user: 'admin',
          jump: ['a.example.com', { host: 'b.example.com:2022', user: 'hop' }],
          files: { dir: '/srv/tls/{certificate}' },
          verify: { address: 'lb.example.com' },
          tags: ['eu', 'canary'],
        },
        { host: '[2001:db8::5]', port: 22 },
      ],
    };
    const [h, v6] = targetHosts(t);
    expect(h?.label).toBe('web2.example.com:2222');
    expect(h?.address).toEqual({ host: 'web2.example.com', port: 2222 });
    expect(h?.tags).toEqual(['eu', 'canary']);
    expect(h?.config).toMatchObject({
      user: 'admin',
      jump: ['a.example.com', { host: 'b.example.com:2022', user: 'hop' }],
      files: { ...t.files, dir: '/srv/tls/{certificate}' },
      verify: { enabled: true, port: 8443, servername: 'www.example.com', address: 'lb.example.com' },
      validate: t.validate,
      'private-key': t['private-key'],
    });
    expect(v6).toMatchObject({ label: '[2001:db8::5]', address: { host: '2001:db8::5', port: 22 } });
    expect(v6?.config).toMatchObject({ user: 'deploy', jump: 'bastion.example.com', files: t.files });
  });
});
