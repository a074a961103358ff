/** The desec provider against a fake deSEC API that writes through to the bed's bind (test/support/fakes/desec.ts). */
import { desecKit } from '../support/fakes/desec.js';
import { providerSuite } from '../support/fakes/suite.js';

providerSuite(desecKit);
