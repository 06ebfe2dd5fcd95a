import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'src/lib/paraglide/',
			'db/migrations/',
			'test-results/',
			'playwright-report/',
			'tests/artifacts/',
			'data/',
			'data-*/',
			'bench/results/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node }
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			// Links in this app are plain paths; resolve() adds nothing without a base path.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// Server code: a drizzle query runs only when awaited, so `void db.update(…)` silently
		// does nothing (the job heartbeat once did). `void` does not excuse a promise here;
		// fire-and-forget work says so with an explicit .catch(). Browser code keeps `void` for
		// fire-and-forget UI calls, and never holds a query.
		files: [
			'src/hooks.server.ts',
			'src/lib/server/**/*.ts',
			'src/routes/**/*.server.ts',
			'src/routes/**/+server.ts',
			'scripts/**/*.ts',
			'bench/**/*.ts',
			'tests/unit/**/*.ts',
			'tests/fixtures/**/*.ts'
		],
		rules: {
			'@typescript-eslint/no-floating-promises': [
				'error',
				{ ignoreVoid: false, checkThenables: true }
			]
		}
	}
);
