// Lint rules that also encode the architecture: the core stays pure, the UI
// reaches the worker only through the client module, and only by type.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'tests/e2e/.harness-dist/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='$state'][property.name='snapshot']",
          message:
            'Use plainCopy (src/state/plainCopy.ts): $state.snapshot structured-clones every number on its own, milliseconds for a project.',
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['svelte', 'svelte/*'], message: 'The core is pure TypeScript: no Svelte.' },
            { group: ['comlink'], message: 'The core knows nothing of workers.' },
            {
              group: ['**/ui/**', '**/state/**', '**/worker/**', '**/client/**', '**/io/**'],
              message: 'The core depends on nothing else in src/.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'self',
        'navigator',
        'OffscreenCanvas',
        'postMessage',
      ],
    },
  },
  {
    files: ['src/ui/**', 'src/state/**', 'src/App.svelte', 'src/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/**'],
              allowTypeImports: true,
              message:
                'The UI talks to the worker only through src/client; import worker types with `import type`.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['svelte', 'svelte/*', '**/ui/**', '**/state/**', '**/client/**'],
              message: 'Worker code must not pull in UI code.',
            },
          ],
        },
      ],
    },
  },
);
