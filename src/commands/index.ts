/** Command name -> handler. Each command lives in its own file. */
import type { Command } from '../config/settings.js';
import { renewCommand } from '../pipeline/renew.js';
import { checkHandler } from './check.js';
import { decryptHandler } from './decrypt.js';
import { deployHandler } from './deploy.js';
import { initHandler } from './init.js';
import { persistRecordsHandler } from './persist-records.js';
import { planHandler } from './plan.js';
import { publishHandler } from './publish.js';
import { resealHandler } from './reseal.js';
import { revokeHandler } from './revoke.js';
import { rotateHandler } from './rotate.js';
import type { CommandHandler } from './types.js';
import { verifyHandler } from './verify.js';

export const HANDLERS: Partial<Record<Command, CommandHandler>> = {
  check: checkHandler,
  decrypt: decryptHandler,
  deploy: deployHandler,
  init: initHandler,
  plan: planHandler,
  'persist-records': persistRecordsHandler,
  publish: publishHandler,
  renew: renewCommand,
  revoke: revokeHandler,
  rotate: rotateHandler,
  reseal: resealHandler,
  verify: verifyHandler,
};
