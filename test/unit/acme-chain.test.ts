import { describe, expect, it } from 'vitest';
import { alternateLinks } from '../../src/acme/chain.js';

describe('Link rel="alternate" parsing', () => {
  it('finds every alternate among other links, quoted or not', () => {
    const link =
      '<https://ca.test/dir>;rel="index", <https://ca.test/cert/1/1>;rel="alternate", <https://ca.test/cert/1/2>; rel=alternate';
    expect(alternateLinks(link)).toEqual(['https://ca.test/cert/1/1', 'https://ca.test/cert/1/2']);
  });

  it('ignores links of other relations and empty headers', () => {
    expect(alternateLinks('<https://ca.test/dir>;rel="index"')).toEqual([]);
    expect(alternateLinks(undefined)).toEqual([]);
    expect(alternateLinks('')).toEqual([]);
  });
});
