import { isLocale, type Locale } from '$lib/localized';

// The pool's filters, read from the address (so they work without JavaScript and can be
// shared or bookmarked). Unknown values are ignored rather than refused.

export interface PoolFilters {
	role: string;
	theme: string;
	group: string;
	language: Locale | '';
}

export function readPoolFilters(
	params: URLSearchParams,
	known: { roleIds: string[]; themeIds: string[]; groupIds: string[] }
): PoolFilters {
	const pick = (name: string, allowed: string[]) => {
		const value = params.get(name) ?? '';
		return allowed.includes(value) ? value : '';
	};
	const language = params.get('language') ?? '';
	return {
		role: pick('role', known.roleIds),
		theme: pick('theme', known.themeIds),
		group: pick('group', known.groupIds),
		language: isLocale(language) ? language : ''
	};
}

export const isFiltered = (f: PoolFilters) => Boolean(f.role || f.theme || f.group || f.language);

/**
 * Whether a story passes the filters. A story relates to a theme or a working group through
 * the exhibitions it is proposed for or shown in (see relatedTo).
 */
export function passes(
	story: {
		roleTagIds: string[];
		language: Locale;
		themeIds: ReadonlySet<string>;
		groupIds: ReadonlySet<string>;
	},
	f: PoolFilters
): boolean {
	return (
		(!f.role || story.roleTagIds.includes(f.role)) &&
		(!f.language || story.language === f.language) &&
		(!f.theme || story.themeIds.has(f.theme)) &&
		(!f.group || story.groupIds.has(f.group))
	);
}

/**
 * The themes and working groups a story relates to: those of the exhibitions it is proposed
 * for or shown in. Declined and withdrawn requests do not count — a no is not a link.
 */
export function relatedTo(
	placements: { exhibitionId: string; status: string }[],
	links: ReadonlyMap<string, { themeIds: Set<string>; workingGroupIds: Set<string> }>
) {
	const themeIds = new Set<string>();
	const groupIds = new Set<string>();
	for (const p of placements) {
		if (p.status !== 'pending' && p.status !== 'approved') continue;
		const link = links.get(p.exhibitionId);
		link?.themeIds.forEach((id) => themeIds.add(id));
		link?.workingGroupIds.forEach((id) => groupIds.add(id));
	}
	return { themeIds, groupIds };
}
