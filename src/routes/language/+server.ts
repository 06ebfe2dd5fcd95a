// access: public — anyone may choose the language the site speaks to them.
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { isLocale } from '$lib/localized';
import { rememberLocale } from '$lib/server/locale';
import { field, safeRedirect } from '$lib/server/forms';

export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	const locale = field(form, 'locale');
	if (isLocale(locale)) {
		rememberLocale(cookies, locale, url.protocol === 'https:');
	}
	redirect(303, safeRedirect(field(form, 'redirectTo')));
};
