import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { CURATORS, requireRole } from '$lib/server/auth/guards';
import { getExhibition } from '$lib/server/exhibitions';
import { saveTexts } from '$lib/server/exhibitions/arrange';
import { AutosaveRequest, jsonBody, sameOrigin } from '../schema';

const NO_STORE = { 'Cache-Control': 'private, no-store' };

/**
 * Saves the words of the exhibition (title, introduction) or of one section (title, text)
 * while the curator types. Words only: the audience, which asks participants again when it
 * widens, changes only through the details form.
 */
export const POST: RequestHandler = async (event) => {
	const { initiative } = await requireRole(event, event.params.initiative, CURATORS);
	if (!sameOrigin(event)) return json({ problem: 'autosave_forbidden' }, { status: 403 });
	const input = v.safeParse(AutosaveRequest, await jsonBody(event.request));
	if (!input.success) {
		// Too long or control characters: the message says which limit; anything else is invalid.
		const said = input.issues.find((i) => /^text_/.test(i.message))?.message;
		return json({ problem: said ?? 'autosave_invalid' }, { status: 400, headers: NO_STORE });
	}
	const { sectionId, title, description } = input.output;
	const result = await db().transaction(async (tx) => {
		const exhibition = await getExhibition(tx, initiative.id, event.params.exhibition);
		if (!exhibition) return undefined;
		return saveTexts(
			tx,
			exhibition,
			sectionId
				? { kind: 'section', sectionId, title, body: description }
				: { kind: 'exhibition', title, introduction: description }
		);
	});
	if (!result) return json({ problem: 'autosave_not_found' }, { status: 404, headers: NO_STORE });
	if (result !== 'ok') return json({ problem: result }, { status: 422, headers: NO_STORE });
	return json({ savedAt: new Date().toISOString() }, { headers: NO_STORE });
};
