// @ts-check
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import eslint from '@eslint/js';
import angular from 'angular-eslint';
import tseslint from 'typescript-eslint';
import webox from './eslint-rules/contract-literals.mjs';

const NO_HTTP_CLIENT = { name: '@angular/common/http', importNames: ['HttpClient'], message: 'Call the API through the generated client in src/app/api.' };
const FEATURES = readdirSync(new URL('./src/app/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
/** A feature imports no other feature: what several features use lives in shared/ or core/. */
const OTHER_FEATURE = { regex: `^(\\.\\./)+(features/)?(${FEATURES.join('|')})/`, message: 'A feature never imports another one: move what several features use to shared/ or core/.' };
/** core/ and shared/ import no feature. */
const ANY_FEATURE = { regex: '(^|/)features/', message: 'core/ and shared/ never import a feature.' };
const restrictedImports = (patterns, paths = [NO_HTTP_CLIENT]) => ['error', { paths, patterns }];
/**
 * Error codes and event names written as strings must be ones the contract declares (the generated
 * client's types); the client's own codes are `ClientProblemCode` in core/http/api-error.ts.
 */
const CONTRACT_LITERALS = ['error', { contract: fileURLToPath(new URL('../docs/openapi.json', import.meta.url)), clientCodes: ['NETWORK_ERROR', 'CLIENT_ERROR'] }];

export default tseslint.config(
  {
    ignores: ['src/app/api/**', '.angular/**', 'test-results/**', 'playwright-report/**'],
  },
  {
    files: ['**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommended, ...tseslint.configs.stylistic, ...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'wbx', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'wbx', style: 'kebab-case' }],
      '@angular-eslint/prefer-on-push-component-change-detection': 'error',
      '@angular-eslint/prefer-standalone': 'error',
      '@angular-eslint/no-inputs-metadata-property': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': restrictedImports([]),
    },
  },
  { files: ['src/**/*.ts', 'e2e/**/*.ts'], plugins: { webox }, rules: { 'webox/contract-literals': CONTRACT_LITERALS } },
  { files: ['src/app/features/**/*.ts'], rules: { 'no-restricted-imports': restrictedImports([OTHER_FEATURE]) } },
  { files: ['src/app/core/**/*.ts', 'src/app/shared/**/*.ts'], rules: { 'no-restricted-imports': restrictedImports([ANY_FEATURE]) } },
  // Tests may use HttpClient; specs still keep to the folders' rules.
  { files: ['e2e/**/*.ts', 'playwright.config.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['src/**/*.spec.ts'], rules: { 'no-restricted-imports': restrictedImports([], []) } },
  { files: ['src/app/features/**/*.spec.ts'], rules: { 'no-restricted-imports': restrictedImports([OTHER_FEATURE], []) } },
  { files: ['src/app/core/**/*.spec.ts', 'src/app/shared/**/*.spec.ts'], rules: { 'no-restricted-imports': restrictedImports([ANY_FEATURE], []) } },
  {
    files: ['**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
    rules: {
      '@angular-eslint/template/prefer-control-flow': 'error',
      '@angular-eslint/template/no-inline-styles': 'off',
    },
  },
);
