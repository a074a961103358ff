import type { Settings } from './config/settings.js';
import type { Logger } from './util/log.js';

/**
 * What every stage of one run shares, passed down from the entry point: the typed settings, one
 * logger, and one clock, so that the plan, the guard and the failure records agree on "now".
 */
export interface RunContext {
  settings: Settings;
  log: Logger;
  now: Date;
}
