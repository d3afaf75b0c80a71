// Flat config: type-aware rules for every TypeScript file, and import rules that keep DESIGN.md's layers true.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const typed = tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  { ...js.configs.recommended, files: ['**/*.ts'] },
  ...typed,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'No default exports (DESIGN.md).' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core is vscode-free (DESIGN.md).' }],
        patterns: [{ group: ['**/extension/**', '**/cli/**', '**/protocol/**', '**/webview-ui/**'], message: 'src/core must not import a higher layer.' }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }],
        patterns: [{ group: ['**/extension/**', '**/webview-ui/**'], message: 'The CLI must not import the extension or webviews.' }],
      }],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The protocol is shared with the browser.' }],
        patterns: [{ group: ['**/extension/**', '**/cli/**', '**/webview-ui/**'], message: 'The protocol holds types only.' }],
      }],
    },
  },
  {
    files: ['webview-ui/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['./webview-ui/tsconfig.json'] } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Webviews run in the browser.' }],
        patterns: [{ group: ['**/src/core/**', '**/src/extension/**', '**/src/cli/**'], message: 'Webviews only import types from src/protocol.' }],
      }],
    },
  },
);
