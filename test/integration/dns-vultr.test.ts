/** The vultr provider against a fake Vultr API that writes through to the bed's bind (test/support/fakes/vultr.ts). */

import { providerSuite } from '../support/fakes/suite.js';
import { vultrKit } from '../support/fakes/vultr.js';

providerSuite(vultrKit);
