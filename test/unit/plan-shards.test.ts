import { describe, expect, it } from 'vitest';
import { parseShardEntry, parseShardRequest } from '../../src/config/shard.js';
import { Problems } from '../../src/config/values.js';
import { MAX_SHARDS, shardNames } from '../../src/plan/shards.js';

const names = (n: number) => Array.from({ length: n }, (_, i) => `c${String(i).padStart(4, '0')}`);

describe('shardNames', () => {
  it('puts every name in exactly one shard, balanced by count, in plan order', () => {
    const all = names(601);
    const shards = shardNames(all, { shards: 3 });
    expect(shards.map((s) => s.names.length)).toEqual([201, 200, 200]);
    expect(shards.flatMap((s) => s.names)).toEqual(all);
    expect(shards.map((s) => [s.index, s.of])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('is deterministic: the same plan gives the same shards', () => {
    const all = names(97);
    expect(shardNames(all, { size: 10 })).toEqual(shardNames([...all], { size: 10 }));
    expect(shardNames(all, { size: 10 }).map((s) => s.names.length)).toEqual([
      10, 10, 10, 10, 10, 10, 10, 9, 9, 9,
    ]);
  });

  it('never makes more than 256 shards, nor empty ones', () => {
    const many = shardNames(names(10_000), { size: 1 });
    expect(many).toHaveLength(MAX_SHARDS);
    const sizes = many.map((s) => s.names.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(new Set(many.flatMap((s) => s.names)).size).toBe(10_000);
    expect(shardNames(names(2), { shards: 5 }).map((s) => s.names)).toEqual([['c0000'], ['c0001']]);
    expect(shardNames([], { shards: 3 })).toEqual([]);
  });
});

describe('shard inputs', () => {
  const entry = (text: string) => {
    const problems = new Problems();
    return { entry: parseShardEntry('shard', text, problems), problems: problems.list };
  };

  it('reads the entry plan wrote', () => {
    const [first] = shardNames(['www', 'api', 'mail'], { shards: 2 });
    expect(entry(JSON.stringify(first))).toEqual({
      entry: { index: 1, of: 2, names: ['www', 'api'] },
      problems: [],
    });
  });

  it.each([
    ['not JSON', '{names: [www]}', /is not JSON/],
    ['a list', '["www"]', /is not a JSON object/],
    ['no names', '{"index":1}', /needs "names"/],
    ['empty names', '{"names":[]}', /needs "names"/],
    ['a path', '{"names":["../../etc"]}', /not certificate names/],
    ['an object name', '{"names":[{"a":1}]}', /not certificate names/],
    ['upper case', '{"names":["WWW"]}', /not certificate names/],
    ['a duplicate', '{"names":["www","www"]}', /www more than once/],
    ['an unknown key', '{"names":["www"],"force":"all"}', /unknown key\(s\) force/],
    ['a bad index', '{"names":["www"],"index":0}', /"index" must be a whole number/],
    ['index past of', '{"names":["www"],"index":3,"of":2}', /beyond "of"/],
    [
      'a huge entry',
      JSON.stringify({ names: Array.from({ length: 30_000 }, (_, i) => `name-${i}`) }),
      /bytes, more than/,
    ],
  ])('refuses %s, naming the input', (_what, text, message) => {
    const r = entry(text);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.path).toBe('shard');
    expect(r.problems[0]?.message).toMatch(message);
    expect(r.problems[0]?.message).toContain('toJSON(matrix.shard)');
  });

  it('shards or shard-size, whole numbers up to 256 shards', () => {
    const read = (shards: string, size: string) => {
      const problems = new Problems();
      const r = parseShardRequest({ shards: 'shards', size: 'shard-size' }, shards, size, problems);
      return { r, problems: problems.list.map((p) => `${p.path}: ${p.message}`) };
    };
    expect(read('3', '')).toEqual({ r: { shards: 3 }, problems: [] });
    expect(read('', '50')).toEqual({ r: { size: 50 }, problems: [] });
    expect(read('', '')).toEqual({ r: undefined, problems: [] });
    expect(read('257', '').problems).toEqual(["shards: expected a whole number from 1 to 256, got '257'"]);
    expect(read('1.5', '').problems).toHaveLength(1);
    expect(read('3', '10').problems).toEqual(['shards: set either shards or shard-size, not both']);
  });
});
