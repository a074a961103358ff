/** Runs `promtool check metrics` on an exposition text (stdin): the reference parser and linter. */
import { spawnSync } from 'node:child_process';

export function promtoolCheckMetrics(text: string): { code: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}
