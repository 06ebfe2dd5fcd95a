// The exact words of a release, in the page's language (docs/releases.md): the same function
// makes the words shown and the words recorded with an agreement.
import { m } from '$lib/paraglide/messages';
import type { Audience } from '../db/schema';
import type { Locale } from '../../localized';
import { isolate } from '../../bidi';

export function releaseWords(widest: Audience, initiative: string, locale: Locale): string {
	const o = { locale };
	switch (widest) {
		case 'public':
			return m.release_words_public({ initiative: isolate(initiative) }, o);
		case 'partners':
			return m.release_words_partners({ initiative: isolate(initiative) }, o);
		case 'working_group':
			return m.release_words_working_group({ initiative: isolate(initiative) }, o);
	}
}
