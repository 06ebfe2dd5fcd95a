// @ts-check
// The print catalogue's button (src/routes/exhibitions/[slug=slug]/print): every photo decoded
// first, so that none is missing from the paper, then the browser's print dialog. The impact
// report (src/routes/curate/[initiative=id]/impact) uses the same button, without photos.
// Without this script the button stays hidden and the page says to use the browser's print
// command.
(() => {
	/** @type {any} */
	const global = window;
	const arm = () => {
		for (const button of document.querySelectorAll('[data-print][hidden]'))
			button.removeAttribute('hidden');
	};
	if (global.printCatalogue) return global.printCatalogue.arm();

	document.addEventListener('click', (event) => {
		const target = /** @type {Element | null} */ (event.target);
		if (!target?.closest?.('[data-print]')) return;
		const images = Array.from(document.querySelectorAll('.catalogue img'));
		Promise.all(
			images.map((img) => /** @type {HTMLImageElement} */ (img).decode().catch(() => undefined))
		).then(() => window.print());
	});

	global.printCatalogue = { arm };
	arm();
})();
