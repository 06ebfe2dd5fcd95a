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
 * Whether a story passes the filters. A story relates to a theme through the placements that
 * say it informs that theme, and to a working group through those themes and the exhibitions
 * shown to the group (see relatedTo).
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
 * The themes and working groups a story relates to, through its placements that are asked or
 * shown: the themes each says the story informs (the link its participant is asked to agree
 * to), their working groups, and the groups an exhibition is shown to. Declined and withdrawn
 * requests do not count — a no is not a link.
 */
export function relatedTo(
	placements: { id: string; exhibitionId: string; status: string }[],
	themesOf: ReadonlyMap<string, { themeId: string; workingGroupId: string }[]>,
	exhibitions: ReadonlyMap<string, { audienceGroupIds: Set<string> }>
) {
	const themeIds = new Set<string>();
	const groupIds = new Set<string>();
	for (const p of placements) {
		if (p.status !== 'pending' && p.status !== 'approved') continue;
		for (const t of themesOf.get(p.id) ?? []) {
			themeIds.add(t.themeId);
			groupIds.add(t.workingGroupId);
		}
		exhibitions.get(p.exhibitionId)?.audienceGroupIds.forEach((id) => groupIds.add(id));
	}
	return { themeIds, groupIds };
}
