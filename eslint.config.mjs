// ESLint flat config. `npm run lint` runs this and then dependency-cruiser
// (.dependency-cruiser.cjs) for the layering rules.
import js from '@eslint/js';
import drizzle from 'eslint-plugin-drizzle';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.{ts,tsx,mts,cts}'];
const unusedVars = ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }];

export default defineConfig([
  globalIgnores([
    'node_modules/',
    '.next/',
    'dist/',
    '.data/',
    'data/',
    'drizzle/', // generated migrations
    // The corpus's sample programs are deliberately vulnerable code for the
    // engine to find; only its tests are ours.
    'corpus/**/*',
    '!corpus/**/',
    '!corpus/**/*.test.ts',
    // Sample repositories that the scans run on (vulnerable on purpose, not
    // in tsconfig either).
    'fixtures/',
    'test-results/',
    'playwright-report/',
    'bench/out/',
    '.ci-out/',
    'next-env.d.ts',
    'public/',
  ]),

  js.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
    rules: { 'no-unused-vars': unusedVars },
  },

  {
    files: TS,
    extends: [tseslint.configs.recommended],
    rules: { '@typescript-eslint/no-unused-vars': unusedVars },
  },

  // Type-aware linting, kept to the rules that catch real bugs here: a
  // promise nobody awaits or catches, and a promise handed to something that
  // expects a plain callback.
  {
    files: TS,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // React accepts async event handlers on JSX attributes (onClick etc.).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },

  // Tests read the API's JSON answers loosely (`any` bodies from tests/support/api.ts);
  // what the rule guards is the product's own types.
  {
    files: ['tests/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  {
    files: ['app/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    files: ['app/**/*.tsx'],
    extends: [jsxA11y.flatConfigs.recommended],
    rules: {
      // Label text here sits in nested spans (title + description): look 3 levels deep, not the default 2.
      'jsx-a11y/label-has-associated-control': ['error', { depth: 3 }],
    },
  },

  // Delete/update without .where() touches every row. Drizzle is reached
  // through variables named db / tx, or getDb() directly.
  {
    files: TS,
    plugins: { drizzle },
    rules: {
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx', 'getDb'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx', 'getDb'] }],
    },
  },
]);
