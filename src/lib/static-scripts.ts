/**
 * The small scripts in static/js/ enhance pages the server draws alone (no Svelte in the
 * browser there: `csr = false`). A component that uses one puts it in <svelte:head> for the
 * server's page and calls this from onMount for a page drawn in the browser. Each script
 * installs its listeners once and re-arms when loaded again (see static/js/*.js).
 */
export function loadScript(src: string) {
	const known = window as unknown as Record<string, { arm?: () => void } | undefined>;
	const name = SCRIPT_GLOBALS[src];
	const installed = name ? known[name] : undefined;
	if (installed?.arm) {
		installed.arm();
		return;
	}
	const script = document.createElement('script');
	script.src = src;
	script.defer = true;
	document.head.append(script);
}

const SCRIPT_GLOBALS: Record<string, string> = {
	'/js/quick-exit.js': 'quickExit',
	'/js/lightbox.js': 'lightbox',
	'/js/print.js': 'printCatalogue'
};
