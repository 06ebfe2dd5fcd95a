// access: public — anyone may choose the language the site speaks to them.
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { isLocale } from '$lib/localized';
import { LOCALE_COOKIE } from '$lib/server/locale';
import { field, safeRedirect } from '$lib/server/forms';

export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	const locale = field(form, 'locale');
	if (isLocale(locale)) {
		cookies.set(LOCALE_COOKIE, locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 400
		});
	}
	redirect(303, safeRedirect(field(form, 'redirectTo')));
};
