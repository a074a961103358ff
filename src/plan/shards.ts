/**
 * Shards for the Actions matrix (issue 22). GitHub allows at most 256 jobs per matrix, so with
 * `shards: N` or `shard-size: K` the plan hands out groups of due certificates instead of one job
 * per certificate. Every due name lands in exactly one shard, shard sizes differ by at most one,
 * and the same plan always gives the same shards (the plan's order is the config's order).
 */

/** GitHub's limit on jobs in one matrix. */
export const MAX_SHARDS = 256;

/** One `strategy.matrix` entry: `renew` with `shard: ${{ toJSON(matrix.shard) }}` renews `names`. */
export interface ShardEntry {
  /** 1-based, for job names ("renew 2/3"). */
  index: number;
  of: number;
  names: string[];
}

/** How the plan splits the due names: a number of shards, or a number of names per shard. */
export type ShardRequest = { shards: number } | { size: number };

/**
 * Contiguous runs of the due names: the first (due mod count) shards get one name more. Never an
 * empty shard: with fewer names than shards there are as many shards as names. A size that would
 * need more than 256 shards gives 256 larger ones.
 */
export function shardNames(names: readonly string[], request: ShardRequest): ShardEntry[] {
  if (names.length === 0) return [];
  const wanted = 'shards' in request ? request.shards : Math.ceil(names.length / request.size);
  const count = Math.max(1, Math.min(wanted, MAX_SHARDS, names.length));
  const base = Math.floor(names.length / count);
  const extra = names.length % count;
  const entries: ShardEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const size = base + (i < extra ? 1 : 0);
    entries.push({ index: i + 1, of: count, names: names.slice(at, at + size) });
    at += size;
  }
  return entries;
}
