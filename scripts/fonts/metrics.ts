// Writes src/lib/styles/fonts.css: the site's web fonts and, for each of them, a fallback face
// (a system font scaled and given the web font's vertical metrics) so that the swap from the
// fallback to the web font moves nothing on the page. See docs/typography.md.
//
// Run by hand after changing a font or a weight: `npx tsx scripts/fonts/metrics.ts`. It needs
// the fallback fonts of Debian's fonts-liberation and fonts-noto-core packages (their paths are
// below); the numbers it computes are committed with the CSS, so neither CI nor a build runs it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';

type Script = 'latin' | 'hebrew' | 'arabic';

interface WebFace {
	family: string;
	/** The Fontsource package the file comes from. */
	pkg: string;
	file: string;
	subset: Script;
	weight: number;
	/** The weights this face answers for (a range shows the face is used for the bold too). */
	weightRange?: string;
}

interface Fallback {
	/** Names for `local()`: full name and PostScript name, first the one most visitors have. */
	local: string[];
	/** The file this machine has of that font, to measure it. */
	path: string;
}

const LIBERATION = '/usr/share/fonts/truetype/liberation';
const NOTO = '/usr/share/fonts/truetype/noto';

/** A system family's regular and bold: `local()` names (full, then PostScript) and files. */
function system(
	regular: { local: string[]; file: string },
	bold: { local: string[]; file: string }
): Record<'regular' | 'bold', Fallback> {
	return {
		regular: { local: regular.local, path: regular.file },
		bold: { local: bold.local, path: bold.file }
	};
}

/** A Noto family as Debian installs it (fonts-noto-core). */
function noto(family: string): Record<'regular' | 'bold', Fallback> {
	const ps = family.replace(/ /g, '');
	return system(
		{ local: [`${family} Regular`, `${ps}-Regular`], file: `${NOTO}/${ps}-Regular.ttf` },
		{ local: [`${family} Bold`, `${ps}-Bold`], file: `${NOTO}/${ps}-Bold.ttf` }
	);
}

// Arial and Times New Roman have the same advance widths as Liberation Sans and Serif (which
// were drawn to match them), so one measurement serves Windows, macOS and most Linux desktops.
// Hebrew and Arabic have no such pair: their fallbacks are Noto (Android, Linux).
const FALLBACKS: Record<'sans' | 'serif', Record<Script, Record<'regular' | 'bold', Fallback>>> = {
	sans: {
		latin: system(
			{
				local: ['Arial', 'ArialMT', 'Liberation Sans', 'LiberationSans', 'Arimo'],
				file: `${LIBERATION}/LiberationSans-Regular.ttf`
			},
			{
				local: ['Arial Bold', 'Arial-BoldMT', 'Liberation Sans Bold', 'LiberationSans-Bold'],
				file: `${LIBERATION}/LiberationSans-Bold.ttf`
			}
		),
		hebrew: noto('Noto Sans Hebrew'),
		arabic: noto('Noto Sans Arabic')
	},
	serif: {
		latin: system(
			{
				local: ['Times New Roman', 'TimesNewRomanPSMT', 'Liberation Serif', 'LiberationSerif'],
				file: `${LIBERATION}/LiberationSerif-Regular.ttf`
			},
			{
				local: [
					'Times New Roman Bold',
					'TimesNewRomanPS-BoldMT',
					'Liberation Serif Bold',
					'LiberationSerif-Bold'
				],
				file: `${LIBERATION}/LiberationSerif-Bold.ttf`
			}
		),
		hebrew: noto('Noto Serif Hebrew'),
		arabic: noto('Noto Sans Arabic')
	}
};

const STYLE: Record<string, 'sans' | 'serif'> = {
	Heebo: 'sans',
	'Frank Ruhl Libre': 'serif',
	'Noto Naskh Arabic': 'serif'
};

// Every file the site serves. Weights: Heebo 400 and 600 (the interface; 600 also answers for
// bold), Frank Ruhl Libre 400 and 700 (headings, story text), Noto Naskh Arabic 400 and 700.
const FACES: WebFace[] = [
	...(['hebrew', 'latin'] as const).flatMap((subset) => [
		{ family: 'Heebo', pkg: 'heebo', file: `heebo-${subset}-400`, subset, weight: 400 },
		{
			family: 'Heebo',
			pkg: 'heebo',
			file: `heebo-${subset}-600`,
			subset,
			weight: 600,
			weightRange: '600 900'
		},
		{
			family: 'Frank Ruhl Libre',
			pkg: 'frank-ruhl-libre',
			file: `frank-ruhl-libre-${subset}-400`,
			subset,
			weight: 400
		},
		{
			family: 'Frank Ruhl Libre',
			pkg: 'frank-ruhl-libre',
			file: `frank-ruhl-libre-${subset}-700`,
			subset,
			weight: 700,
			weightRange: '600 900'
		}
	]),
	{
		family: 'Noto Naskh Arabic',
		pkg: 'noto-naskh-arabic',
		file: 'noto-naskh-arabic-arabic-400',
		subset: 'arabic',
		weight: 400
	},
	{
		family: 'Noto Naskh Arabic',
		pkg: 'noto-naskh-arabic',
		file: 'noto-naskh-arabic-arabic-700',
		subset: 'arabic',
		weight: 700,
		weightRange: '600 900'
	}
];

const root = process.cwd();

