// Lint: TypeScript recommended rules plus the architecture's import directions (see docs/architecture.md):
// the layers' allow-list lives in eslint.layers.js; packages are limited here (electron only in the shell,
// nothing of Node in the renderer).
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';
import { layerElements, layerPolicies } from './eslint.layers.js';

const electronOnlyInShell = {
  name: 'electron',
  message: 'Only electron/shell/ may import electron; everything else must run in plain Node.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.tmp/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
    },
  },
  {
    files: ['electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
      'boundaries/elements': layerElements(),
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies() }],
    },
  },
  {
    files: ['electron/shell/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Artillery loads engines with require(): the in-repo engine package is CommonJS.
    files: ['packages/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [{ group: ['**/electron/**', 'node:*'], message: 'The renderer depends only on shared/.' }],
        },
      ],
    },
  },
  {
    files: ['electron/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [{ group: ['**/sandbox', '**/sandbox/**', '**/shell/**', '**/host/**'], message: 'The engine depends only on protocol/ and shared/.' }],
        },
      ],
    },
  },
  {
    files: ['electron/sandbox/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [{ group: ['**/engine/**', '**/shell/**', '**/host/**'], message: 'The sandbox depends only on protocol/.' }],
        },
      ],
    },
  },
  {
    files: ['electron/protocol/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [{ group: ['**/engine/**', '**/sandbox/**', '**/shell/**', '**/host/**'], message: 'Protocol codecs depend on nothing above them.' }],
        },
      ],
    },
  },
);
