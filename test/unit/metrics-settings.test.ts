/** --metrics / --pushgateway (and the Action's metrics-file / pushgateway-url) as settings. */
import { describe, expect, it } from 'vitest';
import { metricsSettings } from '../../src/config/metrics.js';
import { Problems } from '../../src/config/values.js';

const read = (file?: string, url?: string) => {
  const problems = new Problems();
  const secrets: string[] = [];
  const settings = metricsSettings(file, url, '--metrics', '--pushgateway', '/work', problems, {
    secret: (v) => secrets.push(v),
  });
  return { settings, problems: problems.list, secrets };
};

describe('metrics settings', () => {
  it('resolves the file against the base folder and keeps an https gateway, registered as a secret', () => {
    const r = read('out/check.prom', 'https://user:pw@push.example.com');
    expect(r.settings).toEqual({
      metricsPath: '/work/out/check.prom',
      pushgatewayUrl: 'https://user:pw@push.example.com',
    });
    // The URL, and its password alone and as `user:password` (what a Basic header encodes).
    expect(r.secrets).toEqual(['https://user:pw@push.example.com', 'pw', 'user:pw']);
    expect(r.problems).toEqual([]);
  });

  it('registers an escaped password both as written and decoded', () => {
    const r = read(undefined, 'https://me:p%40ss%3Aword@push.example.com');
    expect(r.secrets).toEqual([
      'https://me:p%40ss%3Aword@push.example.com',
      'p%40ss%3Aword',
      'p@ss:word',
      'me:p@ss:word',
    ]);
  });

  it('refuses plain http off loopback (the URL may carry a password), and accepts it on loopback', () => {
    expect(read(undefined, 'http://push.example.com:9091').problems).toEqual([
      { path: '--pushgateway', message: expect.stringMatching(/must be an https:\/\/ URL/) },
    ]);
    expect(read(undefined, 'http://127.0.0.1:9091').problems).toEqual([]);
    expect(read(undefined, 'ftp://push.example.com').problems).toHaveLength(1);
  });

  it('sets nothing when neither is given', () => {
    expect(read().settings).toEqual({ metricsPath: undefined, pushgatewayUrl: undefined });
  });
});
