// access: public — a theme of the common agenda, with only the exhibitions and stories this
// viewer may see (each through the access gate), and of those only the stories whose
// placement informs the theme (docs/consent.md). The responses that concern the theme are
// shown only to signed-in viewers the response gate lets see them, never to anonymous
// visitors (docs/knowledge-returns.md); the page cache keeps only anonymous answers.
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { visitTheme } from '$lib/server/exhibitions/visit';
import { requestedPage } from '$lib/server/paging';
import { listResponses } from '$lib/server/access';
import { presentResponse } from '$lib/server/responses/present';

export const load = (async ({ params, locals, setHeaders, url }) => {
	const page = await visitTheme(
		locals.user,
		params.theme,
		locals.locale,
		setHeaders,
		requestedPage(url.searchParams)
	);
	const views = locals.user
		? await listResponses(db(), locals.user, { themeId: params.theme })
		: [];
	return {
		...page,
		responses: views.map((v) => ({
			...presentResponse(v),
			href:
				v.asOwner && v.response.subject === 'story' && v.story
					? `/participate/${v.response.initiativeId}/stories/${v.story.id}/responses`
					: `/partner/${v.response.initiativeId}/responses/${v.response.id}`
		}))
	};
}) satisfies PageServerLoad;
