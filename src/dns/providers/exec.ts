/**
 * exec: runs `<command> present|cleanup <record name> <value>` for any DNS host we have no
 * provider for (the lego "exec" convention, without the trailing dot). Exit 0 means done. The
 * command runs without a shell, in the repository root, with a timeout.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { childEnvironment, listedValues } from '../../util/child-env.js';
import { durationMs } from '../../util/duration.js';
import { CHANGE_ME, defineProvider, type FieldKit, type ProviderConfig } from '../define.js';
import { type DnsProvider, DnsProviderError, type ProviderDeps } from '../provider.js';
import { commonFields } from './common.js';

const fields = (f: FieldKit) => ({
  command: z
    .string()
    .min(1)
    .describe(
      'run as `<command> present|cleanup <record name> <value>` (no shell; relative to the repository root); exit 0 on success; cleanup removes only that value',
    ),
  timeout: f.duration('timeout').default('60s').describe('the command is stopped after this long'),
  env: f
    .envNames()
    .describe(
      'names of variables the script gets from the job (it gets only PATH, HOME and these: list its own credential here)',
    ),
});

type ExecConfig = ProviderConfig<'exec', ReturnType<typeof fields>>;

/** Splits a command line on spaces, honouring simple single and double quotes. */
export function splitCommand(command: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

function create(name: string, config: ExecConfig, deps: ProviderDeps): DnsProvider {
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
}

const DOCS = `\`cleanup\` must remove only that value. certflow checks propagation itself afterwards, so the
script may return as soon as the change is accepted. The script gets \`PATH\`, \`HOME\` and the names
listed in \`env\`; nothing else of the job's environment (its SSH key, TSIG secret, token) reaches it.

\`\`\`yaml
dns:
  hook:
    type: exec
    command: scripts/dns-hook.sh
    resolvers: [192.0.2.53]
\`\`\`

\`\`\`sh
#!/bin/sh
# scripts/dns-hook.sh present|cleanup <name> <value>
case "$1" in
  present) op="update add $2. 60 TXT \\"$3\\"" ;;
  cleanup) op="update delete $2. TXT \\"$3\\"" ;;
esac
printf 'server 192.0.2.53\\n%s\\nsend\\n' "$op" | nsupdate -k /etc/certflow/tsig.key
\`\`\``;

export const exec = defineProvider({
  type: 'exec',
  about: 'any other DNS host, through a script of yours that writes and removes the record',
  typeText: 'selects a script of yours',
  fields,
  starter: {
    lines: [
      `command: ./.github/certflow-dns-hook.sh  # ${CHANGE_ME}: run as <command> present|cleanup <record name> <value>`,
      'timeout: 60s',
    ],
    secrets: [],
  },
  docs: { title: 'any other DNS host, through your script', text: DOCS },
  create,
});
