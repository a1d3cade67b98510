// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Rules are pure: they see only the domain types and other rule helpers. */
const pureRuleRestrictions = {
  patterns: [
    {
      group: ['@azure/*', 'node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'os'],
      message: 'src/rules is pure: no Azure SDK or I/O. Readers and actions talk to Azure.',
    },
    {
      group: [
        '**/app/**',
        '**/azure/**',
        '**/readers/**',
        '**/actions/**',
        '**/store/**',
        '**/simulator/**',
        '**/cli/**',
        '**/config/**',
        '**/decide/**',
        '**/execute/**',
        '**/notify/**',
        '**/tickets/**',
        '**/approvals/**',
        '**/engine/**',
        '**/functions/**',
      ],
      message: 'src/rules may import only src/domain and other files under src/rules.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', 'test/fixtures/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'bin/*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['src/rules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureRuleRestrictions] },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@azure/*', 'node:*', '../*', '!./*'],
              message: 'src/domain holds types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
