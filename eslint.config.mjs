// Backend lint (the frontend has its own config in frontend/eslint.config.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    },
  },
  { files: ['backend/src/config/**/*.ts', 'backend/test/**/*.ts', 'backend/bench/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
);
