// Tests sit beside the code they test (`foo.ts` → `foo.test.ts`). @swc/jest strips types
// without the compiler API; `npm run typecheck` is the type gate.
/** ESM-only packages that jest (CommonJS) must transform to load. */
const esmPackages = ['hyparquet', 'hyparquet-writer', 'hyparquet-compressors', 'hysnappy', '@polyglot-sql/sdk', 'teeny-request'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdktf.out/', '/.tributary/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/cdktf.out/', '<rootDir>/.tributary/'],
  watchPathIgnorePatterns: ['<rootDir>/.tributary/', '<rootDir>/cdktf.out/'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  // teeny-request (under @google-cloud/bigquery) loads node-fetch 3 with import(), which jest's
  // CommonJS runtime refuses; transformed, it requires node-fetch 2 (CommonJS, same fetch API).
  moduleNameMapper: { '^node-fetch$': '<rootDir>/node_modules/node-fetch/lib/index.js' },
  testTimeout: 180_000,
  maxWorkers: 2,
};
