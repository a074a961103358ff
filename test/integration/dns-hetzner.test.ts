/** The hetzner provider against a fake Hetzner (Cloud API) API that writes through to the bed's bind (test/support/fakes/hetzner.ts). */
import { hetznerKit } from '../support/fakes/hetzner.js';
import { providerSuite } from '../support/fakes/suite.js';

providerSuite(hetznerKit);
