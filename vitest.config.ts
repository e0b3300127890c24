import path from 'node:path';
import { defineConfig } from 'vitest/config';

const shared = {
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // Domain modules are marked server-only for Next; tests run them in plain Node.
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ['tests/integration/global-setup.ts'],
        },
      },
      {
        ...shared,
        test: {
          // Attacks on the gate: each property has a test that failed before its fix.
          name: 'security',
          include: ['tests/security/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ['tests/integration/global-setup.ts'],
        },
      },
      {
        ...shared,
        test: {
          // Hostile input over every route and action against the built app (issue #8); FUZZ_RUNS sets its size.
          name: 'fuzz',
          include: ['tests/fuzz/**/*.test.ts'],
          environment: 'node',
          testTimeout: 3_600_000,
          hookTimeout: 900_000,
          globalSetup: ['tests/integration/global-setup.ts'],
        },
      },
    ],
  },
});
