/**
 * Finds the external programs a source file runs, so test/unit/programs.test.ts can hold them against
 * testbed/programs.txt. Two readers, both deliberately simple and over-eager (a false find is a line
 * to add or a word to name below; a miss is a red CI on a new machine):
 * - TypeScript/JavaScript: the first argument of spawn, spawnSync, execFile and execFileSync when it
 *   is a string literal.
 * - Shell: the command word of every simple command, outside heredoc bodies, comments and quoted
 *   text, but inside `$(...)` and backticks, also in double quotes. Words after wrappers such as
 *   `exec`, `timeout 5` or `setsid` count as commands too.
 */

const SPAWN = /\b(?:spawn|spawnSync|execFile|execFileSync)\(\s*(['"`])([^'"`$]+)\1/g;

export function programsInScript(text: string): string[] {
  return [...text.matchAll(SPAWN)]
    .map((m) => (m[2] as string).split('/').pop() as string)
    .filter((p) => p && !p.includes(' '));
}

const KEYWORDS = new Set('if then else elif fi while until do done esac function time ! ]] { } ]'.split(' '));
const BUILTINS = new Set(
  (
    'alias bg bind break builtin caller cd command compgen complete continue declare dirs disown echo enable ' +
    'eval exec exit export false fc fg getopts hash help history jobs kill let local logout mapfile popd ' +
    'printf pushd pwd read readarray readonly return set shift shopt source suspend test times trap true ' +
    'type typeset ulimit umask unalias unset wait . :'
  ).split(' '),
);
/** Words whose following words are not commands (loop variables, patterns, test expressions). */
const STATEMENTS = new Set(['for', 'case', 'select', 'in', '[[', '[', '((']);
/** Words after which the next non-option word is a command too. */
const WRAPPERS = new Set(['exec', 'command', 'env', 'nohup', 'setsid', 'timeout', 'xargs', 'nice', 'time']);

/**
 * Removes heredoc bodies (config files the script writes, not commands) and the lines of multi-line
 * array assignments (package lists), and joins continued lines.
 */
function codeLines(text: string): string[] {
  const out: string[] = [];
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    out.push(line);
    const heredoc = /<<(-?)\s*(['"]?)(\w+)\2/.exec(line.replace(/<<</g, ''));
    const array = /\w+\+?=\([^)]*$/.test(line);
    if (!heredoc && !array) continue;
    while (i + 1 < lines.length) {
      const body = lines[++i] as string;
      if (array && /^[^#]*\)/.test(body)) break;
      if (heredoc && (heredoc[1] ? body.replace(/^\t+/, '') : body) === heredoc[3]) break;
    }
  }
  return out;
}

type Context = { kind: 'code' | 'sub' | 'arith' | 'dq'; parens: number };

/**
 * What the shell would read as command text: single-quoted text and comments go, double-quoted text
 * keeps only its command substitutions, each `$( ... )` or backtick becomes its own `;`-separated
 * stretch, and arithmetic is dropped apart from the substitutions inside it.
 */
function commandText(line: string): string {
  const stack: Context[] = [{ kind: 'code', parens: 0 }];
  let out = '';
  let i = 0;
  const top = () => stack[stack.length - 1] as Context;
  while (i < line.length) {
    const c = line[i] as string;
    const ctx = top();
    const emit = ctx.kind === 'code' || ctx.kind === 'sub';
    if (c === '\\') {
      i += 2;
      if (emit) out += ' ';
    } else if (line.startsWith('$((', i) || (emit && line.startsWith('((', i))) {
      stack.push({ kind: 'arith', parens: 0 });
      i += c === '$' ? 3 : 2;
    } else if (line.startsWith('$(', i) || (c === '`' && ctx.kind !== 'sub')) {
      stack.push({ kind: 'sub', parens: 0 });
      out += ';';
      i += c === '`' ? 1 : 2;
    } else if (ctx.kind === 'dq') {
      if (c === '"') stack.pop();
      i++;
    } else if (c === "'" && ctx.kind !== 'arith') {
      const end = line.indexOf("'", i + 1);
      i = end < 0 ? line.length : end + 1;
      out += ' ';
    } else if (c === '"') {
      stack.push({ kind: 'dq', parens: 0 });
      i++;
      if (emit) out += ' ';
    } else if (c === '#' && emit && (i === 0 || /[\s;|&(]/.test(line[i - 1] as string))) {
      break;
    } else if (c === '(' && ctx.kind !== 'code') {
      ctx.parens++;
      i++;
      if (emit) out += ' ';
    } else if ((c === ')' || (c === '`' && ctx.kind === 'sub')) && ctx.kind !== 'code' && ctx.parens === 0) {
      stack.pop();
      i += ctx.kind === 'arith' ? 2 : 1;
      out += ';';
    } else {
      if (c === ')' && ctx.kind !== 'code') ctx.parens--;
      if (emit) out += c;
      i++;
    }
  }
  return out;
}

export function commandsInShell(text: string): { commands: string[]; functions: string[] } {
  const functions: string[] = [];
  const commands: string[] = [];
  for (const line of codeLines(text)) {
    let code = commandText(line);
    const fn = /^\s*(?:function\s+)?([\w-]+)\s*\(\)/.exec(code);
    if (fn) {
      functions.push(fn[1] as string);
      code = code.slice(fn[0].length);
    }
    code = code.replace(/\w+\+?=\([^)]*\)?/g, ' '); // array assignments
    for (const arm of code.split(';;')) {
      const body = arm.replace(/^\s*\(?[^()\s=][^()=]*\)(?=\s|$)/, ' '); // a case arm's pattern
      for (const segment of body.split(/&&|\|\||[;|&(){}]|\bthen\b|\bdo\b|\belse\b/)) {
        commands.push(...commandWords(segment));
      }
    }
  }
  return { commands, functions };
}

function commandWords(segment: string): string[] {
  const words = segment.trim().split(/\s+/).filter(Boolean);
  const found: string[] = [];
  let expectCommand = true;
  for (const word of words) {
    if (!expectCommand) break;
    if (/^\w+\+?=/.test(word) || /^\d*[<>]/.test(word) || word.startsWith('-') || /^\d+$/.test(word))
      continue;
    if (STATEMENTS.has(word)) break;
    if (KEYWORDS.has(word)) continue;
    if (!/^[\w./][\w./+-]*$/.test(word)) break;
    const name = word.split('/').pop() as string;
    if (!name) break; // a path whose last part was a quoted variable
    if (!BUILTINS.has(name)) found.push(name);
    expectCommand = WRAPPERS.has(name);
  }
  return found;
}
