import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { listMemberships } from '$lib/server/people';
import { roleHome } from '$lib/role-home';
import { landingPage } from '$lib/server/landing';

export const load = (async (event) => {
	const user = requireUser(event);
	const all = await listMemberships(db(), user.id);
	const memberships = all.filter((ms) => !ms.initiativeArchivedAt);
	// Someone with one place to be goes straight there.
	const landing = await landingPage(db(), user);
	if (landing !== '/me') redirect(303, landing);
	return {
		memberships: memberships.map((ms) => ({
			role: ms.role,
			initiativeTitle: ms.initiativeTitle,
			href: roleHome(ms.role, ms.initiativeId)
		}))
	};
}) satisfies PageServerLoad;
