/**
 * Just enough cron to know how far apart scheduled runs are. Supported: a fixed minute (or a
 * list) with hours written as `H`, `*`, every N hours (star, slash, N), `H1,H2`, `A-B` or `A-B/N`, and `*` for
 * day of month, month and day of week. Anything else returns undefined: no guess, no warning.
 */

function parseField(field: string, max: number): number[] | undefined {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) return undefined;
    const step = match[4] ? Number(match[4]) : 1;
    if (step < 1) return undefined;
    let from = 0;
    let to = max;
    if (match[1] !== '*') {
      from = Number(match[2]);
      // "5/6" means from 5 to the end in steps of 6; a bare "5" is just 5.
      to = match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
    }
    if (from > to || to > max) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** Minutes of the day at which the expression runs, or undefined when it is not a daily pattern. */
export function runMinutesOfDay(expression: string): number[] | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (dom !== '*' || month !== '*' || dow !== '*') return undefined;
  const minutes = parseField(minute, 59);
  const hours = parseField(hour, 23);
  if (!minutes || !hours) return undefined;
  return hours.flatMap((h) => minutes.map((m) => h * 60 + m));
}

/** The longest gap, in hours, between runs of all the expressions together (over midnight too). */
export function scheduleIntervalHours(expressions: string[]): number | undefined {
  const all = new Set<number>();
  for (const expression of expressions) {
    const runs = runMinutesOfDay(expression);
    if (!runs) return undefined;
    for (const r of runs) all.add(r);
  }
  const sorted = [...all].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (first === undefined || last === undefined) return undefined;
  let gap = first + 1440 - last;
  for (let i = 1; i < sorted.length; i++) gap = Math.max(gap, (sorted[i] ?? 0) - (sorted[i - 1] ?? 0));
  return gap / 60;
}