/** The unicode-range Fontsource gives this file, read from its own CSS. */
function unicodeRange(face: WebFace): string {
	const css = readFileSync(
		join(root, 'node_modules/@fontsource', face.pkg, `${face.weight}.css`),
		'utf8'
	);
	const block = css.split('/* ').find((b) => b.startsWith(`${face.file}-normal */`));
	const range = block?.match(/unicode-range:\s*([^;]+);/)?.[1];
	if (!range) throw new Error(`no unicode-range for ${face.file}`);
	return range.trim();
}

function parseRange(range: string): [number, number][] {
	return range.split(',').map((part) => {
		const [lo, hi] = part.trim().replace(/^U\+/i, '').split('-');
		return [Number.parseInt(lo ?? '', 16), Number.parseInt(hi ?? lo ?? '', 16)];
	});
}

// Sample text: every message of the site in the language that writes this script (the words
// the interface really shows: messages/{locale}.json and messages/<area>/{locale}.json),
// placeholders removed.
const SAMPLE_LANGUAGE: Record<Script, string> = { latin: 'en', hebrew: 'he', arabic: 'ar' };
function sample(script: Script): string {
	const locale = SAMPLE_LANGUAGE[script];
	const dir = join(root, 'messages');
	const files = [
		join(dir, `${locale}.json`),
		...readdirSync(dir, { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.map((entry) => join(dir, entry.name, `${locale}.json`))
	];
	return files
		.flatMap((file) => Object.values(JSON.parse(readFileSync(file, 'utf8')) as object))
		.filter((v): v is string => typeof v === 'string')
		.map((v) => v.replace(/\{[^}]*\}/g, ''))
		.join(' ');
}

/** Runs of the sample that this face draws (characters in its range that both fonts have). */
function runs(text: string, ranges: [number, number][], fonts: fontkit.Font[]): string[] {
	const out: string[] = [];
	let run = '';
	for (const ch of text) {
		const cp = ch.codePointAt(0) ?? 0;
		const inside =
			ranges.some(([lo, hi]) => cp >= lo && cp <= hi) &&
			fonts.every((f) => f.hasGlyphForCodePoint(cp));
		if (inside) run += ch;
		else if (run) {
			out.push(run);
			run = '';
		}
	}
	if (run) out.push(run);
	return out;
}

/** Width of the runs in ems, shaped (Arabic letters take their joined forms). */
function width(font: fontkit.Font, parts: string[]): number {
	let sum = 0;
	for (const part of parts) {
		for (const p of font.layout(part).positions) sum += p.xAdvance;
	}
	return sum / font.unitsPerEm;
}

/** The vertical metrics a browser uses for this font, in ems. */
function vertical(font: fontkit.Font) {
	const os2 = font['OS/2'];
	const typo = os2.fsSelection.useTypoMetrics;
	const ascent = typo ? os2.typoAscender : font.ascent;
	const descent = Math.abs(typo ? os2.typoDescender : font.descent);
	const lineGap = typo ? os2.typoLineGap : font.lineGap;
	return {
		ascent: ascent / font.unitsPerEm,
		descent: descent / font.unitsPerEm,
		lineGap: lineGap / font.unitsPerEm
	};
}

const pct = (n: number) => `${(n * 100).toFixed(2)}%`;

const blocks: string[] = [];
const table: string[] = [];
for (const face of FACES) {
	const url = `@fontsource/${face.pkg}/files/${face.file}-normal.woff2`;
	const web = fontkit.openSync(join(root, 'node_modules', url));
	const fallback =
		FALLBACKS[STYLE[face.family] ?? 'sans'][face.subset][face.weight >= 600 ? 'bold' : 'regular'];
	const system = fontkit.openSync(fallback.path);
	const range = unicodeRange(face);
	const parts = runs(sample(face.subset), parseRange(range), [web, system]);
	const sizeAdjust = width(web, parts) / width(system, parts);
	const v = vertical(web);
	const weight = face.weightRange ?? String(face.weight);
	// The web font gets its own metrics as overrides too, so that every platform (Windows reads
	// other tables than Linux and macOS) lays it out alike — and alike with its fallback.
	blocks.push(`@font-face {
	font-family: '${face.family}';
	font-style: normal;
	font-weight: ${weight};
	font-display: swap;
	src: url('${url}') format('woff2');
	ascent-override: ${pct(v.ascent)};
	descent-override: ${pct(v.descent)};
	line-gap-override: ${pct(v.lineGap)};
	unicode-range: ${range};
}`);
	blocks.push(`@font-face {
	font-family: '${face.family} fallback';
	font-style: normal;
	font-weight: ${weight};
	src: ${fallback.local.map((name) => `local('${name}')`).join(', ')};
	size-adjust: ${pct(sizeAdjust)};
	ascent-override: ${pct(v.ascent / sizeAdjust)};
	descent-override: ${pct(v.descent / sizeAdjust)};
	line-gap-override: ${pct(v.lineGap / sizeAdjust)};
	unicode-range: ${range};
}`);
	table.push(
		`${face.file}: size-adjust ${pct(sizeAdjust)} against ${fallback.path.split('/').pop()} ` +
			`(${parts.join('').length} characters), ascent ${pct(v.ascent)}, descent ${pct(v.descent)}`
	);
}

const header = `/* Generated by scripts/fonts/metrics.ts — do not edit; run it again (docs/typography.md).
   Each web font comes with a "… fallback" face: a local system font scaled (size-adjust) to the
   web font's average width on the site's own words, with the web font's ascent, descent and line
   gap, so that swapping one for the other moves nothing on the page.
${table.map((line) => `   ${line}`).join('\n')} */`;

writeFileSync(join(root, 'src/lib/styles/fonts.css'), `${header}\n\n${blocks.join('\n\n')}\n`);
console.log(table.join('\n'));
