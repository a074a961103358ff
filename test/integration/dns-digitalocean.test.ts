/** The digitalocean provider against a fake DigitalOcean API that writes through to the bed's bind (test/support/fakes/digitalocean.ts). */
import { digitaloceanKit } from '../support/fakes/digitalocean.js';
import { providerSuite } from '../support/fakes/suite.js';

providerSuite(digitaloceanKit);
