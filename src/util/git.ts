/** Plain git in a local repository, for the stages that use it (publish: git, changed bundles). */
import { execFile } from 'node:child_process';

export interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git in `cwd`; never rejects on a non-zero exit (check `code`). */
export function runGit(cwd: string, args: string[], input?: string): Promise<GitRun> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      args,
      // No prompts: a push that needs credentials must fail, not hang a scheduled job.
      { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
      },
    );
    // git that exits before reading its input closes the pipe: its exit code says what happened.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input ?? '');
  });
}
