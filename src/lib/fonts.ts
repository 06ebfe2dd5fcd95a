// The fonts the first screen of a page needs, per language, for <link rel="preload"> in the
// root layout. Only one or two small files each (docs/typography.md): the rest of the faces in
// src/lib/styles/fonts.css load when text needs them, with metric-matched fallbacks meanwhile.
// The `?url` imports are the same hashed, immutable files that fonts.css refers to.
import type { Locale } from '$lib/localized';
import heeboHebrew400 from '@fontsource/heebo/files/heebo-hebrew-400-normal.woff2?url';
import heeboLatin400 from '@fontsource/heebo/files/heebo-latin-400-normal.woff2?url';
import frankRuhlHebrew700 from '@fontsource/frank-ruhl-libre/files/frank-ruhl-libre-hebrew-700-normal.woff2?url';
import frankRuhlLatin700 from '@fontsource/frank-ruhl-libre/files/frank-ruhl-libre-latin-700-normal.woff2?url';
import naskhArabic400 from '@fontsource/noto-naskh-arabic/files/noto-naskh-arabic-arabic-400-normal.woff2?url';

/** The interface's text face and the title's display face in the page's script. */
export const FIRST_SCREEN_FONTS: Record<Locale, readonly string[]> = {
	he: [heeboHebrew400, frankRuhlHebrew700],
	en: [heeboLatin400, frankRuhlLatin700],
	// Arabic's naskh is the largest file (about 52 KB): it alone, for both roles.
	ar: [naskhArabic400]
};
