import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// No inline script may run: SvelteKit's own bootstrap script gets a hash (not a nonce: a page
		// kept in the page cache is the same bytes for every visitor; docs/performance.md).
		// Inline styles stay allowed for style attributes (layout sizes, placeholders).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'media-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'frame-src': ['none'],
				'worker-src': ['self']
			}
		},
		// Form posts from other origins are refused: no origin is trusted besides our own.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
