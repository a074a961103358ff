import { renewCommand } from '../pipeline/renew.js';
import type { CommandHandler } from './types.js';

export const renewHandler: CommandHandler = (settings, log) => renewCommand(settings, log);
