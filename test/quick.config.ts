// npm run test:quick: the unit tests, for the edit-test loop. Left out: what starts Prism, builds a copy of the
// project, packs the package, runs the CLI as processes or drives a browser, and the type tests (`npm run typecheck`
// runs those). `npm test` runs everything.
import { configDefaults, defineConfig } from 'vitest/config';
import base from '../vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    exclude: [
      ...configDefaults.exclude,
      '**/*.prism.test.ts',
      'test/testing/fake.test.ts',
      'test/verify/verify.test.ts',
      'test/engine/{conformance,engine.fixture}.test.ts',
      'test/scripts/{add-spec,build-docs,check-breaking,check-generated,generate,lint-spec}.test.ts',
      'test/cli/habits.test.ts',
      'test/package/**',
      'test/import/cli.test.ts',
      'test/bench.test.ts',
    ],
    globalSetup: [],
    // Most of these wait on servers and timers: two files at a time, whatever the number of cores.
    maxWorkers: 2,
    typecheck: { enabled: false },
    // The full run's report is the one CI reads: this run leaves it alone.
    reporters: ['default'],
  },
});
