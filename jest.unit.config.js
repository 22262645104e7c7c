// Unit tier: pure code and single classes with their adapters mocked. No PostgreSQL, no Redis.
const { swcTransform, esmPackages } = require('./jest.shared');

module.exports = {
  displayName: 'unit',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/src', '<rootDir>/scripts', '<rootDir>/test/unit'],
  testRegex: '\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: swcTransform,
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: { '^fhir-kit-client$': '<rootDir>/node_modules/fhir-kit-client/dist/index.js' },
};
