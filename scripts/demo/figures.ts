// The people in the demo's pictures, drawn from shapes and gradients like everything else in
// them: a head and shoulders, facing the viewer. They are invented (nobody sat for them), but
// drawn with the light and shade of a face — brows and eyes darker than the forehead and
// cheeks, a shadow under the nose and the lips — because the framing editor's face detector
// must find the one a demo participant has not framed yet (tests/unit/demo-faces.test.ts).
import { linear, radial, round, type Rect } from './svg';

export interface Figure {
	/** A prefix for the figure's gradient ids, unique in its picture. */
	id: string;
	/** The middle of the face, in the scene's units. */
	cx: number;
	cy: number;
	/** The face's width, in the scene's units. */
	size: number;
	skin: string;
	/** The skin in shadow: cheeks' edges, neck, ears. */
	shade: string;
	hair: string;
	/** Short hair, hair tied back, or grey curls. */
	hairStyle: 'short' | 'back' | 'curls';
	clothes: string;
	eyes?: string;
	brows?: string;
	lips?: string;
	glasses?: boolean;
	/** A cap with a peak (a uniform), over short hair. */
	cap?: string;
}

const SHOULDERS = 'M-230 380 C -226 250 -150 190 -56 178 L 56 178 C 150 190 226 250 230 380 Z';

/** The figure's gradients, for the scene's <defs>. */
export function figureDefs(f: Figure): string {
	return [
		radial(
			`${f.id}-skin`,
			[
				[0, f.skin],
				[0.7, f.skin],
				[1, f.shade]
			],
			0.5,
			0.4,
			0.62
		),
		linear(`${f.id}-dusk`, [
			[0, '#000', 0],
			[1, '#000', 0.3]
		]),
		radial(
			`${f.id}-socket`,
			[
				[0, f.shade, 0.7],
				[1, f.shade, 0]
			],
			0.5,
			0.5,
			0.5
		)
	].join('');
}

/**
 * Head and shoulders, drawn in a 200-unit box around the face's middle and scaled to `size`.
 * The shoulders reach about two faces below the chin; draw what stands in front afterwards.
 */
