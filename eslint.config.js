import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'dist-single', 'node_modules', 'test/fixtures'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['ui/**/*.{ts,tsx}', 'src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // DESIGN.md: the emulator core knows nothing of the DOM, React, Workers or Node.
    files: ['emulator/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'comlink'],
              message: 'emulator/ must not import UI or worker libraries.',
            },
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'os', 'url', 'worker_threads'],
              message: 'emulator/ must not import Node modules.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'process', 'Buffer', 'postMessage'],
    },
  },
);
