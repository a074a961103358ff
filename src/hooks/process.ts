/**
 * Runs one shell command with a deadline. The command gets its own process group (spawned
 * detached), so a timeout stops the shell and everything it started, not just the shell.
 * Output is handed over line by line as it comes, and the last lines are kept for the report.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface RunCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Each complete output line (stdout and stderr), already as it should be shown. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How many last lines to keep. */
  tailLines?: number;
  /** Between SIGTERM and SIGKILL after a timeout. */
  killGraceMs?: number;
}

export interface CommandOutcome {
  /** Exit code, or null when the process was ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The last lines of output, as passed to onLine. */
  tail: string[];
  durationMs: number;
}

/** Longest line kept; a hook that prints a megabyte on one line should not fill the report. */
const MAX_LINE = 2000;

export function runCommand(command: string, options: RunCommandOptions): Promise<CommandOutcome> {
  const started = Date.now();
  const tailLines = options.tailLines ?? 20;
  const tail: string[] = [];
  const emit = (raw: string, stream: 'stdout' | 'stderr') => {
    const line = raw.length > MAX_LINE ? `${raw.slice(0, MAX_LINE)}… (${raw.length} characters)` : raw;
    options.onLine(line, stream);
    tail.push(line);
    if (tail.length > tailLines) tail.shift();
  };

  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn('/bin/sh', ['-c', command], {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      reject(error);
      return;
    }
    const pid = child.pid;
    let timedOut = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const killGroup = (signal: NodeJS.Signals) => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    };

    const splitter = (stream: 'stdout' | 'stderr') => {
      let buffer = '';
      return {
        data: (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          let nl = buffer.indexOf('\n');
          while (nl >= 0) {
            emit(buffer.slice(0, nl).replace(/\r$/, ''), stream);
            buffer = buffer.slice(nl + 1);
            nl = buffer.indexOf('\n');
          }
        },
        flush: () => {
          if (buffer.length > 0) emit(buffer, stream);
          buffer = '';
        },
      };
    };
    const out = splitter('stdout');
    const err = splitter('stderr');
    child.stdout?.on('data', out.data);
    child.stderr?.on('data', err.data);

    const finish = () => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      out.flush();
      err.flush();
      resolve({
        code: exited?.code ?? null,
        signal: exited?.signal ?? null,
        timedOut,
        tail,
        durationMs: Date.now() - started,
      });
    };

    timers.push(
      setTimeout(() => {
        if (exited) return;
        timedOut = true;
        killGroup('SIGTERM');
        timers.push(setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 2000));
      }, options.timeoutMs),
    );

    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      // Something the hook left running in the background may hold the pipes open: do not wait
      // for it past a moment, it is not part of the hook's result.
      timers.push(
        setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish();
        }, 1000),
      );
    });
    child.on('close', (code, signal) => {
      exited ??= { code, signal };
      finish();
    });
  });
}
