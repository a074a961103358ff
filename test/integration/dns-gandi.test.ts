/** The gandi provider against a fake Gandi LiveDNS API that writes through to the bed's bind (test/support/fakes/gandi.ts). */
import { gandiKit } from '../support/fakes/gandi.js';
import { providerSuite } from '../support/fakes/suite.js';

providerSuite(gandiKit);
