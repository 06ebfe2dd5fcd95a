// The terms of a placement request: everything the request page shows a participant that
// someone else can change (docs/consent.md, "The terms"). The page carries them with the form;
// an approval stands for exactly these terms, and the consent event stores them.
import type { LocalizedText } from './localized';

export type TermsAudience = 'public' | 'partners' | 'working_group';
export type TermsSize = 'small' | 'medium' | 'large' | 'full';

export interface PlacementTerms {
	/** The shape of this object; a new shape gets a new number. */
	v: 1;
	exhibitionId: string;
	placementId: string;
	/** The exhibition's title, as the consent words quote it. */
	title: LocalizedText;
	audience: TermsAudience;
	/** Sorted. Only for the working-group audience (empty otherwise). */
	workingGroupIds: string[];
	/** Sorted: the themes this story will be said to inform. */
	themeIds: string[];
	sectionId: string | null;
	size: TermsSize;
	/** When the exhibition ends (ms since the epoch), if it has a date. */
	endsAt: number | null;
	/** The story's photos as the page showed them. */
	photos: { id: string; version: number }[];
	/** The name "my own name" stands for. */
	ownName: string;
}

export const TERM_KEYS = [
	'title',
	'audience',
	'workingGroupIds',
	'themeIds',
	'sectionId',
	'size',
	'endsAt',
	'photos',
	'ownName'
] as const;
export type TermKey = (typeof TERM_KEYS)[number];

/** One JSON text for the same terms, whatever order their keys were built in. */
export function canonicalTerms(terms: PlacementTerms): string {
	const sortKeys = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(sortKeys);
		if (value && typeof value === 'object')
			return Object.fromEntries(
				Object.keys(value)
					.sort()
					.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
					.map((k) => [k, sortKeys((value as Record<string, unknown>)[k])])
			);
		return value;
	};
	return JSON.stringify(sortKeys(terms));
}

/** Which terms differ between what was shown and what holds now. */
export function changedTerms(shown: PlacementTerms, now: PlacementTerms): TermKey[] {
	return TERM_KEYS.filter(
		(key) => JSON.stringify(sortedValue(shown[key])) !== JSON.stringify(sortedValue(now[key]))
	);
}

function sortedValue(value: unknown): unknown {
	if (value && typeof value === 'object' && !Array.isArray(value))
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>)
				.filter(([, v]) => v !== undefined && v !== '')
				.sort(([a], [b]) => a.localeCompare(b))
		);
	return value;
}

/** The terms as the form carries them (base64url of the canonical JSON). */
export function encodeTerms(terms: PlacementTerms): string {
	const bytes = new TextEncoder().encode(canonicalTerms(terms));
	let binary = '';
	for (const b of bytes) binary += String.fromCharCode(b);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The terms a form carried back, or null when they are not terms at all. */
export function decodeTerms(encoded: string): PlacementTerms | null {
	if (!encoded || encoded.length > 20_000 || !/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
	try {
		const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
		const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
		const value = JSON.parse(new TextDecoder().decode(bytes)) as PlacementTerms;
		if (!value || typeof value !== 'object' || value.v !== 1) return null;
		if (!Array.isArray(value.workingGroupIds) || !Array.isArray(value.themeIds)) return null;
		if (!Array.isArray(value.photos)) return null;
		return value;
	} catch {
		return null;
	}
}
