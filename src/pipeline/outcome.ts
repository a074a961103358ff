import type { RunReport } from '../model.js';

/** What a command hands back to the entry point, which shows it where the command ran. */
export interface CommandOutcome {
  ok: boolean;
  report?: RunReport;
  /** Action outputs (also printed by the CLI with --json when it has nothing better). */
  outputs: Record<string, string>;
  /** Markdown for the job summary. */
  summary?: string;
  /** Plain text for a terminal. */
  text?: string;
  /** Machine form for `--json`. */
  json?: unknown;
}
