// Dragging a story card by its handle, with pointer events: mouse, pen and touch alike (the
// HTML drag-and-drop API does nothing on touch screens). Sections are the drop zones
// (`data-dropzone="<section id>"`), cards carry `data-placement="<placement id>"`, and the pool
// panel's stories `data-pool-story="<story id>"` (dragged in, they are proposed). The card
// follows the pointer; where it would land is reported as it moves; Escape puts it back.
// Keyboard and screen-reader users have the move buttons on every card and the propose form
// on every pool story instead (docs/board.md).
import type { Action } from 'svelte/action';

export interface DropTarget {
	sectionId: string;
	/** Position in the section, counted without the dragged story. */
	index: number;
}

export interface DragOptions {
	/** The placement dragged, or the pool story (never a placement's id, so no card is skipped). */
	placementId: string;
	onstart: () => void;
	/** Where the card would land now (null: nowhere, it would go back). */
	onover: (target: DropTarget | null) => void;
	ondrop: (target: DropTarget | null) => void;
}

const THRESHOLD = 6;
const EDGE = 64;

/** The section under (or nearest to) the point, and the position among its cards. */
export function dropTargetAt(x: number, y: number, placementId: string): DropTarget | null {
	const zones = [...document.querySelectorAll<HTMLElement>('[data-dropzone]')];
	let best: { zone: HTMLElement; distance: number } | null = null;
	for (const zone of zones) {
		const r = zone.getBoundingClientRect();
		if (x < r.left - EDGE || x > r.right + EDGE) continue;
		const distance = y < r.top ? r.top - y : y > r.bottom ? y - r.bottom : 0;
		if (!best || distance < best.distance) best = { zone, distance };
	}
	if (!best || best.distance > EDGE * 2) return null;
	const cards = [...best.zone.querySelectorAll<HTMLElement>('[data-placement]')].filter(
		(card) => card.dataset.placement !== placementId
	);
	// Cards stand in rows, in the reading direction: the first card below the pointer's row,
	// or in its row past the pointer (its middle beyond it), is the one the story lands before.
	const rtl = getComputedStyle(best.zone).direction === 'rtl';
	let index = cards.findIndex((card) => {
		const r = card.getBoundingClientRect();
		if (y < r.top) return true;
		if (y > r.bottom) return false;
		const middle = r.left + r.width / 2;
		return rtl ? x > middle : x < middle;
	});
	if (index === -1) index = cards.length;
	return { sectionId: best.zone.dataset.dropzone ?? '', index };
}

export const draggable: Action<HTMLElement, DragOptions> = (handle, initial) => {
	let options = initial;
	let drag: {
		pointerId: number;
		card: HTMLElement;
		startX: number;
		startY: number;
		startScroll: number;
		x: number;
		y: number;
		started: boolean;
		target: DropTarget | null;
		frame: number;
	} | null = null;

	function place() {
		if (!drag) return;
		const dx = drag.x - drag.startX;
		const dy = drag.y - drag.startY + (window.scrollY - drag.startScroll);
		drag.card.style.transform = `translate(${dx}px, ${dy}px)`;
		drag.target = dropTargetAt(drag.x, drag.y, options.placementId);
		options.onover(drag.target);
	}

	// Near the top or bottom of the window, the page scrolls so that any section can be reached.
	function scrollLoop() {
		if (!drag?.started) return;
		const speed =
			drag.y < EDGE
				? -Math.ceil((EDGE - drag.y) / 4)
				: drag.y > window.innerHeight - EDGE
					? Math.ceil((drag.y - (window.innerHeight - EDGE)) / 4)
					: 0;
		if (speed !== 0) {
			window.scrollBy(0, speed);
			place();
		}
		drag.frame = requestAnimationFrame(scrollLoop);
	}

	function finish(drop: boolean) {
		if (!drag) return;
		const { card, started, target, pointerId, frame } = drag;
		drag = null;
		cancelAnimationFrame(frame);
		if (handle.hasPointerCapture(pointerId)) handle.releasePointerCapture(pointerId);
		window.removeEventListener('keydown', onkeydown, true);
		document.documentElement.classList.remove('dragging-story');
		card.classList.remove('dragging');
		card.style.transform = '';
		if (started) options.ondrop(drop ? target : null);
	}

	function onkeydown(event: KeyboardEvent) {
		if (event.key === 'Escape') {
			event.preventDefault();
			event.stopPropagation();
			finish(false);
		}
	}

	function onpointerdown(event: PointerEvent) {
		if (drag || !event.isPrimary || (event.pointerType === 'mouse' && event.button !== 0)) return;
		const card = handle.closest<HTMLElement>('[data-placement], [data-pool-story]');
		if (!card) return;
		event.preventDefault();
		handle.setPointerCapture(event.pointerId);
		drag = {
			pointerId: event.pointerId,
			card,
			startX: event.clientX,
			startY: event.clientY,
			startScroll: window.scrollY,
			x: event.clientX,
			y: event.clientY,
			started: false,
			target: null,
			frame: 0
		};
	}

	function onpointermove(event: PointerEvent) {
		if (!drag || event.pointerId !== drag.pointerId) return;
		drag.x = event.clientX;
		drag.y = event.clientY;
		if (!drag.started) {
			if (Math.hypot(drag.x - drag.startX, drag.y - drag.startY) < THRESHOLD) return;
			drag.started = true;
			drag.card.classList.add('dragging');
			document.documentElement.classList.add('dragging-story');
			window.addEventListener('keydown', onkeydown, true);
			options.onstart();
			drag.frame = requestAnimationFrame(scrollLoop);
		}
		place();
	}

	function onpointerup(event: PointerEvent) {
		if (drag && event.pointerId === drag.pointerId) finish(true);
	}

	function onpointercancel(event: PointerEvent) {
		if (drag && event.pointerId === drag.pointerId) finish(false);
	}

	handle.addEventListener('pointerdown', onpointerdown);
	handle.addEventListener('pointermove', onpointermove);
	handle.addEventListener('pointerup', onpointerup);
	handle.addEventListener('pointercancel', onpointercancel);
	handle.addEventListener('lostpointercapture', onpointercancel);
	return {
		update(next) {
			options = next;
		},
		destroy() {
			finish(false);
			handle.removeEventListener('pointerdown', onpointerdown);
			handle.removeEventListener('pointermove', onpointermove);
			handle.removeEventListener('pointerup', onpointerup);
			handle.removeEventListener('pointercancel', onpointercancel);
			handle.removeEventListener('lostpointercapture', onpointercancel);
		}
	};
};
