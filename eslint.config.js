import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/.svelte-kit/**', '**/build/**', '**/dist/**', '.stack/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...svelte.configs.recommended,
  {
    // The dashboard runs in the browser as well as on the server.
    files: ['web/**/*.svelte', 'web/**/*.svelte.ts', 'web/src/**/*.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    // Svelte sets a `value={...}`, `checked={...}` or a textarea's content
    // again when the page hydrates, so whatever the user typed or ticked
    // before the scripts arrived is lost. Prefilled fields take `defaultValue`
    // or `defaultChecked`, which leave a field the user has touched alone, and
    // textareas `PrefilledTextarea`. Hidden fields, and the fixed value of a
    // radio, checkbox or button, cannot be typed into.
    files: ['web/**/*.svelte'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `SvelteElement[name.name='input'] > SvelteStartTag:not(:has(SvelteAttribute[key.name='type'] > SvelteLiteral[value=/^(hidden|radio|checkbox|submit|button|reset)$/])) > SvelteAttribute[key.name='value']:has(SvelteMustacheTag)`,
          message:
            'Prefill an input with defaultValue={...}: hydration resets value={...} and loses what the user typed.',
        },
        {
          selector: `SvelteElement[name.name='textarea'] > SvelteMustacheTag`,
          message:
            'Fill a textarea with <PrefilledTextarea>: hydration resets its content and loses what the user typed.',
        },
        {
          selector: `SvelteElement[name.name='input'] > SvelteStartTag > SvelteAttribute[key.name='checked']:has(SvelteMustacheTag)`,
          message:
            'Preset a box with defaultChecked={...}: hydration resets checked={...} and loses what the user ticked.',
        },
      ],
    },
  },
  {
    // Migrations are frozen in time and must not see today's schema types,
    // so they (and the code that runs them) take Kysely<any>, as Kysely advises.
    files: [
      'services/db/src/migrations/**/*.ts',
      'services/db/src/migrate.ts',
      'services/db/test/migrations.test.ts',
    ],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The domain engine is imported by the browser and by Temporal workflow
    // code, so it must stay free of I/O and Node built-ins.
    files: ['services/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeBuiltins }],
    },
  },
  {
    // Workflow code is replayed deterministically by Temporal: no I/O here,
    // side effects belong in activities.
    files: ['workflows/src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeBuiltins }],
    },
  },
);
