/**
 * Keeps testbed/programs.txt honest: every program that src/, test/, scripts/, bench/, testbed/ and
 * .ci/ run is listed with its Debian package, so testbed/install.sh brings it to a new machine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/action-runner.js';
import { commandsInShell, programsInScript } from '../support/program-scan.js';
import { isInstalled, readProgramList, requirePrograms } from '../support/programs.js';

const SCANNED = ['src', 'test', 'scripts', 'bench', 'testbed', '.ci'];

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !f.includes(`${join('test', 'fixtures')}`));
}

function isShell(file: string): boolean {
  if (file.endsWith('.sh')) return true;
  if (/\.[a-z]+$/.test(file) || statSync(file).size > 1 << 20) return false;
  return /^#!.*\b(ba)?sh\b/.test(readFileSync(file, 'utf8').slice(0, 80));
}

/** Program -> the files that run it. Functions the shell scripts define (lib.sh's) are not programs. */
function scan(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const functions = new Set<string>();
  const add = (program: string, file: string) => {
    const where = found.get(program) ?? new Set<string>();
    where.add(relative(ROOT, file));
    found.set(program, where);
  };
  for (const file of SCANNED.flatMap(filesUnder)) {
    const text = readFileSync(file, 'utf8');
    if (/\.(ts|mjs|js)$/.test(file)) {
      for (const p of programsInScript(text)) add(p, file);
    } else if (isShell(file)) {
      const { commands, functions: defined } = commandsInShell(text);
      for (const f of defined) functions.add(f);
      for (const c of commands) add(c, file);
    }
  }
  for (const f of functions) found.delete(f);
  return found;
}

describe('testbed/programs.txt', () => {
  const listed = readProgramList();
  const names = new Set(listed.map((e) => e.program));

  it('lists every program the sources, tests, scripts, bench and test bed run', () => {
    const missing = [...scan()]
      .filter(([program]) => !names.has(program))
      .map(([program, files]) => `${program} (run by ${[...files].join(', ')})`);
    expect(missing, 'add these to testbed/programs.txt with their Debian package').toEqual([]);
  });

  it('lists nothing twice and names a package for each program', () => {
    const programs = listed.filter((e) => e.program !== '-').map((e) => e.program);
    expect(programs.filter((p, i) => programs.indexOf(p) !== i)).toEqual([]);
    expect(listed.every((e) => e.debianPackage || e.program !== '-')).toBe(true);
  });

  it('is what testbed/install.sh installs from', () => {
    const install = readFileSync(join(ROOT, 'testbed', 'install.sh'), 'utf8');
    expect(install).toContain('programs.txt');
    expect(install).not.toMatch(/PACKAGES=\(\s*\n\s*\w/); // no second, hand-kept package list
  });

  it('finds a spawn of an unlisted program (the scan is not blind)', () => {
    // Built from parts, so this file's own scan does not find the made-up program.
    const source = ['await execFile', "('frobnicate', ['-x']); spawnSync", '("/usr/bin/git", [])'].join('');
    expect(programsInScript(source)).toEqual(['frobnicate', 'git']);
    const { commands, functions } = commandsInShell(
      [
        '#!/usr/bin/env bash',
        'PKGS=(',
        '  not-a-command',
        ')',
        'helper() { ssh-keygen -l -f "$1"; }',
        'cat >conf <<EOF',
        'inside heredoc',
        'EOF',
        'if ! timeout 2 curl -s x | grep -q ok; then log "run \'quoted\' words"; fi',
        'for host in a b; do v="$(dig +short "$host")"; done  # comment words',
        'case $x in start) named -g ;; esac',
      ].join('\n'),
    );
    expect(functions).toEqual(['helper']);
    expect(commands).toEqual(['ssh-keygen', 'cat', 'timeout', 'curl', 'grep', 'log', 'dig', 'named']);
  });

  it('fails a test that needs a missing program with one line that says what to do', () => {
    expect(isInstalled('sh')).toBe(true);
    expect(() => requirePrograms('sh', 'certflow-no-such-program')).toThrow(
      /^certflow-no-such-program is not installed: run testbed\/install\.sh$/,
    );
  });
});
