/** The linode provider against a fake Linode API that writes through to the bed's bind (test/support/fakes/linode.ts). */
import { linodeKit } from '../support/fakes/linode.js';
import { providerSuite } from '../support/fakes/suite.js';

providerSuite(linodeKit);
