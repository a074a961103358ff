import type { Settings } from '../config/settings.js';
import type { CommandOutcome } from '../pipeline/outcome.js';
import type { Logger } from '../util/log.js';

export type { CommandOutcome } from '../pipeline/outcome.js';

export type CommandHandler = (settings: Settings, log: Logger) => Promise<CommandOutcome>;