export function figure(f: Figure): string {
	const eyes = f.eyes ?? '#4a2f1e';
	const lips = f.lips ?? '#b0534e';
	const hairBack = {
		short: `<ellipse cx="0" cy="-22" rx="112" ry="132" fill="${f.hair}"/>`,
		back: `<ellipse cx="0" cy="-26" rx="114" ry="134" fill="${f.hair}"/><ellipse cx="0" cy="-150" rx="46" ry="34" fill="${f.hair}"/>`,
		curls: Array.from({ length: 11 }, (_, i) => {
			const a = Math.PI * (0.95 + (i / 10) * 1.1);
			return `<circle cx="${round(Math.cos(a) * 100)}" cy="${round(Math.sin(a) * 118 - 14)}" r="38" fill="${f.hair}"/>`;
		}).join('')
	}[f.hairStyle];
	const fringe = {
		short: `<path d="M-99 -34 C -104 -118 -52 -146 0 -144 C 56 -146 106 -116 99 -34 C 88 -78 46 -98 4 -96 C -38 -100 -84 -84 -99 -34 Z" fill="${f.hair}"/>`,
		back: `<path d="M-99 -30 C -102 -120 -50 -148 0 -146 C 54 -148 104 -120 99 -30 C 84 -84 40 -106 0 -104 C -40 -106 -84 -84 -99 -30 Z" fill="${f.hair}"/>`,
		curls: Array.from({ length: 7 }, (_, i) => {
			const x = -78 + i * 26;
			return `<circle cx="${x}" cy="${round(-112 + Math.abs(x) * 0.28)}" r="26" fill="${f.hair}"/>`;
		}).join('')
	}[f.hairStyle];
	const eye = (side: -1 | 1) => {
		const x = side * 38;
		return `
<ellipse cx="${x}" cy="-16" rx="34" ry="22" fill="url(#${f.id}-socket)"/>
<path d="M${x - 21} -17 Q ${x} -33 ${x + 21} -17 Q ${x} -5 ${x - 21} -17 Z" fill="#f4eee6"/>
<circle cx="${x}" cy="-18" r="9.5" fill="${eyes}"/>
<circle cx="${x}" cy="-18" r="4.6" fill="#120c08"/>
<circle cx="${x + 3}" cy="-21" r="2.4" fill="#fff"/>
<path d="M${x - 23} -16 Q ${x} -36 ${x + 23} -17" fill="none" stroke="#22150e" stroke-width="4.5" stroke-linecap="round"/>
<path d="M${side * 14} -45 Q ${side * 38} -60 ${side * 64} -44" fill="none" stroke="${f.brows ?? '#2a1b12'}" stroke-width="9" stroke-linecap="round"/>`;
	};
	const glasses = f.glasses
		? `<g fill="none" stroke="#3b2f2a" stroke-width="4"><circle cx="-38" cy="-17" r="27"/><circle cx="38" cy="-17" r="27"/><path d="M-11 -19 Q 0 -25 11 -19 M-65 -20 L -96 -26 M65 -20 L 96 -26"/></g>`
		: '';
	const cap = f.cap
		? `<path d="M-104 -58 C -100 -136 -50 -160 0 -160 C 50 -160 100 -136 104 -58 Z" fill="${f.cap}"/><path d="M-106 -60 C -60 -74 60 -74 106 -60 C 90 -42 40 -44 0 -44 C -40 -44 -90 -42 -106 -60 Z" fill="#1f2a38"/><rect x="-16" y="-124" width="32" height="22" rx="4" fill="#e9c46a"/>`
		: '';
	return `<g transform="translate(${round(f.cx)} ${round(f.cy)}) scale(${round(f.size / 200)})">
${hairBack}
<path d="${SHOULDERS}" fill="${f.clothes}"/><path d="${SHOULDERS}" fill="url(#${f.id}-dusk)"/>
<path d="M-46 88 L -50 188 Q 0 214 50 188 L 46 88 Z" fill="${f.shade}"/>
<path d="M-54 180 L 0 228 L 54 180 Z" fill="${f.shade}" opacity="0.9"/>
<ellipse cx="-97" cy="2" rx="17" ry="30" fill="${f.shade}"/>
<ellipse cx="97" cy="2" rx="17" ry="30" fill="${f.shade}"/>
<ellipse cx="0" cy="0" rx="98" ry="126" fill="url(#${f.id}-skin)"/>
<ellipse cx="-56" cy="36" rx="24" ry="15" fill="#e07f6e" opacity="0.22"/>
<ellipse cx="56" cy="36" rx="24" ry="15" fill="#e07f6e" opacity="0.22"/>
${fringe}
${eye(-1)}${eye(1)}
<path d="M-3 -12 C -9 14 -17 30 -15 40" fill="none" stroke="${f.shade}" stroke-width="5" stroke-linecap="round"/>
<path d="M-20 42 C -10 52 10 52 20 42 C 14 36 -14 36 -20 42 Z" fill="${f.shade}"/>
<ellipse cx="-9" cy="44" rx="5.5" ry="3.2" fill="#3a2219" opacity="0.6"/>
<ellipse cx="9" cy="44" rx="5.5" ry="3.2" fill="#3a2219" opacity="0.6"/>
<path d="M-34 70 Q -16 62 0 66 Q 16 62 34 70 Q 16 74 0 73 Q -16 74 -34 70 Z" fill="${lips}"/>
<path d="M-32 71 Q 0 98 32 71 Q 0 80 -32 71 Z" fill="${lips}" opacity="0.85"/>
<path d="M-34 70 Q 0 80 34 70" fill="none" stroke="#5e2624" stroke-width="3" stroke-linecap="round"/>
<path d="M-30 104 Q 0 116 30 104" fill="none" stroke="${f.shade}" stroke-width="4" stroke-linecap="round" opacity="0.6"/>
${glasses}${cap}
</g>`;
}

/** Where the face is (forehead to chin, ear to ear), in the scene's units. */
export function faceBox(f: Figure): Rect {
	const k = f.size / 200;
	return { x: f.cx - 100 * k, y: f.cy - 130 * k, w: 200 * k, h: 260 * k };
}
