/**
 * Runs a program for a DNS provider that drives another tool (exec, lexicon): no shell, a minimal
 * environment chosen by the caller (util/child-env.ts), a time limit, and its output kept short
 * for the error. A failure is a DnsProviderError naming the provider and what was run.
 */
import { spawn } from 'node:child_process';
import { DnsProviderError } from './provider.js';

export interface CommandRun {
  who: { type: string; name: string };
  /** The program (a path, or a name looked up in env.PATH). */
  file: string;
  args: string[];
  /** How the command is named in errors (never the secret-bearing parts). */
  display: string;
  /** What the user can do when the program cannot be started. */
  missingHint: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Masks secrets in the output quoted in errors. */
  mask?: (text: string) => string;
}

/** Longest tail of the output kept for an error message. */
const TAIL = 2000;
/** Longest stdout kept for the caller (a listing of records). */
const MAX_STDOUT = 1024 * 1024;

/** Resolves with the program's stdout when it exits 0. */
export function runCommand(run: CommandRun): Promise<string> {
  const mask = run.mask ?? ((t: string) => t);
  return new Promise<string>((resolve, reject) => {
    const child = spawn(run.file, run.args, {
      cwd: run.cwd,
      env: run.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: run.timeoutMs,
      signal: run.signal,
    });
    let output = '';
    let stdout = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-TAIL);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_STDOUT) stdout += chunk.toString('utf8');
      keep(chunk);
    });
    child.stderr.on('data', keep);
    child.on('error', (error) =>
      reject(
        new DnsProviderError(run.who, mask(`cannot run ${run.file}: ${error.message}`), run.missingHint),
      ),
    );
    child.on('close', (code, sig) => {
      if (code === 0) return resolve(stdout);
      const how = sig
        ? `was stopped by ${sig}${sig === 'SIGTERM' ? ' (timeout?)' : ''}`
        : `exited with ${code}`;
      const said = output.trim();
      reject(new DnsProviderError(run.who, mask(`\`${run.display}\` ${how}${said ? `: ${said}` : ''}`)));
    });
  });
}
