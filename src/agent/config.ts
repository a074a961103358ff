/**
 * The agent's config: a small YAML file on the host, root-owned. It is the host's trust root: the
 * repository is writable by people the host does not trust, so which certificates the host takes
 * (and for which names), which roots they must chain to and what runs on the host are said here,
 * never read from the repository.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { formatPath, locate } from '../config/places.js';
import { installSchemas, NAME } from '../config/schema.js';
import { DURATION } from '../util/duration.js';
import { errorMessage, type Problem, UsageError } from '../util/errors.js';

const absolute = (what: string) =>
  z.string().refine((v) => v.startsWith('/'), { message: `${what} must be an absolute path` });

const agentSchema = z.strictObject({
  version: z.literal(1, { message: 'expected version: 1' }),
  /** A path to a bare repository, ssh://..., git@host:path or https://... */
  repository: z
    .string()
    .regex(/^[^-\s]\S*$/, { message: 'expected the git URL or path of the store repository' }),
  branch: z
    .string()
    .regex(/^[^\s~^:?*[\\]+$/, { message: 'expected a branch name' })
    .default('main'),
  'store-path': z.string().default('certificates'),
  'identity-file': absolute('identity-file'),
  'work-dir': absolute('work-dir').default('/var/lib/certflow-agent'),
  git: z
    .strictObject({
      /** Deploy key (read-only) for ssh:// or scp-like URLs. */
      'ssh-key': absolute('git.ssh-key').optional(),
      /** Pinned host keys of the git server; required with ssh-key. */
      'known-hosts': absolute('git.known-hosts').optional(),
      /** File holding an HTTPS token with read-only contents permission. */
      'token-file': absolute('git.token-file').optional(),
    })
    .refine((g) => !g['ssh-key'] || g['known-hosts'], {
      message: 'git.ssh-key needs git.known-hosts: the git server host key is pinned, never learned',
    })
    .default({}),
  /** Extra roots (PEM files) the certificates must chain to; Node's bundled roots always count. */
  trust: z.array(absolute('trust entries')).default([]),
  /** The certificates this host takes, with the names each must be for. */
  certificates: z
    .record(
      z.string().regex(NAME, { message: 'certificate names are lower-case slugs' }),
      z.array(z.string().min(1)).min(1, { message: 'list the names the certificate must be for' }),
    )
    .refine((m) => Object.keys(m).length > 0, { message: 'list at least one certificate' }),
  files: installSchemas.files,
  validate: installSchemas.validate,
  reload: installSchemas.reload,
  verify: installSchemas.verify,
  'command-timeout': z
    .union([z.number().positive(), z.string().regex(DURATION, { message: 'expected a duration like "60s"' })])
    .default('60s'),
  report: z
    .strictObject({
      /** A line per run to syslog/journal through `logger` (else stderr). */
      syslog: z.boolean().default(true),
      /** Prometheus node_exporter textfile, written atomically. */
      textfile: absolute('report.textfile').optional(),
      /** File holding a webhook URL (a secret: a hook's path is its token). */
      'webhook-file': absolute('report.webhook-file').optional(),
    })
    .default({ syslog: true }),
});

export type AgentConfig = z.output<typeof agentSchema>;

/** Parses the agent's config; every problem names the file, line and field. */
export function parseAgentConfig(text: string, file: string): AgentConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = e ? counter.linePos(e.pos[0]) : { line: 1, col: 1 };
    throw new UsageError(`${file}: YAML syntax`, [
      { file, line: at.line, column: at.col, path: 'YAML', message: e?.message.split('\n')[0] ?? 'bad YAML' },
    ]);
  }
  const parsed = agentSchema.safeParse(doc.toJS({ maxAliasCount: 100 }) ?? {});
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((issue) => {
    const where = locate(doc, counter, issue.path as PropertyKey[], true);
    return {
      file,
      line: where.position.line,
      column: where.position.column,
      path: formatPath(issue.path as PropertyKey[]),
      message: issue.message,
    };
  });
  throw new UsageError(`${file}: ${problems.length} problem(s) in the agent config`, problems);
}

export async function loadAgentConfig(file: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the agent config ${file}: ${errorMessage(error)}`, [
      { path: '--config', message: 'expected a readable YAML file (see docs/agent.md)' },
    ]);
  }
  return parseAgentConfig(text, file);
}
