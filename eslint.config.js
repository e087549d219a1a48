import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/store/*', '**/store/index.js'], message: 'only the apiserver may import the store' }] }],
    },
  },
  {
    files: ['src/apiserver/**/*.ts', 'src/store/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
