/**
 * Command name -> handler. Each command lives in its own file and is loaded only when it runs
 * (issue 22, start-up): the bundler makes each `import()` a chunk of its own, so `plan` never
 * compiles ssh2, acme-client or Octokit, and `--version` compiles none of the commands.
 */
import type { Command } from '../config/settings.js';
import type { CommandHandler } from './types.js';

/** A handler that loads its module on first call. */
function lazy<M>(load: () => Promise<M>, pick: (module: M) => CommandHandler): CommandHandler {
  return async (settings, log) => pick(await load())(settings, log);
}

export const HANDLERS: Partial<Record<Command, CommandHandler>> = {
  account: lazy(
    () => import('./account.js'),
    (m) => m.accountHandler,
  ),
  check: lazy(
    () => import('./check.js'),
    (m) => m.checkHandler,
  ),
  decrypt: lazy(
    () => import('./decrypt.js'),
    (m) => m.decryptHandler,
  ),
  deploy: lazy(
    () => import('./deploy.js'),
    (m) => m.deployHandler,
  ),
  init: lazy(
    () => import('./init.js'),
    (m) => m.initHandler,
  ),
  'persist-records': lazy(
    () => import('./persist-records.js'),
    (m) => m.persistRecordsHandler,
  ),
  plan: lazy(
    () => import('./plan.js'),
    (m) => m.planHandler,
  ),
  publish: lazy(
    () => import('./publish.js'),
    (m) => m.publishHandler,
  ),
  renew: lazy(
    () => import('../pipeline/renew.js'),
    (m) => m.renewCommand,
  ),
  revoke: lazy(
    () => import('./revoke.js'),
    (m) => m.revokeHandler,
  ),
  rotate: lazy(
    () => import('./rotate.js'),
    (m) => m.rotateHandler,
  ),
  reseal: lazy(
    () => import('./reseal.js'),
    (m) => m.resealHandler,
  ),
  verify: lazy(
    () => import('./verify.js'),
    (m) => m.verifyHandler,
  ),
};
