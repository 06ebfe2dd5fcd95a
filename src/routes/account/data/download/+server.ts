import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { requireUser } from '$lib/server/auth/guards';
import { startExport } from '$lib/server/export';
import { field } from '$lib/server/forms';

// A form post, not a link: another site can neither start it (SvelteKit refuses form posts
// from other origins, and the session cookie is SameSite=Lax) nor save a person's photos on
// their device behind their back.
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const form = await event.request.formData().catch(() => null);
	const part = Number((form && field(form, 'part')) || '1');
	if (!Number.isInteger(part) || part < 1 || part > 1000) redirect(303, '/account/data');
	const started = await startExport(db(), user, {
		locale: event.locals.locale,
		timeZone: config().timeZone,
		part
	});
	if (started.kind === 'busy') redirect(303, '/account/data?problem=busy');
	if (started.kind === 'no_such_part') redirect(303, '/account/data?problem=changed');
	return new Response(started.body, {
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': `attachment; filename="${started.fileName}"`,
			'Cache-Control': 'private, no-store',
			'X-Content-Type-Options': 'nosniff'
		}
	});
};
