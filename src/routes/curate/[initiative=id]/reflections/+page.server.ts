import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { pendingReflections } from '$lib/server/access/reflections';
import { moderateReflection } from '$lib/server/exhibitions/reflections';
import { field } from '$lib/server/forms';

// Moderation of visitors' reflections (docs/reflections.md): nothing a visitor writes is shown
// before a curator approves it.
export const load = (async (event) => {
	const { user, initiative } = await requireRole(event, event.params.initiative, CURATORS);
	return { pending: await pendingReflections(db(), user, initiative.id) };
}) satisfies PageServerLoad;

async function decide(
	request: Request,
	who: { user: { id: string }; initiative: { id: string } },
	decision: 'approved' | 'rejected'
) {
	const form = await request.formData();
	const result = await moderateReflection(
		db(),
		who.user.id,
		who.initiative.id,
		field(form, 'reflectionId'),
		decision
	);
	if (result === 'gone') return fail(409, { gone: true });
	return { decided: decision };
}

export const actions = {
	approve: async (event) =>
		decide(event.request, await requireRole(event, event.params.initiative, CURATORS), 'approved'),
	reject: async (event) =>
		decide(event.request, await requireRole(event, event.params.initiative, CURATORS), 'rejected')
} satisfies Actions;
