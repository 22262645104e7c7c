// Shared by the jest tiers. swc compiles our TypeScript (tsc type-checks separately in `npm run typecheck`) and
// turns the ESM-only packages (Nest 12, fhir-kit-client) into CommonJS; see docs/decisions.md.
module.exports = {
  swcTransform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  esmPackages: [
    '@nestjs',
    'fhir-kit-client',
    'file-type',
    'strtok3',
    'token-types',
    'uint8array-extras',
    '@tokenizer',
    'jose',
    'oidc-provider',
    'openid-client',
    'oauth4webapi',
  ],
};
