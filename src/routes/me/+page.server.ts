import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { listMemberships } from '$lib/server/people';
import { roleHome } from '$lib/role-home';
import { landingPage } from '$lib/server/landing';
import { listAllOwnStories } from '$lib/server/access';
import { dismissNotice, unreadNotices } from '$lib/server/notices';
import { field } from '$lib/server/forms';

export const load = (async (event) => {
	const user = requireUser(event);
	const all = await listMemberships(db(), user.id);
	const memberships = all.filter((ms) => !ms.initiativeArchivedAt);
	// Someone with one place to be goes straight there.
	const landing = await landingPage(db(), user);
	if (landing !== '/me') redirect(303, landing);
	const [notices, own] = await Promise.all([
		unreadNotices(db(), user.id),
		listAllOwnStories(db(), user)
	]);
	return {
		notices: notices.map((n) => ({
			id: n.id,
			kind: n.kind,
			createdAt: n.createdAt,
			initiativeTitle: n.initiativeTitle,
			role: typeof n.details.role === 'string' ? n.details.role : null,
			placements: typeof n.details.placements === 'string' ? n.details.placements : null,
			stories: typeof n.details.stories === 'number' ? n.details.stories : 0
		})),
		storyCount: own.length,
		memberships: memberships.map((ms) => ({
			role: ms.role,
			initiativeTitle: ms.initiativeTitle,
			href: roleHome(ms.role, ms.initiativeId)
		}))
	};
}) satisfies PageServerLoad;

export const actions = {
	dismiss: async (event) => {
		const user = requireUser(event);
		await dismissNotice(db(), user.id, field(await event.request.formData(), 'noticeId'));
		redirect(303, '/me');
	}
} satisfies Actions;
