// Lint rules that also encode the architecture: the core stays pure, the UI
// reaches the worker only through the client module, and only by type.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import svelteConfig from './svelte.config.js';
import { typeImportCycles } from './lint/typeImportCycles.js';

// Each room of src/ may import only from the rooms below it: ui -> state -> client -> worker ->
// core, with io and model beside them. An import the other way, or any import cycle, fails lint.
const layering = [
  {
    target: './src/core',
    from: './src',
    except: ['./core'],
    message: 'The core depends on nothing else in src/.',
  },
  {
    target: './src/model',
    from: './src',
    except: ['./model', './core'],
    message: 'The document model builds on the core alone.',
  },
  {
    target: './src/io',
    from: ['./src/state', './src/ui', './src/App.svelte'],
    message:
      'File formats and storage know nothing of the app state or the UI; pass them plain data.',
  },
  {
    target: './src/state',
    from: ['./src/ui', './src/App.svelte'],
    message: 'State knows nothing of components; a component reads state and calls its methods.',
  },
];

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
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    plugins: { 'import-x': importX, layers: { rules: { 'type-import-cycles': typeImportCycles } } },
    // The rules parse each imported file with these parsers; a component's script needs the
    // TypeScript parser named here even when the file that imports it is plain TypeScript.
    languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.svelte'] })],
      'import-x/extensions': ['.ts', '.js', '.svelte'],
      'import-x/parsers': {
        '@typescript-eslint/parser': ['.ts'],
        'svelte-eslint-parser': ['.svelte'],
      },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layering, basePath: import.meta.dirname }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // no-cycle follows value imports only; this rule, the cycles a type-only import closes.
      'layers/type-import-cycles': 'error',
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
