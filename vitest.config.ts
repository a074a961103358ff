import { defineConfig } from 'vitest/config';

// Two projects: unit tests need no servers; integration tests run against the local test bed,
// which the global setup starts once (and reuses when it is already up).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The bed is one set of servers: files run one at a time so tests do not trip over each other.
          fileParallelism: false,
        },
      },
    ],
  },
});
