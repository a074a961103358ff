/** The dnsimple provider against a fake DNSimple API that writes through to the bed's bind (test/support/fakes/dnsimple.ts). */
import { dnsimpleKit } from '../support/fakes/dnsimple.js';
import { providerSuite } from '../support/fakes/suite.js';

providerSuite(dnsimpleKit);
