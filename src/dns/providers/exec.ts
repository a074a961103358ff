/**
 * exec: runs `<command> present|cleanup <record name> <value>` for any DNS host we have no
 * provider for (the lego "exec" convention, without the trailing dot). Exit 0 means done. The
 * command runs without a shell, in the repository root, with a timeout.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DnsProviderConfig } from '../../config/schema.js';
import { childEnvironment, listedValues } from '../../util/child-env.js';
import { durationMs } from '../../util/duration.js';
import { DnsProviderError, type ProviderFactory } from '../provider.js';
import { commonFields } from './common.js';

type ExecConfig = Extract<DnsProviderConfig, { type: 'exec' }>;

/** Splits a command line on spaces, honouring simple single and double quotes. */
export function splitCommand(command: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

export const exec: ProviderFactory = (name, raw, deps) => {
  const config = raw as ExecConfig;
  const common = commonFields(name, config);
  const who = { type: config.type, name };
  const [program, ...fixedArgs] = splitCommand(config.command);
  if (!program) throw new DnsProviderError(who, 'command is empty');
  const timeoutMs = durationMs(config.timeout);
  // A relative program path is relative to the repository, like every other path in certflow.yml.
  const file =
    program.includes('/') && !path.isAbsolute(program) ? path.join(deps.workspace, program) : program;

  // Not the job's environment: the script gets PATH, HOME and what its `env:` lists.
  const parent = deps.env ?? { PATH: process.env.PATH };
  const env = childEnvironment(parent, config.env ?? []);
  for (const value of listedValues(parent, config.env ?? [])) deps.log.secret(value);

  const run = (action: 'present' | 'cleanup', fqdn: string, value: string, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(file, [...fixedArgs, action, fqdn, value], {
        cwd: deps.workspace,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: timeoutMs,
        signal,
      });
      let output = '';
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-2000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', (error) =>
        reject(
          new DnsProviderError(
            who,
            `cannot run ${program}: ${error.message}`,
            'check command: the program must exist and be executable',
          ),
        ),
      );
      child.on('close', (code, sig) => {
        if (code === 0) return resolve();
        const how = sig
          ? `was stopped by ${sig}${sig === 'SIGTERM' ? ' (timeout?)' : ''}`
          : `exited with ${code}`;
        reject(
          new DnsProviderError(
            who,
            `\`${config.command} ${action} ${fqdn} ...\` ${how}${output.trim() ? `: ${output.trim()}` : ''}`,
          ),
        );
      });
    });

  return {
    ...common,
    present: (record, signal) => run('present', record.fqdn, record.value, signal),
    cleanup: (record, signal) => run('cleanup', record.fqdn, record.value, signal),
  };
};
