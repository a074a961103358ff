/**
 * Reads `certflow.yml`: YAML with positions, the schema, `${NAME}` references, cross-checks.
 * Every problem is collected and thrown at once as one UsageError whose problems each name the
 * file, line, column and field.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, visit } from 'yaml';
import { errorMessage, type Problem, UsageError } from '../util/errors.js';
import type { Logger } from '../util/log.js';
import { crossCheck, unknownReferences } from './crosscheck.js';
import { pathKey, resolveReferences } from './env.js';
import { issuesToProblems, problemAt, type SourceFile } from './issues.js';
import { formatPath } from './places.js';
import { configSchema, type RawConfig, resolvedConfigSchema } from './schema.js';
import type { Config } from './settings.js';

export interface LoadConfigOptions {
  /** Path shown in messages and used for annotations (relative to the workspace when inside it). */
  displayPath?: string;
  /** Where `${NAME}` values come from. */
  env: Readonly<Record<string, string | undefined>>;
  log: Pick<Logger, 'secret' | 'warn' | 'debug'>;
  /**
   * `warn`: a missing variable is a warning and the reference stays unresolved. For `plan`, which
   * reads no secret: a planning job should not need the secrets of the issuing one.
   */
  /**
   * What a missing `${NAME}` is: an error, or not needed (logged at debug level). A function
   * decides per field path, so each command demands only the secrets it uses.
   */
  missingEnv?: 'error' | 'warn' | ((path: ReadonlyArray<PropertyKey>) => boolean);
}

/** Reads and checks the file at `path`; throws UsageError naming every problem. */
export async function loadConfig(path: string, opts: LoadConfigOptions): Promise<Config> {
  const file = opts.displayPath ?? path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'not found. Create it (`certflow init` writes a starter) or point the `config` input / --config flag at it'
        : `cannot be read (${code ?? String(error)})`;
    throw new UsageError(`Configuration file ${file} ${why}.`, [
      { file, path: 'config', message: `configuration file ${why}` },
    ]);
  }
  return parseConfig(text, { ...opts, displayPath: file });
}

/** Same as loadConfig, from text already read. */
export function parseConfig(text: string, opts: LoadConfigOptions): Config {
  const file = opts.displayPath ?? 'certflow.yml';
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const src: SourceFile = { file, doc, counter };

  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error): Problem => {
      const at = error.linePos?.[0] ?? counter.linePos(error.pos[0]);
      const first = error.message.split('\n')[0] ?? error.message;
      return {
        file,
        line: at.line,
        column: at.col,
        path: 'YAML',
        title: 'certflow config: YAML syntax',
        message: `YAML syntax: ${first.replace(/ at line \d+, column \d+:?$/, '')}`,
      };
    });
    // After the first few, syntax errors are mostly echoes of the first: show those that help.
    const shown = problems.slice(0, 5);
    if (problems.length > shown.length) {
      const last = shown[shown.length - 1];
      shown.push({
        ...last,
        message: `... and ${problems.length - shown.length} more YAML errors after this one`,
      });
    }
    throw failure(file, shown);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml throws a bare ReferenceError when aliases expand past the cap (an alias bomb).
    throw failure(file, [aliasProblem(src, error)]);
  }
  if (data === null || data === undefined) {
    throw failure(file, [
      {
        file,
        line: 1,
        column: 1,
        path: '(top level)',
        message: 'the file is empty; it starts with "version: 1"',
      },
    ]);
  }

  // Pass 1: the file as written (secrets must be references).
  const first = configSchema.safeParse(data);
  if (!first.success) {
    // Unknown providers and targets are found in the same pass as the schema's problems.
    const schemaProblems = issuesToProblems(src, configSchema, data, first.error.issues);
    const seen = new Set(schemaProblems.map((p) => p.path));
    const references = unknownReferences(src, data).filter((p) => !seen.has(p.path));
    throw failure(file, [...schemaProblems, ...references]);
  }

  const problems: Problem[] = [];
  const resolved = resolveReferences(first.data, opts.env, opts.log);
  for (const miss of resolved.missing) {
    const problem = problemAt(
      src,
      miss.path,
      miss.empty
        ? `environment variable ${miss.name} is empty; map a secret or value to it in the workflow (env: ${miss.name}: ...)`
        : `environment variable ${miss.name} is not set; map a secret or value to it in the workflow (env: ${miss.name}: \${{ secrets.${miss.name} }})`,
    );
    const needed =
      typeof opts.missingEnv === 'function' ? opts.missingEnv(miss.path) : opts.missingEnv !== 'warn';
    if (needed) problems.push(problem);
    else opts.log.debug(`${problem.path}: ${problem.message} (not needed for this command)`);
  }

  // Pass 2: values that came from the environment must have the field's form too. Fields whose
  // variable is missing (and not needed by this command) keep their reference and are not checked.
  let config: RawConfig = first.data;
  const missingKeys = resolved.missing.map((m) => pathKey(m.path));
  const second = resolvedConfigSchema.safeParse(resolved.data);
  if (second.success) config = second.data;
  else {
    const relevant = second.error.issues.filter((i) => !missingKeys.includes(pathKey(i.path)));
    for (const problem of issuesToProblems(src, resolvedConfigSchema, resolved.data, relevant)) {
      const issuePath = relevant.find((i) => formatPath(i.path) === problem.path)?.path;
      const name = issuePath ? resolved.references.get(pathKey(issuePath)) : undefined;
      problems.push(name ? { ...problem, message: `${problem.message} (value of \${${name}})` } : problem);
    }
    if (relevant.length === 0) config = resolved.data as RawConfig;
  }

  const checked = crossCheck(src, config, opts.log);
  problems.push(...checked.problems);
  if (problems.length > 0) throw failure(file, problems);
  return checked.config;
}

/** Where the expansion blew up: the first alias of the file, with what to do. */
function aliasProblem(src: SourceFile, error: unknown): Problem {
  let at = 0;
  visit(src.doc, {
    Alias(_key, node) {
      at = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  const pos = src.counter.linePos(at);
  return {
    file: src.file,
    line: pos.line,
    column: pos.col,
    path: 'YAML',
    message: `YAML aliases expand too far (${errorMessage(error).toLowerCase()}); write the values out instead of nesting aliases`,
  };
}

function failure(file: string, problems: Problem[]): UsageError {
  const sorted = [...problems].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
  const n = sorted.length;
  return new UsageError(`${file}: ${n} problem${n === 1 ? '' : 's'} in the configuration`, sorted);
}

/** `file:line:col: field: message`, the form editors and terminals link. */
export function formatProblem(problem: Problem): string {
  const place = [problem.file, problem.line, problem.column].filter((p) => p !== undefined).join(':');
  const field = problem.path && problem.path !== 'YAML' ? `${problem.path}: ` : '';
  return `${place ? `${place}: ` : ''}${field}${problem.message}`;
}
