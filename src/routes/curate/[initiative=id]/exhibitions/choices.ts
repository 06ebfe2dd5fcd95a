import { db } from '$lib/server/db';
import { listThemes, listWorkingGroups } from '$lib/server/initiatives';

/** The working groups an exhibition can be shown to, and their themes it can inform. */
export async function exhibitionChoices(initiativeId: string) {
	const groups = await listWorkingGroups(db(), initiativeId);
	const themes = await listThemes(
		db(),
		groups.map((g) => g.id)
	);
	return {
		workingGroups: groups.map((g) => ({ id: g.id, title: g.title })),
		themeGroups: groups
			.map((g) => ({
				id: g.id,
				title: g.title,
				themes: themes
					.filter((t) => t.workingGroupId === g.id)
					.map((t) => ({ id: t.id, title: t.title, question: t.description }))
			}))
			.filter((g) => g.themes.length > 0)
	};
}
