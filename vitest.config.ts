import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/prism.ts'],
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test/artifacts/vitest.json' }]],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
  },
});
