import { describe, expect, it } from 'vitest';
import { memo, nameCandidates, relativeName } from '../../src/dns/zone-search.js';

describe('zone search helpers', () => {
  it('tries the name, then each parent, never the bare TLD', () => {
    expect(nameCandidates('_acme-challenge.WWW.example.com.')).toEqual([
      '_acme-challenge.www.example.com',
      'www.example.com',
      'example.com',
    ]);
    expect(nameCandidates('com')).toEqual([]);
  });

  it('names a record relative to its zone, the apex as asked', () => {
    expect(relativeName('_acme-challenge.www.example.com', 'example.com')).toBe('_acme-challenge.www');
    expect(relativeName('example.com.', 'example.com')).toBe('@');
    expect(relativeName('example.com', 'example.com', '')).toBe('');
  });

  it('looks a key up once, but forgets a failure', async () => {
    const cached = memo<number>();
    let calls = 0;
    const ok = () => Promise.resolve(++calls);
    expect(await Promise.all([cached('a', ok), cached('a', ok)])).toEqual([1, 1]);
    await expect(cached('b', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await cached('b', ok)).toBe(2);
  });
});
