// Browser tier: the ward display and the handheld in Debian's Chromium (playwright-core), against the real service,
// PostgreSQL and Redis. Needs the built screens (npm run build) and /usr/bin/chromium.
const { swcTransform, esmPackages } = require('./jest.shared');

module.exports = {
  displayName: 'browser',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test/browser'],
  testRegex: '\\.browser-spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: swcTransform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: { '^fhir-kit-client$': '<rootDir>/node_modules/fhir-kit-client/dist/index.js' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 90000,
  maxWorkers: 1,
};
