// @ts-check
// The photo viewer of an exhibition or a story: one photo at a time, across the whole group
// of photos on the page. A plain file, no framework, no message catalogue: the server draws
// the dialog with its words (src/lib/components/exhibition/Lightbox.svelte) and marks each
// photo that opens it; this script only moves between them. Without it, a photo is a link (to
// its story's page, or to the image) or nothing more than a picture.
//
// Markup it reads:
//   [data-lightbox-group]            holds the photos and their dialog
//   dialog[data-lightbox]            data-dir (reading direction), data-position ("… {n} … {total}"),
//                                    data-count (the visible counter, "{n} of {total}" in words)
//   [data-lightbox-photo]            a link or button holding a <picture>; data-caption
//   [data-lightbox-story]            around it: lang, dir, data-title, data-byline, data-href
(() => {
	/** @type {any} */
	const global = window;
	if (global.lightbox) return;

	/**
	 * @typedef {{ photos: HTMLElement[], index: number, opener: HTMLElement | null }} State
	 * @type {WeakMap<HTMLDialogElement, State>}
	 */
	const states = new WeakMap();

	/** @param {Element} el @param {string} selector */
	const within = (el, selector) => /** @type {HTMLElement | null} */ (el.querySelector(selector));

	/** @param {HTMLDialogElement} dialog */
	function draw(dialog) {
		const state = states.get(dialog);
		if (!state) return;
		const photo = state.photos[state.index];
		if (!photo) return;
		const story = /** @type {HTMLElement | null} */ (photo.closest('[data-lightbox-story]'));

		const image = within(dialog, '[data-lightbox-image]');
		const source = photo.querySelector('picture') ?? photo.querySelector('img');
		if (image && source) {
			const copy = /** @type {HTMLElement} */ (source.cloneNode(true));
			// The whole screen's width: the browser picks the larger file from the same srcset.
			for (const el of [copy, ...copy.querySelectorAll('source, img')])
				if (el.hasAttribute('sizes')) el.setAttribute('sizes', '100vw');
			for (const img of [copy, ...copy.querySelectorAll('img')])
				if (img instanceof HTMLImageElement) {
					img.loading = 'eager';
					img.removeAttribute('fetchpriority');
				}
			image.replaceChildren(copy);
		}

		// The caption's parts are changed in place: a focused link stays focused.
		const caption = within(dialog, '[data-lightbox-caption]');
		if (caption) {
			const parts = captionParts(caption);
			const lang = story?.getAttribute('lang');
			if (lang) caption.setAttribute('lang', lang);
			else caption.removeAttribute('lang');
			caption.setAttribute('dir', story?.getAttribute('dir') ?? 'auto');
			parts.text.textContent = photo.dataset.caption ?? '';
			parts.text.hidden = !photo.dataset.caption;
			const title = story?.dataset.title ?? '';
			const href = story?.dataset.href;
			parts.link.hidden = !href;
			if (href) parts.link.href = href;
			else parts.link.removeAttribute('href');
			parts.link.textContent = href ? title : '';
			parts.title.textContent = href ? '' : title;
			// The dash stays in the caption's direction, between the title and the byline.
			parts.dash.textContent = story?.dataset.byline ? ' — ' : '';
			parts.byline.textContent = story?.dataset.byline ?? '';
			// The byline is in the reader's language, inside a caption in the story's: its own
			// direction keeps "— By נוגה" whole (docs/bidi.md).
			parts.byline.setAttribute('dir', dialog.dataset.dir ?? 'auto');
			if (dialog.lang) parts.byline.setAttribute('lang', dialog.lang);
		}

		const n = String(state.index + 1);
		const total = String(state.photos.length);
		const count = within(dialog, '[data-lightbox-count]');
		/** @param {string | undefined} words */
		const fill = (words) => (words ?? '{n} · {total}').replace('{n}', n).replace('{total}', total);
		if (count) count.textContent = fill(dialog.dataset.count);
		const live = within(dialog, '[data-lightbox-live]');
		if (live) live.textContent = fill(dialog.dataset.position);
	}

	/**
	 * @param {HTMLElement} caption
	 * @returns {{ text: HTMLElement, link: HTMLAnchorElement, title: HTMLElement, dash: HTMLElement, byline: HTMLElement }}
	 */
	function captionParts(caption) {
		/** @type {any} */
		const known = caption;
		if (known.lightboxParts) return known.lightboxParts;
		const text = document.createElement('span');
		text.className = 'caption';
		const who = document.createElement('span');
		who.className = 'who';
		const link = document.createElement('a');
		const title = document.createElement('span');
		const dash = document.createElement('span');
		const byline = document.createElement('span');
		who.append(link, title, dash, byline);
		caption.replaceChildren(text, who);
		known.lightboxParts = { text, link, title, dash, byline };
		return known.lightboxParts;
	}

	/** @param {HTMLDialogElement} dialog @param {number} step */
	function go(dialog, step) {
		const state = states.get(dialog);
		if (!state || state.photos.length === 0) return;
		state.index = (state.index + step + state.photos.length) % state.photos.length;
		draw(dialog);
	}

	/** @param {HTMLDialogElement} dialog @param {number} at */
	function goTo(dialog, at) {
		const state = states.get(dialog);
		if (!state) return;
		state.index = Math.max(0, Math.min(at, state.photos.length - 1));
		draw(dialog);
	}

	/** Keyboard, buttons, swipe and backdrop, wired once per dialog. @param {HTMLDialogElement} dialog */
	function wire(dialog) {
		if (dialog.dataset.lightboxWired) return;
		dialog.dataset.lightboxWired = '';
		const rtl = () => (dialog.dataset.dir ?? document.documentElement.dir) === 'rtl';

		// On the document, not the dialog: a key pressed while focus fell out of it (to the body)
		// still belongs to the open viewer.
		document.addEventListener('keydown', (event) => {
			if (!dialog.open || event.altKey || event.ctrlKey || event.metaKey) return;
			// Arrows follow the reading direction: in Hebrew and Arabic, left is forward.
			const forward = rtl() ? 'ArrowLeft' : 'ArrowRight';
			const back = rtl() ? 'ArrowRight' : 'ArrowLeft';
			if (event.key === forward) go(dialog, 1);
			else if (event.key === back) go(dialog, -1);
			else if (event.key === 'Home') goTo(dialog, 0);
			else if (event.key === 'End') goTo(dialog, Infinity);
			else return;
			event.preventDefault();
		});

		dialog.addEventListener('click', (event) => {
			// Clicking the backdrop (outside the content) closes, as a visitor would expect.
			if (event.target === dialog) return dialog.close();
			const target = /** @type {Element} */ (event.target);
			const button = /** @type {HTMLElement | null} */ (target.closest('[data-lightbox-step]'));
			if (button) go(dialog, Number(button.dataset.lightboxStep) || 0);
		});

		const frame = within(dialog, '.frame');
		/** @type {number | null} */
		let startX = null;
		frame?.addEventListener('pointerdown', (event) => {
			if (event.isPrimary) startX = event.clientX;
		});
		frame?.addEventListener('pointerup', (event) => {
			if (startX === null) return;
			const dx = event.clientX - startX;
			startX = null;
			if (Math.abs(dx) < 50) return;
			// Swiping against the reading direction brings the next photo.
			go(dialog, (rtl() ? dx > 0 : dx < 0) ? 1 : -1);
		});
		frame?.addEventListener('dragstart', (event) => event.preventDefault());

		dialog.addEventListener('close', () => {
			const state = states.get(dialog);
			// Focus goes back to the photo that opened the viewer.
			if (state?.opener?.isConnected) state.opener.focus();
			within(dialog, '[data-lightbox-image]')?.replaceChildren();
		});
	}

	/** @param {HTMLElement} photo */
	function open(photo) {
		const group = photo.closest('[data-lightbox-group]');
		const dialog = group?.querySelector('dialog[data-lightbox]');
		if (!(dialog instanceof HTMLDialogElement) || typeof dialog.showModal !== 'function')
			return false;
		const photos = /** @type {HTMLElement[]} */ ([
			...(group?.querySelectorAll('[data-lightbox-photo]') ?? [])
		]);
		const index = photos.indexOf(photo);
		if (index === -1) return false;
		wire(dialog);
		states.set(dialog, { photos, index, opener: photo });
		draw(dialog);
		if (!dialog.open) dialog.showModal();
		return true;
	}

	// Capture phase: before a router's own click handler takes the link.
	window.addEventListener(
		'click',
		(event) => {
			if (event.defaultPrevented || event.button !== 0) return;
			if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
			const target = /** @type {Element | null} */ (event.target);
			const photo = /** @type {HTMLElement | null} */ (target?.closest?.('[data-lightbox-photo]'));
			if (photo && open(photo)) event.preventDefault();
		},
		true
	);

	global.lightbox = { arm() {} };
})();
