import { describe, expect, it } from 'vitest';
import { runMinutesOfDay, scheduleIntervalHours } from '../../src/config/cron.js';

describe('cron: interval between scheduled runs', () => {
  const table: Array<[string[], number | undefined]> = [
    [['17 3 * * *'], 24],
    [['0 */6 * * *'], 6],
    [['0 */5 * * *'], 5], // 0,5,...,20 then 20 -> 24: 4 h; the longest gap is 5 h
    [['23 4,16 * * *'], 12],
    [['0 1,5 * * *'], 20],
    [['0 * * * *'], 1],
    [['0 8-20/4 * * *'], 12], // 8,12,16,20 -> next 8 is 12 h later
    [['0 3 * * *', '0 15 * * *'], 12],
    [['0 3 * * 1'], undefined], // weekly: not read
    [['@daily'], undefined],
    [['0 25 * * *'], undefined],
    [[], undefined],
  ];
  for (const [crons, hours] of table) {
    it(`${JSON.stringify(crons)} -> ${hours}`, () => expect(scheduleIntervalHours(crons)).toBe(hours));
  }
  it('lists minutes of the day', () => {
    expect(runMinutesOfDay('30 1,13 * * *')).toEqual([90, 810]);
  });
});
