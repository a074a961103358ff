/**
 * vitest globalSetup of the integration project: brings the local test bed up once (testbed/up.sh is
 * idempotent) and, on teardown, stops it only if this run started it. A bed a developer already had
 * running is reused and left up. CERTFLOW_TESTBED_KEEP=1 leaves a bed this run started up as well.
 */
import { execFile } from 'node:child_process';
import { testbedScript } from './testbed.js';

function bash(script: string, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [testbedScript(script)],
      { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`testbed/${script} failed (${error.message.split('\n')[0]}):\n${stderr}${stdout}`),
          );
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

export default async function setup(): Promise<() => Promise<void>> {
  const { stdout } = await bash('up.sh', 120_000);
  // up.sh's last stdout line says whether it started the bed or found it running.
  const startedHere = stdout.trim().split('\n').at(-1) === 'testbed: started';
  return async () => {
    if (!startedHere || process.env.CERTFLOW_TESTBED_KEEP === '1') return;
    await bash('down.sh', 60_000);
  };
}
