// Backend lint (the frontend has its own config in frontend/eslint.config.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// class-validator's IsOptional lets `null` through to NOT NULL columns; common/validation's Optional does not.
const isOptional = { name: 'class-validator', importNames: ['IsOptional'], message: "Use Optional from common/validation: IsOptional lets null through (a 500 where a 400 belongs)." };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'frontend/**', 'tmp/**', 'data/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['backend/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through AppConfig (backend/src/config).' }],
      'no-restricted-imports': ['error', { paths: [isOptional] }],
    },
  },
  { files: ['backend/src/config/**/*.ts', 'backend/test/**/*.ts', 'backend/bench/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
  // Layers point one way (DESIGN.md section 2): the lower layers import no area, not even a type;
  // an area plugs into them by registering. realtime may use auth's token verification.
  {
    files: ['backend/src/{config,common,database,queue,storage,outbound,rendering,ai,realtime}/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [isOptional], patterns: [{ regex: '(^|/)modules/', message: 'A lower layer imports no area: let the area register with the layer instead.' }] }] },
  },
  {
    files: ['backend/src/realtime/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [isOptional], patterns: [{ regex: '(^|/)modules/(?!auth/(auth\\.(module|service)|access-token-verifier)$)', message: 'realtime may use only auth (its token verification) among the areas.' }] }] },
  },
);
