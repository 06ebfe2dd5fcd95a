// @ts-check
// Quick exit (docs/safety.md): one click on the control, or Escape pressed twice within
// 1.5 s, ends the session with a beacon and replaces this page with the neutral site, so that
// Back does not return here. A plain file, no framework: it runs the same on pages the server
// draws alone (exhibitions, stories, themes) and on pages Svelte hydrates. The control is a
// plain link to the neutral site until this runs; `data-armed` says it has.
(() => {
	const SELECTOR = 'a[data-quick-exit]';

	function arm() {
		for (const link of document.querySelectorAll(SELECTOR)) link.setAttribute('data-armed', '');
	}

	/** @type {{ arm: () => void } | undefined} */
	const installed = /** @type {any} */ (window).quickExit;
	if (installed) {
		// Loaded again (a page drawn in the browser added the control): listeners stay single.
		installed.arm();
		return;
	}

	/** @param {string} url */
	function leave(url) {
		// End the session on the way out, so that reopening the site shows nothing personal;
		// the answer also clears what the site stored in this browser (Clear-Site-Data).
		try {
			navigator.sendBeacon('/logout?quick');
		} catch {
			// leaving matters more than logging out
		}
		// replace(): the neutral site takes this page's place in history, so Back skips it.
		location.replace(url);
	}

	/** The control on this page now, if any: pages without it have no quick exit. */
	function control() {
		return /** @type {HTMLAnchorElement | null} */ (document.querySelector(SELECTOR));
	}

	// Capture phase: before any other click handler (a router) can act on the link.
	window.addEventListener(
		'click',
		(event) => {
			const target = /** @type {Element | null} */ (event.target);
			const link = target?.closest?.(SELECTOR);
			if (!(link instanceof HTMLAnchorElement)) return;
			event.preventDefault();
			event.stopPropagation();
			leave(link.href);
		},
		true
	);

	let lastEscape = 0;
	window.addEventListener(
		'keydown',
		(event) => {
			if (event.key !== 'Escape') return;
			const link = control();
			if (!link) return;
			const now = Date.now();
			if (now - lastEscape < 1500) leave(link.href);
			else lastEscape = now;
		},
		true
	);

	/** @type {any} */ (window).quickExit = { arm };
	arm();
})();
