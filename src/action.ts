// Entry of the bundled Action (dist/index.cjs): only starts the run, so tests can import runAction.
import { runAction } from './action/main.js';

void runAction();
