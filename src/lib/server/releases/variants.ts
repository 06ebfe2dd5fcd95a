// Which marked people a file hides (docs/releases.md, "Variants"). Pure functions: the gate,
// the renderer and the tests share them, so the rule exists once.
//
// A variant is named by the ids of the people it hides, sorted and joined by '.'; '' hides
// nobody. The rule the gate keeps: a file is served for an audience only if its variant hides
// at least every person whose release does not cover that audience. The variant that hides
// everyone marked (the photo's `people_key`) exists for every version from the moment a person
// is marked (it is written in the same transaction), so there is always one to serve.
import type { Audience, ReleaseState } from '../db/schema';
import type { Framing, Rect, RedactionStyle } from '../../framing';

export interface MarkedPerson {
	id: string;
	region: Rect;
	style: RedactionStyle;
	state: ReleaseState;
	audiences: Audience[];
}

/** Who looks: the owner sees their own photo whole; 'strictest' hides every marked person. */
export type Looker = { audience: Audience } | 'owner' | 'strictest';

export const variantKey = (ids: Iterable<string>): string => [...new Set(ids)].sort().join('.');

export const variantIds = (key: string): string[] => (key === '' ? [] : key.split('.'));

/** Whether this person's release lets them be seen by this audience. */
export function released(person: Pick<MarkedPerson, 'state' | 'audiences'>, audience: Audience) {
	return person.state === 'agreed' && person.audiences.includes(audience);
}

/** The people who must be hidden from this looker. */
export function mustHide(people: readonly MarkedPerson[], looker: Looker): string[] {
	if (looker === 'owner') return [];
	if (looker === 'strictest') return people.map((p) => p.id);
	return people.filter((p) => !released(p, looker.audience)).map((p) => p.id);
}

/**
 * The variant to serve from those that exist: the one that hides the fewest people among those
 * that hide everyone who must be hidden. Undefined when none does (then nothing is served).
 */
export function pickVariant(
	available: Iterable<string>,
	people: readonly MarkedPerson[],
	looker: Looker
): string | undefined {
	const needed = mustHide(people, looker);
	let best: { key: string; size: number } | undefined;
	for (const key of new Set(available)) {
		const hidden = new Set(variantIds(key));
		if (!needed.every((id) => hidden.has(id))) continue;
		if (!best || hidden.size < best.size) best = { key, size: hidden.size };
	}
	return best?.key;
}

/** Every variant the photo's files should exist in: nobody hidden, everybody, and each audience's. */
export function neededVariants(
	people: readonly MarkedPerson[],
	audiences: readonly Audience[]
): string[] {
	const keys = new Set<string>(['', variantKey(people.map((p) => p.id))]);
	for (const audience of audiences) keys.add(variantKey(mustHide(people, { audience })));
	return [...keys];
}

/** The framing a variant is rendered with: the participant's, plus a hidden area per person. */
export function framingOf(framing: Framing, people: readonly MarkedPerson[], key: string): Framing {
	const hidden = new Set(variantIds(key));
	const extra = people
		.filter((p) => hidden.has(p.id))
		.map((p) => ({ ...p.region, style: p.style }));
	if (extra.length === 0) return framing;
	return { ...framing, redactions: [...framing.redactions, ...extra] };
}

/** A short, stable name for a variant in storage keys and ETags ('' stays ''). */
export function variantTag(key: string): string {
	if (key === '') return '';
	let h = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
	return `v${h.toString(36)}${variantIds(key).length}`;
}
