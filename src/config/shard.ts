/**
 * The shard inputs (issue 22). `shards` / `shard-size` tell plan how to split its matrix; `shard`
 * is one matrix entry handed back to renew. That entry comes from the workflow (the plan job's
 * output, but anything that can edit the workflow or a dispatch can write it), so it is parsed as
 * untrusted: bounded size, exact shape, plain names; completeSettings then checks every name is a
 * configured certificate.
 */
import { MAX_SHARDS, type ShardEntry, type ShardRequest } from '../plan/shards.js';
import { NAME } from './schema.js';
import type { Problems } from './values.js';

/** Far above any real entry (256 names of 64 characters is 17 KiB), far below a memory problem. */
const MAX_ENTRY_BYTES = 256 * 1024;
const MAX_SHARD_SIZE = 100_000;

function wholeNumber(input: string, value: string, max: number, problems: Problems): number | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    problems.add(input, `expected a whole number from 1 to ${max}, got '${v.slice(0, 40)}'`);
    return undefined;
  }
  return n;
}

/** `shards: N` or `shard-size: K` (not both); undefined: the plain one-job-per-certificate matrix. */
export function parseShardRequest(
  names: { shards: string; size: string },
  shards: string,
  size: string,
  problems: Problems,
): ShardRequest | undefined {
  const count = wholeNumber(names.shards, shards, MAX_SHARDS, problems);
  const per = wholeNumber(names.size, size, MAX_SHARD_SIZE, problems);
  if (count !== undefined && per !== undefined) {
    problems.add(names.shards, `set either ${names.shards} or ${names.size}, not both`);
    return undefined;
  }
  if (count !== undefined) return { shards: count };
  if (per !== undefined) return { size: per };
  return undefined;
}

/**
 * One entry of the plan's shard matrix, as JSON: `{"index":1,"of":3,"names":["www","api"]}`.
 * Only `names` is required. Problems name the input and what is expected.
 */
export function parseShardEntry(input: string, value: string, problems: Problems): ShardEntry | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  const expected = `expected one entry of the plan's matrix, like {"index":1,"of":3,"names":["www","api"]} (with: shard: \${{ toJSON(matrix.shard) }})`;
  if (Buffer.byteLength(text) > MAX_ENTRY_BYTES) {
    problems.add(input, `is ${Buffer.byteLength(text)} bytes, more than ${MAX_ENTRY_BYTES}; ${expected}`);
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    problems.add(input, `is not JSON; ${expected}`);
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.add(input, `is not a JSON object; ${expected}`);
    return undefined;
  }
  const entry = data as Record<string, unknown>;
  const unknown = Object.keys(entry).filter((k) => !['index', 'of', 'names'].includes(k));
  if (unknown.length > 0) {
    problems.add(input, `has unknown key(s) ${unknown.slice(0, 5).join(', ')}; ${expected}`);
    return undefined;
  }
  const names = entry.names;
  if (!Array.isArray(names) || names.length === 0 || names.length > MAX_SHARD_SIZE) {
    problems.add(input, `needs "names", a non-empty list of certificate names; ${expected}`);
    return undefined;
  }
  const bad = names.filter((n) => typeof n !== 'string' || n.length > 200 || !NAME.test(n));
  if (bad.length > 0) {
    problems.add(
      input,
      `"names" holds ${bad.length} value(s) that are not certificate names (first: ${JSON.stringify(bad[0]).slice(0, 60)}); ${expected}`,
    );
    return undefined;
  }
  const list = names as string[];
  const twice = list.filter((n, i) => list.indexOf(n) !== i);
  if (twice.length > 0) {
    problems.add(input, `names ${[...new Set(twice)].slice(0, 5).join(', ')} more than once; ${expected}`);
    return undefined;
  }
  const position = (key: 'index' | 'of') => {
    const v = entry[key];
    if (v === undefined) return 1;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_SHARDS) {
      problems.add(input, `"${key}" must be a whole number from 1 to ${MAX_SHARDS}; ${expected}`);
      return 1;
    }
    return v;
  };
  const index = position('index');
  const of = position('of');
  if (index > of) problems.add(input, `"index" ${index} is beyond "of" ${of}; ${expected}`);
  return { index, of, names: list };
}
