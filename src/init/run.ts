/**
 * `certflow init`: first-run setup. Checks everything before writing anything, so a refused run
 * leaves no half-written state; returns what it wrote and which secrets to create, as data.
 */

import { mkdir, open, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../config/schema.js';
import { UsageError } from '../util/errors.js';
import { exists } from '../util/fs.js';
import type { Logger } from '../util/log.js';
import { nextSteps, secretsToSet } from './instructions.js';
import { generateAccountKey, generateAgeKeyPair, generateSshKeyPair } from './keys.js';
import type { InitOptions } from './options.js';
import { type InitPersist, initPersistRecords } from './persist.js';
import { resolveSchemaRef } from './schema-ref.js';
import { prepareSecretDir, SECRET_MODE, writeSecretFile } from './secrets.js';
import { renderStarterConfig } from './template.js';
import { renderWorkflow, workflowPath } from './workflows.js';

/** File names inside the secrets folder. */
export const SECRET_FILES = {
  accountKey: 'acme-account-key.pem',
  ageIdentity: 'age-identity.txt',
  sshKey: 'ssh-deploy-key',
  sshPublicKey: 'ssh-deploy-key.pub',
} as const;

import type { InitResult, WrittenFile } from './types.js';

export type { InitResult, WrittenFile } from './types.js';

export interface InitContext {
  /** Repository root; relative paths in the options are taken from here. */
  workspace: string;
  now: Date;
  log: Logger;
}

export async function runInit(options: InitOptions, ctx: InitContext): Promise<InitResult> {
  const { workspace, log } = ctx;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(workspace, p));
  const shown = (p: string) => {
    const r = relative(workspace, p);
    return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
  };
  const configPath = abs(options.config);
  const secretsDir = options.printSecrets ? undefined : abs(options.out);
  const secretPaths = secretsDir
    ? {
        accountKey: join(secretsDir, SECRET_FILES.accountKey),
        ageIdentity: join(secretsDir, SECRET_FILES.ageIdentity),
        ...(options.sshKey
          ? {
              sshKey: join(secretsDir, SECRET_FILES.sshKey),
              sshPublicKey: join(secretsDir, SECRET_FILES.sshPublicKey),
            }
          : {}),
      }
    : undefined;

  const workflows = options.workflows.map((name) => ({ name, path: abs(workflowPath(name)) }));

  // Refuse before generating or writing anything.
  if (!options.force) {
    const existing: string[] = [];
    for (const p of [configPath, ...Object.values(secretPaths ?? {}), ...workflows.map((w) => w.path)])
      if (await exists(p)) existing.push(shown(p));
    if (existing.length) {
      throw new UsageError(
        `init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written. ` +
          'Rerun with --force to replace them (a new age identity cannot open keys sealed to the old one), ' +
          'or use --config / --out / --workflows for other paths.',
        existing.map((file) => ({ file, message: 'exists' })),
      );
    }
  }

  const accountKey = generateAccountKey();
  const age = await generateAgeKeyPair();
  const ssh = options.sshKey
    ? generateSshKeyPair(`certflow-deploy@${ctx.now.toISOString().slice(0, 10)}`)
    : undefined;
  log.secret(accountKey);
  log.secret(age.identity);
  if (ssh) log.secret(ssh.privateKey);

  const text = renderStarterConfig({
    options,
    recipient: age.recipient,
    schemaRef: options.schema ?? (await resolveSchemaRef(workspace, configPath)),
    date: ctx.now.toISOString().slice(0, 10),
  });
  checkAgainstSchema(text, shown(configPath));

  const files: WrittenFile[] = [];
  let printedSecrets: Record<string, string> | undefined;
  if (secretsDir && secretPaths) {
    await prepareSecretDir(secretsDir);
    const write = async (path: string, content: string, what: string, secret = true) => {
      await writeSecretFile(path, content, options.force);
      files.push({ path: shown(path), mode: SECRET_MODE, secret, what });
    };
    await write(secretPaths.accountKey, accountKey, 'ACME account key (ECDSA P-256, PKCS#8 PEM)');
    await write(secretPaths.ageIdentity, `${age.identity}\n`, `age identity for ${age.recipient}`);
    if (ssh && secretPaths.sshKey && secretPaths.sshPublicKey) {
      await write(secretPaths.sshKey, ssh.privateKey, 'SSH deploy key (Ed25519, OpenSSH)');
      await write(secretPaths.sshPublicKey, `${ssh.publicKey}\n`, 'SSH deploy public key', false);
    }
    log.info(`Wrote secret files (mode 0600) to ${shown(secretsDir)}/; the folder ignores itself in git.`);
  } else {
    printedSecrets = { ACME_ACCOUNT_KEY: accountKey, AGE_IDENTITY: age.identity };
    if (ssh) printedSecrets.SSH_PRIVATE_KEY = ssh.privateKey;
  }

  await mkdir(dirname(configPath), { recursive: true });
  await writeConfig(configPath, text, options.force);
  files.unshift({ path: shown(configPath), mode: 0o644, secret: false, what: 'starter configuration' });
  log.info(`Wrote ${shown(configPath)} (age recipient ${age.recipient}).`);

  for (const w of workflows) {
    await mkdir(dirname(w.path), { recursive: true });
    await writeConfig(w.path, renderWorkflow(w.name, options.environment), options.force);
    files.push({ path: shown(w.path), mode: 0o644, secret: false, what: `${w.name} workflow` });
  }
  if (workflows.length) log.info(`Wrote ${workflows.map((w) => shown(w.path)).join(', ')}.`);

  const secrets = secretsToSet(options, {
    dir: secretsDir ? shown(secretsDir) : undefined,
    files: SECRET_FILES,
  });
  const result: InitResult = {
    configPath,
    recipient: age.recipient,
    sshPublicKey: ssh?.publicKey,
    secretsDir,
    files,
    secrets,
    printedSecrets,
    text: '',
  };
  result.text = nextSteps(result, options, shown(configPath));
  if (options.challenge === 'dns-persist-01') {
    result.persist = await initPersistRecords(options, accountKey, workspace, log);
    result.text += persistText(result.persist, options.domains.length === 0);
  }
  return result;
}

/** The template is ours, but user input goes into it: prove it is a valid config before writing. */
function checkAgainstSchema(text: string, file: string): void {
  const checked = configSchema.safeParse(parse(text));
  if (!checked.success) {
    const problems = checked.error.issues.map((i) => ({ file, path: i.path.join('.'), message: i.message }));
    throw new UsageError(
      `init: the config built from your flags does not validate (${problems
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')}); nothing was written.`,
      problems,
    );
  }
}

async function writeConfig(path: string, text: string, replace: boolean): Promise<void> {
  if (replace)
    await unlink(path).catch((e: NodeJS.ErrnoException) =>
      e.code === 'ENOENT' ? undefined : Promise.reject(e),
    );
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

function persistText(p: InitPersist, placeholders: boolean): string {
  const head =
    '\ndns-persist-01: publish these TXT records through your DNS change process (certflow never writes them;';
  if (p.records.length === 0) {
    return `${head} see docs/dns-persist.md).\nThe account could not be registered now (${p.problem}); once it exists, \`certflow persist-record\` prints them.\n`;
  }
  const note = placeholders
    ? 'These are for the placeholder names: after editing domains, run `certflow persist-record` again.\n'
    : '';
  return `${head} see docs/dns-persist.md).\nThey name the ACME account ${p.account}; keep its key: a new account does not match them.\n${note}${p.records.join('\n')}\n`;
}
