/**
 * mapAhead: the deploy's scheduler. What it must never do is let more than `limit` items into
 * `run` at once (that bounds how many hosts are changed together); what it is for is running the
 * next items' `prepare` while earlier ones are still in `run`.
 */
import { describe, expect, it } from 'vitest';
import { mapAhead } from '../../src/util/pool.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs mapAhead over `n` items, recording how many are preparing, waiting and running. */
async function trace(
  n: number,
  limit: number,
  prepareMs: (i: number) => number,
  runMs: (i: number) => number,
) {
  let preparing = 0;
  let waiting = 0;
  let running = 0;
  const peak = { preparing: 0, heldAhead: 0, running: 0 };
  const events: string[] = [];
  const results = await mapAhead(
    Array.from({ length: n }, (_, i) => i),
    limit,
    async (i) => {
      preparing++;
      peak.preparing = Math.max(peak.preparing, preparing);
      peak.heldAhead = Math.max(peak.heldAhead, preparing + waiting);
      events.push(`prepare ${i}`);
      await tick(prepareMs(i));
      preparing--;
      waiting++;
      return `p${i}`;
    },
    async (p, i) => {
      waiting--;
      running++;
      peak.running = Math.max(peak.running, running);
      events.push(`run ${i}`);
      await tick(runMs(i));
      running--;
      events.push(`done ${i}`);
      return `${p}r${i}`;
    },
  );
  return { results, peak, events };
}

describe('mapAhead', () => {
  it('keeps input order and never runs more than `limit` at once', async () => {
    const { results, peak } = await trace(
      12,
      3,
      (i) => (i % 4) * 3,
      (i) => 5 + ((i * 7) % 5) * 3,
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}r${i}`));
    expect(peak.running).toBe(3);
    expect(peak.heldAhead).toBeLessThanOrEqual(3);
  });

  it('prepares the next items while earlier ones run, instead of after they end', async () => {
    const { events } = await trace(
      4,
      2,
      () => 1,
      () => 40,
    );
    // Items 2 and 3 are prepared while 0 and 1 still run.
    expect(events.indexOf('prepare 2')).toBeLessThan(events.indexOf('done 0'));
    expect(events.indexOf('prepare 3')).toBeLessThan(events.indexOf('done 0'));
    // ...but run only once a slot is free.
    expect(events.indexOf('run 2')).toBeGreaterThan(events.indexOf('done 0'));
  });

  it('with limit 1 (serial) changes one item at a time, preparing at most one ahead', async () => {
    const { peak, events } = await trace(
      5,
      1,
      () => 1,
      () => 10,
    );
    expect(peak.running).toBe(1);
    expect(peak.heldAhead).toBe(1);
    expect(events.filter((e) => e.startsWith('run') || e.startsWith('done'))).toEqual(
      [0, 1, 2, 3, 4].flatMap((i) => [`run ${i}`, `done ${i}`]),
    );
  });

  it('a throwing prepare frees its place, the others finish, and the error comes out at the end', async () => {
    const ran: number[] = [];
    const out = mapAhead(
      [0, 1, 2, 3],
      1,
      async (i) => {
        if (i === 1) throw new Error('prepare 1 failed');
        return i;
      },
      async (i) => {
        ran.push(i);
      },
    );
    await expect(out).rejects.toThrow('prepare 1 failed');
    expect(ran).toEqual([0, 2, 3]);
  });
});
