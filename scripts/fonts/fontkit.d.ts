// The few parts of fontkit (a devDependency) that scripts/fonts/metrics.ts reads.
declare module 'fontkit' {
	export interface Font {
		unitsPerEm: number;
		ascent: number;
		descent: number;
		lineGap: number;
		'OS/2': {
			typoAscender: number;
			typoDescender: number;
			typoLineGap: number;
			winAscent: number;
			winDescent: number;
			fsSelection: { useTypoMetrics?: boolean };
		};
		hasGlyphForCodePoint(codePoint: number): boolean;
		layout(text: string): { positions: { xAdvance: number }[] };
		getVariation(settings: Record<string, number>): Font;
	}
	export function openSync(path: string): Font;
}
