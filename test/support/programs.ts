/**
 * The external programs the tests, the demo and the bench run, and the one list (testbed/programs.txt)
 * that names the Debian package of each. testbed/install.sh installs from that list; the unit test
 * test/unit/programs.test.ts scans the sources for what they spawn and fails on anything unlisted.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ROOT } from './action-runner.js';

export const PROGRAMS_FILE = join(ROOT, 'testbed', 'programs.txt');

export interface ProgramEntry {
  program: string;
  /** The Debian package that provides it, or undefined when the machine's Node.js provides it. */
  debianPackage?: string;
  line: number;
}

/**
 * Rows are `program package note...`. A program of `-` names a package with no program of its own
 * (a PowerDNS backend); a package in parentheses is not installed by apt (Node.js itself).
 */
export function readProgramList(text = readFileSync(PROGRAMS_FILE, 'utf8')): ProgramEntry[] {
  const entries: ProgramEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const [program, pkg] = line.split(/\s+/);
    if (!program || !pkg) throw new Error(`${PROGRAMS_FILE}:${index + 1}: expected "program package [note]"`);
    entries.push({ program, debianPackage: pkg.startsWith('(') ? undefined : pkg, line: index + 1 });
  });
  return entries;
}

/** True when `program` is an executable file on PATH (what a spawn would find). */
export function isInstalled(program: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {}
  }
  return false;
}

/**
 * Call at the top of a test (or in beforeAll) that runs one of the listed programs: a missing program
 * fails that test with one line that says what to do, instead of a `null` exit status further down.
 */
export function requirePrograms(...programs: string[]): void {
  const missing = programs.filter((p) => !isInstalled(p));
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not installed: run testbed/install.sh`,
    );
  }
}
