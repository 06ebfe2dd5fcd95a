// Which marked people a file hides (docs/releases.md, "Variants"). Pure functions: the gate,
// the renderer and the tests share them, so the rule exists once.
//
// A variant is named by the ids of the people it hides, sorted and joined by '.', after the
// level of stricter framing it was rendered with and a ':' when it has one ('' hides nobody
// and adds nothing; 'public:' is the public's framing hiding nobody). The rule the gate keeps:
// a file is served for an audience only if its variant hides at least every person whose
// release does not cover that audience, with at least that audience's stricter framing
// (src/lib/stricter.ts). The strictest variant — every layer, everyone marked hidden, the
// photo's `people_key` — exists for every version from the moment it is needed (it is written
// in the same transaction), so there is always one to serve.
import type { Audience, ReleaseState } from '../db/schema';
import type { Framing, Rect, RedactionStyle } from '../../framing';
import {
	effectiveFraming,
	isStricterAudience,
	levelFor,
	rankOf,
	strictestLevel,
	type Level,
	type Stricter
} from '../../stricter';

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

/** The key of the variant with these layers that hides these people. */
export const makeVariant = (level: Level, ids: Iterable<string>): string =>
	level === '' ? variantKey(ids) : `${level}:${variantKey(ids)}`;

/** The level and the people of a variant's key. */
export function parseVariant(key: string): { level: Level; ids: string[] } {
	const colon = key.indexOf(':');
	const prefix = colon < 0 ? '' : key.slice(0, colon);
	const rest = colon < 0 ? key : key.slice(colon + 1);
	return {
		level: isStricterAudience(prefix) ? prefix : '',
		ids: rest === '' ? [] : rest.split('.')
	};
}

export const variantIds = (key: string): string[] => parseVariant(key).ids;

/** The variant the gate can always serve: every layer, everyone marked hidden. */
export const strictestVariant = (people: readonly { id: string }[], stricter: Stricter): string =>
	makeVariant(
		strictestLevel(stricter),
		people.map((p) => p.id)
	);

/** The layers a looker must get at least. */
export function levelOf(stricter: Stricter, looker: Looker): Level {
	if (looker === 'owner') return '';
	if (looker === 'strictest') return strictestLevel(stricter);
	return levelFor(stricter, looker.audience);
}

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
 * The variant to serve from those that exist: among those with at least the looker's layers
 * that hide everyone who must be hidden, the one with the fewest layers, then the fewest people
 * hidden. Undefined when none does (then nothing is served).
 */
export function pickVariant(
	available: Iterable<string>,
	people: readonly MarkedPerson[],
	looker: Looker,
	stricter: Stricter
): string | undefined {
	const needed = mustHide(people, looker);
	const least = rankOf(levelOf(stricter, looker));
	let best: { key: string; rank: number; size: number } | undefined;
	for (const key of new Set(available)) {
		const { level, ids } = parseVariant(key);
		const rank = rankOf(level);
		if (rank < least) continue;
		const hidden = new Set(ids);
		if (!needed.every((id) => hidden.has(id))) continue;
		if (!best || rank < best.rank || (rank === best.rank && hidden.size < best.size))
			best = { key, rank, size: hidden.size };
	}
	return best?.key;
}

/**
 * Every variant the photo's files should exist in: the owner's (nothing hidden, no layer), the
 * strictest, and each audience's.
 */
export function neededVariants(
	people: readonly MarkedPerson[],
	audiences: readonly Audience[],
	stricter: Stricter
): string[] {
	const keys = new Set<string>(['', strictestVariant(people, stricter)]);
	for (const audience of audiences)
		keys.add(makeVariant(levelFor(stricter, audience), mustHide(people, { audience })));
	return [...keys];
}

/**
 * The framing a variant is rendered with: the participant's, narrowed by the variant's layers,
 * plus a hidden area per person it hides.
 */
export function framingOf(
	framing: Framing,
	people: readonly MarkedPerson[],
	key: string,
	stricter: Stricter
): Framing {
	const { level, ids } = parseVariant(key);
	const layered = effectiveFraming(framing, stricter, level);
	const hidden = new Set(ids);
	const extra = people
		.filter((p) => hidden.has(p.id))
		.map((p) => ({ ...p.region, style: p.style }));
	if (extra.length === 0) return layered;
	return { ...layered, redactions: [...layered.redactions, ...extra] };
}

/** A short, stable name for a variant in storage keys and ETags ('' stays ''). */
export function variantTag(key: string): string {
	if (key === '') return '';
	let h = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
	return `v${h.toString(36)}${variantIds(key).length}`;
}
