/** The product version; test/unit/bundle.test.ts fails when it differs from package.json's. */
export const VERSION = '0.1.0';
