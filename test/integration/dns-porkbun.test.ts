/** The porkbun provider against a fake Porkbun API that writes through to the bed's bind (test/support/fakes/porkbun.ts). */
import { porkbunKit } from '../support/fakes/porkbun.js';
import { providerSuite } from '../support/fakes/suite.js';

providerSuite(porkbunKit);
