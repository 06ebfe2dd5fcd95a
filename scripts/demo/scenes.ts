// The demo's pictures, drawn by the seed itself from simple shapes and gradients: calm
// illustrations of the places in the stories (a window with plants, a bench, a swing, a
// kitchen table…). Nothing here is a photo of anyone, and nothing is downloaded. Two show
// people, drawn too (figures.ts) and invented: the bus driver and the nurse (a released person
// and one still asked, docs/releases.md) and a friend at the day centre (a face the framing
// editor suggests hiding, docs/redaction.md).
import { faceBox, figure, figureDefs, type Figure } from './figures';
import { leaf, linear, picture, radial, round, seeded, type Scene } from './svg';

const LEAF_GREENS = ['#5f8f52', '#6f9f5c', '#4f7d47', '#7dab66', '#587f4c'];

/** A crescent moon of radius r, lit on its left. */
function crescent(cx: number, cy: number, r: number, fill: string) {
	return `<path d="M${cx} ${cy - r} A ${r} ${r} 0 0 0 ${cx} ${cy + r} A ${round(r * 0.55)} ${r} 0 0 1 ${cx} ${cy - r} Z" fill="${fill}" transform="rotate(-20 ${cx} ${cy})"/>`;
}

/** A window with plants on the sill, by day or at night with a small lamp lit. */
export function windowWithPlants(time: 'day' | 'night', width = 2400): Scene {
	const night = time === 'night';
	const r = seeded(night ? 11 : 12);
	const defs = [
		linear(
			'wall',
			night
				? [
						[0, '#4b4663'],
						[1, '#2c283d']
					]
				: [
						[0, '#efe4d3'],
						[1, '#dccab2']
					]
		),
		linear(
			'sky',
			night
				? [
						[0, '#0d1633'],
						[0.6, '#23325c'],
						[1, '#43416b']
					]
				: [
						[0, '#9fc9e3'],
						[0.55, '#d6e7ee'],
						[1, '#f5e0bf']
					]
		),
		radial('sun', [
			[0, night ? '#f7f1dc' : '#fff7dc', 0.95],
			[1, night ? '#f7f1dc' : '#fff7dc', 0]
		]),
		radial('lampGlow', [
			[0, '#ffd98f', 0.75],
			[0.5, '#ffc870', 0.25],
			[1, '#ffc870', 0]
		]),
		linear(
			'curtain',
			[
				[0, '#d89c5f'],
				[0.35, '#c47f44'],
				[0.6, '#dcaa72'],
				[1, '#b8733b']
			],
			0,
			0,
			1,
			0
		),
		linear(
			'pot',
			[
				[0, '#cf7349'],
				[1, '#9d4d2c']
			],
			0,
			0,
			1,
			0
		),
		''
	].join('');
	const stars = night
		? Array.from({ length: 40 }, () => {
				const x = 320 + r() * 560;
				const y = 110 + r() * 230;
				return `<circle cx="${round(x)}" cy="${round(y)}" r="${round(0.8 + r() * 1.6)}" fill="#fdf7e3" opacity="${round(0.4 + r() * 0.6)}"/>`;
			}).join('')
		: '';
	const roofs = [
		[330, 440, 120, 110],
		[440, 410, 90, 140],
		[520, 450, 130, 100],
		[640, 425, 100, 125],
		[730, 445, 150, 105]
	]
		.map(([x, y, w, h], i) => {
			const fill = night ? (i % 2 ? '#161c35' : '#1b2240') : i % 2 ? '#d8c2a4' : '#cbb193';
			const roof = night ? '#10152b' : i % 2 ? '#b98a6a' : '#c49a78';
			const windows = Array.from({ length: 3 }, (_, k) => {
				const lit = night ? r() > 0.4 : false;
				return `<rect x="${x! + 14 + k * (w! / 3.2)}" y="${y! + 28}" width="14" height="18" fill="${lit ? '#f2c46d' : night ? '#0b1024' : '#a99a87'}" opacity="${lit ? 0.9 : 0.6}"/>`;
			}).join('');
			return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"/><path d="M${x! - 6} ${y} L${x! + w! / 2} ${y! - 34} L${x! + w! + 6} ${y} Z" fill="${roof}"/>${windows}`;
		})
		.join('');
	// A snake plant: tall upright leaves.
	const snake = [-18, -9, 0, 8, 17, -4, 12]
		.map((angle, i) =>
			leaf(380 + i * 6, 462, 190 + ((i * 37) % 90), 34, angle, LEAF_GREENS[i % LEAF_GREENS.length]!)
		)
		.join('');
	// Basil: a round cluster of small leaves.
	const basil = Array.from({ length: 26 }, () => {
		const a = -80 + r() * 160;
		return leaf(
			600 + (r() - 0.5) * 30,
			478,
			40 + r() * 45,
			26,
			a,
			LEAF_GREENS[Math.floor(r() * 5)]!
		);
	}).join('');
	// Pothos: heart-shaped leaves trailing over the edge of the sill.
	const trail = Array.from({ length: 14 }, (_, i) => {
		const t = i / 13;
		const x = 790 + Math.sin(t * 3) * 40 + t * 40;
		const y = 470 + t * 230;
		return leaf(x, y, 36, 30, 150 + (r() - 0.5) * 80, LEAF_GREENS[i % 5]!);
	}).join('');
	const crown = Array.from({ length: 10 }, () =>
		leaf(
			795 + (r() - 0.5) * 50,
			470,
			34 + r() * 20,
			28,
			-70 + r() * 140,
			LEAF_GREENS[Math.floor(r() * 5)]!
		)
	).join('');
	const pot = (cx: number, top: number, w: number) =>
		`<path d="M${cx - w / 2} ${top} L${cx + w / 2} ${top} L${cx + w * 0.38} 550 L${cx - w * 0.38} 550 Z" fill="url(#pot)"/><rect x="${cx - w / 2 - 5}" y="${top - 4}" width="${w + 10}" height="16" rx="3" fill="#b65f3a"/>`;
	// At night everything is dimmed, then the lamp lights its corner.
	const lamp = night
		? `<rect width="1200" height="800" fill="#15132b" opacity="0.38"/>
<circle cx="510" cy="470" r="260" fill="url(#lampGlow)"/>
<path d="M488 548 L532 548 L526 540 L494 540 Z" fill="#3a3140"/>
<rect x="507" y="488" width="6" height="54" fill="#3a3140"/>
<path d="M478 498 L542 498 L528 450 L492 450 Z" fill="#f6d9a0"/>`
		: '';
	const body = `
<rect width="1200" height="800" fill="url(#wall)"/>
<rect x="286" y="78" width="628" height="494" fill="${night ? '#221f33' : '#d5c2a8'}"/>
<rect x="310" y="100" width="580" height="450" fill="url(#sky)"/>
${
	night
		? `<circle cx="745" cy="185" r="70" fill="url(#sun)" opacity="0.35"/>${crescent(745, 185, 30, '#f4efd9')}`
		: `<circle cx="730" cy="235" r="150" fill="url(#sun)"/><circle cx="730" cy="235" r="44" fill="#fff3cf"/>`
}
${stars}
<path d="M310 440 Q420 392 520 416 T720 405 T890 420 V550 H310 Z" fill="${night ? '#1a2142' : '#b7c6ac'}"/>
${roofs}
<ellipse cx="860" cy="420" rx="16" ry="70" fill="${night ? '#0e1428' : '#6d8a5e'}"/>
<rect x="310" y="100" width="580" height="450" fill="none" stroke="${night ? '#d9d2c6' : '#f8f4ec'}" stroke-width="18"/>
<rect x="593" y="100" width="14" height="450" fill="${night ? '#d9d2c6' : '#f8f4ec'}"/>
<rect x="310" y="300" width="580" height="12" fill="${night ? '#d9d2c6' : '#f8f4ec'}"/>
<path d="M842 70 C 870 200 826 330 860 470 C 880 560 850 640 872 700 L 960 700 L 960 70 Z" fill="url(#curtain)"/>
<path d="M880 90 C 900 220 870 350 900 480 C 915 570 895 640 905 700" fill="none" stroke="#a5652f" stroke-width="5" opacity="0.45"/>
<path d="M925 80 C 935 220 915 360 935 500 C 945 580 930 640 940 700" fill="none" stroke="#a5652f" stroke-width="4" opacity="0.35"/>
<rect x="826" y="62" width="150" height="14" rx="7" fill="#8a6446"/>
<rect x="262" y="548" width="676" height="26" fill="${night ? '#cfc6b8' : '#f6f1e8'}"/>
<rect x="262" y="574" width="676" height="18" fill="${night ? '#1f1b2c' : '#cdbba2'}" opacity="0.9"/>
<ellipse cx="600" cy="584" rx="360" ry="16" fill="url(#shadow)"/>
${snake}
${pot(400, 462, 104)}
${basil}
${pot(600, 480, 86)}
${trail}
${crown}
${pot(795, 470, 92)}
${night ? lamp : '<path d="M330 610 L560 610 L640 800 L400 800 Z" fill="#fff" opacity="0.10"/>'}
`;
	return picture(1200, 800, width, defs, body);
}

/** Two cups of coffee on a kitchen table, a plate of biscuits, an olive sprig. */
export function kitchenTable(width = 1600): Scene {
	const defs = [
		linear('wall', [
			[0, '#f2e7d4'],
			[1, '#e3d0b3']
		]),
		linear('table', [
			[0, '#b27d50'],
			[1, '#875732']
		]),
		linear(
			'cupA',
			[
				[0, '#fbf8f2'],
				[0.7, '#e9e3d8'],
				[1, '#d6cfc2']
			],
			0,
			0,
			1,
			0
		),
		linear(
			'cupB',
			[
				[0, '#8fb6c7'],
				[0.7, '#6d97aa'],
				[1, '#5a8194']
			],
			0,
			0,
			1,
			0
		),
		linear(
			'vase',
			[
				[0, '#4f7f8f'],
				[1, '#2f5a69']
			],
			0,
			0,
			1,
			0
		),
		radial('light', [
			[0, '#fff8e6', 0.55],
			[1, '#fff8e6', 0]
		])
	].join('');
	const cup = (cx: number, fill: string) => `
<ellipse cx="${cx}" cy="1102" rx="150" ry="34" fill="url(#shadow)"/>
<ellipse cx="${cx}" cy="1086" rx="132" ry="30" fill="#f4efe6"/>
<ellipse cx="${cx}" cy="1080" rx="110" ry="22" fill="#e4ddd0"/>
<path d="M${cx - 84} 950 L${cx + 84} 950 C ${cx + 82} 1020 ${cx + 66} 1068 ${cx + 44} 1080 L ${cx - 44} 1080 C ${cx - 66} 1068 ${cx - 82} 1020 ${cx - 84} 950 Z" fill="url(#${fill})"/>
<path d="M${cx + 80} 975 C ${cx + 150} 970 ${cx + 150} 1045 ${cx + 66} 1046" fill="none" stroke="url(#${fill})" stroke-width="16" stroke-linecap="round"/>
<ellipse cx="${cx}" cy="950" rx="84" ry="18" fill="#f7f3ec"/>
<ellipse cx="${cx}" cy="952" rx="72" ry="13" fill="#5a3722"/>
<ellipse cx="${cx - 18}" cy="949" rx="26" ry="4" fill="#8a5a3a" opacity="0.7"/>
<path d="M${cx - 20} 900 C ${cx - 50} 850 ${cx + 10} 820 ${cx - 20} 760 C ${cx - 40} 720 ${cx} 690 ${cx - 10} 660" fill="none" stroke="#fff" stroke-width="9" stroke-linecap="round" opacity="0.45"/>
<path d="M${cx + 22} 905 C ${cx} 860 ${cx + 50} 830 ${cx + 24} 780" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round" opacity="0.35"/>`;
	const biscuits = [
		[560, 1255],
		[630, 1240],
		[700, 1258],
		[600, 1285],
		[670, 1290]
	]
		.map(
			([x, y]) =>
				`<ellipse cx="${x}" cy="${y! + 8}" rx="34" ry="14" fill="#8d5d33"/><ellipse cx="${x}" cy="${y}" rx="32" ry="16" fill="#d9a865"/><path d="M${x! - 16} ${y} Q ${x} ${y! - 10} ${x! + 16} ${y}" fill="none" stroke="#b98345" stroke-width="3"/>`
		)
		.join('');
	const sprig = [
		[-40, 0],
		[35, 30],
		[-50, 60],
		[40, 90],
		[-35, 120],
		[30, 150],
		[-20, 180]
	]
		.map(([angle, dy]) => leaf(1000 + angle! / 8, 640 + dy!, 70, 18, angle!, '#7d9a6a'))
		.join('');
	const body = `
<rect width="1200" height="1500" fill="url(#wall)"/>
<path d="M120 120 L520 120 L700 760 L300 760 Z" fill="#fffaf0" opacity="0.35"/>
<circle cx="420" cy="420" r="520" fill="url(#light)"/>
<rect x="700" y="300" width="420" height="18" rx="4" fill="#9b6b45"/>
<rect x="730" y="200" width="70" height="100" rx="14" fill="#e9d2a6" stroke="#b58d5a" stroke-width="4"/>
<rect x="740" y="190" width="50" height="16" rx="4" fill="#b5643c"/>
<rect x="830" y="230" width="60" height="70" rx="12" fill="#cfe0d4" stroke="#8fa896" stroke-width="4"/>
<rect x="920" y="180" width="80" height="120" rx="16" fill="#f3e4c6" stroke="#b58d5a" stroke-width="4"/>
<rect x="930" y="170" width="60" height="16" rx="4" fill="#6d97aa"/>
<circle cx="1050" cy="270" r="30" fill="#e3b04b"/>
<rect y="860" width="1200" height="640" fill="url(#table)"/>
<rect y="852" width="1200" height="14" fill="#6f4528" opacity="0.6"/>
${Array.from({ length: 7 }, (_, i) => `<path d="M0 ${930 + i * 85} C 300 ${910 + i * 85} 800 ${960 + i * 85} 1200 ${925 + i * 85}" fill="none" stroke="#6d4428" stroke-width="3" opacity="0.25"/>`).join('')}
<rect x="150" y="900" width="900" height="600" fill="#f3ebdc"/>
${[0, 1, 2].map((i) => `<rect x="150" y="${930 + i * 26}" width="900" height="8" fill="#b0413e" opacity="0.8"/><rect x="150" y="${1440 - i * 26}" width="900" height="8" fill="#b0413e" opacity="0.8"/>`).join('')}
${Array.from({ length: 18 }, (_, i) => `<path d="M${180 + i * 50} 1020 l 12 -14 l 12 14 l -12 14 Z" fill="#2f5a69" opacity="0.7"/>`).join('')}
<ellipse cx="630" cy="1290" rx="150" ry="40" fill="url(#shadow)"/>
<ellipse cx="630" cy="1270" rx="140" ry="44" fill="#fbf7ef"/>
<ellipse cx="630" cy="1266" rx="112" ry="32" fill="#efe7da"/>
${biscuits}
${cup(420, 'cupA')}
${cup(800, 'cupB')}
<ellipse cx="1000" cy="868" rx="70" ry="16" fill="url(#shadow)"/>
<path d="M970 700 C 960 760 940 800 950 850 L 1050 850 C 1060 800 1040 760 1030 700 Z" fill="url(#vase)"/>
<rect x="965" y="690" width="70" height="16" rx="6" fill="#2f5a69"/>
<path d="M1000 700 C 995 650 1005 600 1000 560" fill="none" stroke="#6b5a40" stroke-width="5"/>
${sprig}
`;
	return picture(1200, 1500, width, defs, body);
}

/** A front door on a stairwell landing, a bag of bread hung on its handle, a name plate. */
export function stairwellDoor(width = 1600): Scene {
	const defs = [
		linear('upper', [
			[0, '#ece6d8'],
			[1, '#ddd5c3']
		]),
		linear('lower', [
			[0, '#a9bcae'],
			[1, '#8ea396']
		]),
		linear(
			'door',
			[
				[0, '#94603d'],
				[0.5, '#a46d47'],
				[1, '#7f4f30']
			],
			0,
			0,
			1,
			0
		),
		linear('floor', [
			[0, '#cbbfa9'],
			[1, '#b3a68e']
		]),
		radial('bulb', [
			[0, '#fff6d6', 0.95],
			[0.25, '#ffe9ad', 0.45],
			[1, '#ffe9ad', 0]
		]),
		linear('bag', [
			[0, '#ecd3ad'],
			[1, '#d6b488']
		])
	].join('');
	const plate = { x: 420, y: 520, w: 160, h: 44 };
	const marks = [0, 1, 2, 3, 4, 5, 6]
		.map(
			(i) =>
				`<rect x="${plate.x + 16 + i * 19}" y="${plate.y + 14 + (i % 3) * 2}" width="${i % 2 ? 12 : 15}" height="${14 - (i % 3) * 2}" rx="2" fill="#4a3518"/>`
		)
		.join('');
	const steps = Array.from({ length: 8 }, (_, i) => {
		const x = 760 + i * 34;
		const y = 1300 - i * 70;
		return `<rect x="${x}" y="${y}" width="${1000 - x}" height="70" fill="${i % 2 ? '#cfc4ae' : '#c4b8a0'}"/><rect x="${x}" y="${y}" width="${1000 - x}" height="8" fill="#e6dcc8"/>`;
	}).join('');
	const monstera = [
		[-50, 170],
		[-20, 210],
		[15, 190],
		[45, 160],
		[-75, 130],
		[70, 120]
	]
		.map(([angle, length], i) => leaf(190, 1180, length!, 95, angle!, LEAF_GREENS[i % 5]!))
		.join('');
	const body = `
<rect width="1000" height="900" fill="url(#upper)"/>
<rect y="900" width="1000" height="420" fill="url(#lower)"/>
<rect y="893" width="1000" height="10" fill="#6e8577"/>
${steps}
<path d="M760 1020 L1000 460" stroke="#4a4a4a" stroke-width="10" stroke-linecap="round"/>
${[0, 1, 2, 3].map((i) => `<path d="M${800 + i * 55} ${1010 - i * 128} L${800 + i * 55} ${1180 - i * 128}" stroke="#4a4a4a" stroke-width="6"/>`).join('')}
<rect y="1300" width="1000" height="200" fill="url(#floor)"/>
${Array.from({ length: 6 }, (_, i) => `<path d="M${i * 200 - 100} 1500 L${i * 170 + 40} 1300" stroke="#9e917a" stroke-width="3" opacity="0.6"/>`).join('')}
<circle cx="500" cy="110" r="300" fill="url(#bulb)"/>
<rect x="470" y="60" width="60" height="26" rx="8" fill="#d8d2c4"/>
<ellipse cx="500" cy="100" rx="44" ry="30" fill="#fff8e2"/>
<rect x="278" y="360" width="444" height="950" fill="#d8d0bf"/>
<rect x="300" y="380" width="400" height="920" fill="url(#door)"/>
<rect x="340" y="640" width="320" height="230" rx="8" fill="none" stroke="#6e4226" stroke-width="8" opacity="0.6"/>
<rect x="340" y="920" width="320" height="330" rx="8" fill="none" stroke="#6e4226" stroke-width="8" opacity="0.6"/>
<circle cx="500" cy="470" r="12" fill="#c9a45c"/><circle cx="500" cy="470" r="5" fill="#2b2118"/>
<rect x="${plate.x}" y="${plate.y}" width="${plate.w}" height="${plate.h}" rx="6" fill="#d6b469" stroke="#a9843c" stroke-width="4"/>
${marks}
<circle cx="640" cy="880" r="20" fill="#c9a45c"/>
<rect x="560" y="872" width="80" height="16" rx="8" fill="#d8b86e"/>
<path d="M590 880 C 580 930 620 960 640 940" fill="none" stroke="#caa36d" stroke-width="6"/>
<path d="M660 880 C 680 930 650 960 630 940" fill="none" stroke="#caa36d" stroke-width="6"/>
<path d="M570 950 L690 950 L700 1130 L560 1130 Z" fill="url(#bag)"/>
<path d="M580 950 C 590 900 610 890 628 905 C 640 880 668 890 676 950 Z" fill="#c98e4f"/>
<path d="M596 925 L612 912 M630 910 L648 922" stroke="#a86c32" stroke-width="4"/>
<ellipse cx="500" cy="1330" rx="260" ry="26" fill="url(#shadow)"/>
<rect x="330" y="1300" width="340" height="56" rx="10" fill="#a4563b"/>
${[0, 1, 2, 3, 4].map((i) => `<rect x="${350 + i * 64}" y="1312" width="40" height="32" rx="4" fill="#c47a52" opacity="0.8"/>`).join('')}
<ellipse cx="190" cy="1300" rx="110" ry="20" fill="url(#shadow)"/>
${monstera}
<path d="M130 1180 L250 1180 L232 1300 L148 1300 Z" fill="#e8e2d6"/>
<rect x="124" y="1172" width="132" height="16" rx="5" fill="#d3cbbd"/>
`;
	return picture(1000, 1500, width, defs, body, {
		namePlate: { x: plate.x - 10, y: plate.y - 8, w: plate.w + 20, h: plate.h + 16 }
	});
}

/** A playground swing in the late afternoon, with a street sign at the corner. */
export function swing(width = 2400): Scene {
	const r = seeded(31);
	const defs = [
		linear('sky', [
			[0, '#93c1d8'],
			[0.55, '#f3dcb4'],
			[1, '#f2bf86']
		]),
		radial('sun', [
			[0, '#fff5d6', 1],
			[0.3, '#ffe2a8', 0.6],
			[1, '#ffe2a8', 0]
		]),
		linear('grass', [
			[0, '#a9c07f'],
			[1, '#86a262']
		]),
		radial('sand', [
			[0, '#efdcb0'],
			[1, '#e0c794']
		])
	].join('');
	const tree = (x: number, y: number, size: number) =>
		`<rect x="${x - size * 0.08}" y="${y}" width="${size * 0.16}" height="${size * 1.1}" fill="#7a5a43"/>` +
		Array.from({ length: 9 }, () => {
			const cx = x + (r() - 0.5) * size * 1.2;
			const cy = y + (r() - 0.6) * size;
			return `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(size * (0.35 + r() * 0.25))}" fill="${LEAF_GREENS[Math.floor(r() * 5)]!}"/>`;
		}).join('');
	const sign = { x: 1000, y: 360, w: 150, h: 54 };
	const signMarks = Array.from(
		{ length: 6 },
		(_, i) =>
			`<rect x="${sign.x + 16 + i * 21}" y="${sign.y + 18}" width="${i % 3 ? 14 : 17}" height="18" rx="2" fill="#f4f1e8"/>`
	).join('');
	const chain = (x1: number, y1: number, x2: number, y2: number) =>
		`<path d="M${x1} ${y1} L${x2} ${y2}" stroke="#5b5b5b" stroke-width="4" stroke-dasharray="10 4"/>`;
	const body = `
<rect width="1200" height="800" fill="url(#sky)"/>
<circle cx="960" cy="470" r="260" fill="url(#sun)"/>
<circle cx="960" cy="470" r="48" fill="#fff1cc"/>
<path d="M0 470 Q 200 400 420 450 T 820 440 T 1200 450 V 800 H 0 Z" fill="#c6cfa4"/>
<path d="M0 520 Q 300 470 600 515 T 1200 505 V 800 H 0 Z" fill="#a7bb86"/>
${tree(120, 420, 110)}${tree(260, 450, 80)}${tree(1110, 430, 90)}
<rect y="560" width="1200" height="240" fill="url(#grass)"/>
<ellipse cx="600" cy="680" rx="380" ry="90" fill="url(#sand)"/>
<path d="M330 720 L 1000 640" stroke="#000" stroke-width="30" opacity="0.06" stroke-linecap="round"/>
<path d="M380 270 L 330 690 M380 270 L 430 690" stroke="#2f7f86" stroke-width="14" stroke-linecap="round"/>
<path d="M820 270 L 770 690 M820 270 L 870 690" stroke="#2f7f86" stroke-width="14" stroke-linecap="round"/>
<rect x="360" y="258" width="480" height="22" rx="10" fill="#287077"/>
${chain(500, 280, 500, 560)}${chain(570, 280, 570, 560)}
<rect x="486" y="556" width="98" height="14" rx="6" fill="#d8663f"/>
<ellipse cx="535" cy="680" rx="60" ry="10" fill="url(#shadow)"/>
${chain(680, 280, 730, 545)}${chain(750, 280, 798, 538)}
<rect x="722" y="532" width="98" height="14" rx="6" fill="#e0a23c" transform="rotate(-6 771 539)"/>
<path d="M650 560 Q 700 600 760 590" fill="none" stroke="#fff" stroke-width="3" opacity="0.5"/>
<path d="M660 585 Q 710 620 770 612" fill="none" stroke="#fff" stroke-width="3" opacity="0.35"/>
<circle cx="420" cy="720" r="26" fill="#e85d4a"/><path d="M396 712 Q 420 730 444 712" fill="none" stroke="#fbeee0" stroke-width="6"/>
<ellipse cx="425" cy="746" rx="30" ry="6" fill="url(#shadow)"/>
<rect x="80" y="640" width="180" height="16" rx="5" fill="#9a6a44"/>
<rect x="80" y="612" width="180" height="14" rx="5" fill="#a97750"/>
<path d="M95 656 L95 700 M245 656 L245 700" stroke="#4a4a4a" stroke-width="8"/>
<rect x="${sign.x + sign.w / 2 - 5}" y="${sign.y}" width="10" height="380" fill="#6d6d6d"/>
<rect x="${sign.x}" y="${sign.y}" width="${sign.w}" height="${sign.h}" rx="6" fill="#2f5d8a" stroke="#f4f1e8" stroke-width="3"/>
${signMarks}
`;
	return picture(1200, 800, width, defs, body, {
		sign: { x: sign.x - 12, y: sign.y - 10, w: sign.w + 24, h: sign.h + 20 }
	});
}

/** A bench under a big tree on a boulevard, in the morning. */
export function bench(width = 2400): Scene {
	const r = seeded(41);
	const defs = [
		linear('sky', [
			[0, '#c4dde8'],
			[1, '#f4ebd6']
		]),
		linear('grass', [
			[0, '#b8cb8e'],
			[1, '#93ad6c']
		]),
		linear('path', [
			[0, '#e7d9bd'],
			[1, '#d8c6a2']
		]),
		radial('crown', [
			[0, '#7fab62'],
			[1, '#4c7a45']
		]),
		radial('lampGlow', [
			[0, '#fff4d0', 0.8],
			[1, '#fff4d0', 0]
		])
	].join('');
	const far = Array.from({ length: 12 }, (_, i) => {
		const x = i * 140 - 20 + r() * 40;
		const h = 120 + r() * 120;
		return `<rect x="${round(x)}" y="${round(470 - h)}" width="${round(110 + r() * 40)}" height="${round(h)}" fill="#d5d3c8" opacity="0.8"/>`;
	}).join('');
	const row = Array.from(
		{ length: 10 },
		(_, i) =>
			`<ellipse cx="${700 + i * 95}" cy="${440 - (i % 2) * 12}" rx="60" ry="80" fill="#94b07b" opacity="0.85"/><rect x="${696 + i * 95}" y="470" width="8" height="40" fill="#8b7460"/>`
	).join('');
	const crown = Array.from({ length: 34 }, () => {
		const a = r() * Math.PI * 2;
		const d = Math.sqrt(r());
		const cx = 380 + Math.cos(a) * d * 300;
		const cy = 230 + Math.sin(a) * d * 170;
		return `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(60 + r() * 60)}" fill="${r() > 0.5 ? 'url(#crown)' : LEAF_GREENS[Math.floor(r() * 5)]!}"/>`;
	}).join('');
	const dapples = Array.from(
		{ length: 14 },
		() =>
			`<ellipse cx="${round(300 + r() * 700)}" cy="${round(640 + r() * 200)}" rx="${round(20 + r() * 40)}" ry="${round(6 + r() * 10)}" fill="#fff8dc" opacity="0.25"/>`
	).join('');
	const pigeon = (x: number, y: number, flip: boolean) =>
		`<g transform="translate(${x} ${y}) scale(${flip ? -1 : 1} 1)"><ellipse cx="0" cy="0" rx="26" ry="15" fill="#8d8f9c"/><circle cx="22" cy="-12" r="10" fill="#7a7c8a"/><path d="M31 -12 l 8 3 l -8 2 Z" fill="#d99a4e"/><path d="M-20 -2 l -16 -6 l 4 12 Z" fill="#6e707e"/><path d="M-4 14 l0 10 M6 14 l 0 10" stroke="#c76a4a" stroke-width="3"/></g>`;
	const birds = [
		[1100, 140],
		[1160, 110],
		[1220, 150]
	]
		.map(
			([x, y]) =>
				`<path d="M${x} ${y} q 12 -12 24 0 q 12 -12 24 0" fill="none" stroke="#5c6470" stroke-width="4" stroke-linecap="round"/>`
		)
		.join('');
	const body = `
<rect width="1600" height="900" fill="url(#sky)"/>
${far}
${birds}
<rect y="470" width="1600" height="430" fill="url(#grass)"/>
${row}
<path d="M0 900 C 400 760 800 700 1600 640 L 1600 700 C 900 760 600 820 330 900 Z" fill="url(#path)"/>
<path d="M330 230 C 350 420 330 560 300 720 L 400 720 C 390 560 400 420 420 230 Z" fill="#6f5441"/>
<path d="M380 420 C 440 360 500 330 560 300" stroke="#6f5441" stroke-width="22" fill="none" stroke-linecap="round"/>
<path d="M360 480 C 300 420 260 380 220 330" stroke="#6f5441" stroke-width="18" fill="none" stroke-linecap="round"/>
${crown}
<ellipse cx="350" cy="725" rx="170" ry="20" fill="url(#shadow)"/>
${dapples}
<ellipse cx="900" cy="702" rx="260" ry="26" fill="url(#shadow)"/>
<rect x="700" y="560" width="400" height="18" rx="6" fill="#a8673d"/>
<rect x="700" y="588" width="400" height="18" rx="6" fill="#b2724a"/>
<rect x="690" y="630" width="420" height="16" rx="5" fill="#9b5d35"/>
<rect x="695" y="650" width="410" height="14" rx="5" fill="#a8673d"/>
<path d="M720 560 L 720 700 M1080 560 L 1080 700" stroke="#34363b" stroke-width="12" stroke-linecap="round"/>
<path d="M712 640 C 690 660 700 690 690 700 M1088 640 C 1110 660 1100 690 1110 700" stroke="#34363b" stroke-width="10" fill="none" stroke-linecap="round"/>
<rect x="930" y="612" width="90" height="20" rx="3" fill="#f3f0e6" transform="rotate(-4 975 622)"/>
<path d="M940 618 h 60 M940 624 h 50" stroke="#a5a39b" stroke-width="2"/>
<path d="M760 612 C 760 560 800 560 800 612 Z" fill="#7b5a44"/>
<ellipse cx="780" cy="612" rx="34" ry="8" fill="#6a4b38"/>
${pigeon(1180, 760, false)}${pigeon(1260, 790, true)}
<rect x="1390" y="300" width="12" height="420" fill="#3b3e45"/>
<circle cx="1396" cy="300" r="90" fill="url(#lampGlow)"/>
<path d="M1370 270 L1422 270 L1414 320 L1378 320 Z" fill="#3b3e45"/>
<rect x="1378" y="280" width="36" height="30" fill="#f7e7b5"/>
`;
	return picture(1600, 900, width, defs, body, {
		bench: { x: 660, y: 540, w: 480, h: 180 }
	});
}

/** A backgammon board mid-game on a table at the community club, two glasses of tea. */
export function backgammon(width = 2000): Scene {
	const defs = [
		linear(
			'wood',
			[
				[0, '#9c6b45'],
				[1, '#7a5033']
			],
			0,
			0,
			1,
			1
		),
		linear('field', [
			[0, '#efdfbd'],
			[1, '#e2cca1']
		]),
		radial('tea', [
			[0, '#d98f3a'],
			[1, '#8f4a17']
		]),
		radial('checkerLight', [
			[0, '#fffaf0'],
			[1, '#ddd4c3']
		]),
		radial('checkerDark', [
			[0, '#5a4a42'],
			[1, '#2a221e']
		])
	].join('');
	const points = (x0: number, top: boolean) =>
		Array.from({ length: 6 }, (_, i) => {
			const x = x0 + i * 64;
			const y0 = top ? 180 : 720;
			const tip = top ? 410 : 490;
			const fill = i % 2 === (top ? 0 : 1) ? '#b4432f' : '#3d5a66';
			return `<path d="M${x} ${y0} L${x + 64} ${y0} L${x + 32} ${tip} Z" fill="${fill}"/>`;
		}).join('');
	const stack = (x: number, top: boolean, n: number, dark: boolean) =>
		Array.from(
			{ length: n },
			(_, i) =>
				`<circle cx="${x}" cy="${top ? 210 + i * 56 : 690 - i * 56}" r="27" fill="url(#${dark ? 'checkerDark' : 'checkerLight'})" stroke="${dark ? '#1b1512' : '#b9ad98'}" stroke-width="3"/>`
		).join('');
	const die = (x: number, y: number, angle: number, pips: [number, number][]) =>
		`<g transform="translate(${x} ${y}) rotate(${angle})"><rect x="-26" y="-26" width="52" height="52" rx="10" fill="#fbf8f1" stroke="#c9bfae" stroke-width="2"/>${pips.map(([px, py]) => `<circle cx="${px * 14}" cy="${py * 14}" r="5" fill="#2a2320"/>`).join('')}</g>`;
	const glass = (x: number, y: number) => `
<ellipse cx="${x + 8}" cy="${y + 10}" rx="70" ry="70" fill="url(#shadow)"/>
<circle cx="${x}" cy="${y}" r="62" fill="#f4efe6"/>
<circle cx="${x}" cy="${y}" r="44" fill="url(#tea)"/>
<circle cx="${x}" cy="${y}" r="44" fill="none" stroke="#ffffff" stroke-width="6" opacity="0.7"/>
<path d="M${x - 26} ${y - 20} A 34 34 0 0 1 ${x + 8} ${y - 34}" stroke="#fff" stroke-width="5" fill="none" opacity="0.6"/>
<rect x="${x + 30}" y="${y - 4}" width="70" height="8" rx="4" fill="#c9ccd1" transform="rotate(-30 ${x + 30} ${y})"/>`;
	const body = `
<rect width="1200" height="900" fill="url(#wood)"/>
${Array.from({ length: 12 }, (_, i) => `<path d="M0 ${i * 80 + 20} C 300 ${i * 80 - 10} 700 ${i * 80 + 50} 1200 ${i * 80 + 10}" stroke="#5f3d26" stroke-width="3" fill="none" opacity="0.25"/>`).join('')}
<rect x="180" y="158" width="860" height="610" rx="16" fill="#000" opacity="0.18"/>
<rect x="170" y="150" width="860" height="600" rx="16" fill="#5b3a26"/>
<rect x="200" y="180" width="385" height="540" fill="url(#field)"/>
<rect x="615" y="180" width="385" height="540" fill="url(#field)"/>
${points(200, true)}${points(200, false)}${points(615, true)}${points(615, false)}
${stack(232, true, 5, false)}${stack(424, false, 3, true)}${stack(552, true, 2, true)}
${stack(647, false, 4, false)}${stack(839, true, 3, false)}${stack(968, false, 5, true)}
${stack(711, true, 2, true)}
${die(770, 440, 12, [
	[-1, -1],
	[0, 0],
	[1, 1]
])}
${die(850, 470, -18, [
	[-1, -1],
	[1, -1],
	[-1, 1],
	[1, 1],
	[0, 0]
])}
${glass(1100, 820)}
${glass(95, 110)}
`;
	return picture(1200, 900, width, defs, body);
}

/** A bus stop at dawn, the first bus coming. */
export function busStopAtDawn(width = 2400): Scene {
	const r = seeded(51);
	const defs = [
		linear('sky', [
			[0, '#26325a'],
			[0.45, '#6f5d89'],
			[0.75, '#d88b80'],
			[1, '#f6c98c']
		]),
		radial('sun', [
			[0, '#fff0c4', 1],
			[0.25, '#ffd08a', 0.6],
			[1, '#ffb070', 0]
		]),
		linear('road', [
			[0, '#454458'],
			[1, '#2a2937']
		]),
		radial('lamp', [
			[0, '#ffe7a8', 0.9],
			[1, '#ffe7a8', 0]
		]),
		linear(
			'glass',
			[
				[0, '#c9dbe8', 0.35],
				[1, '#9fb8cc', 0.15]
			],
			0,
			0,
			1,
			1
		)
	].join('');
	const skyline = Array.from({ length: 16 }, (_, i) => {
		const x = i * 100 - 10 + r() * 20;
		const h = 80 + r() * 180;
		const windows = Array.from({ length: 4 }, () =>
			r() > 0.7
				? `<rect x="${round(x + 12 + r() * 60)}" y="${round(640 - h + 20 + r() * (h - 40))}" width="10" height="12" fill="#ffd98a" opacity="0.8"/>`
				: ''
		).join('');
		return `<rect x="${round(x)}" y="${round(640 - h)}" width="${round(80 + r() * 30)}" height="${round(h)}" fill="#4a4568" opacity="0.85"/>${windows}`;
	}).join('');
	const stars = Array.from(
		{ length: 30 },
		() =>
			`<circle cx="${round(r() * 1500)}" cy="${round(r() * 260)}" r="${round(1 + r() * 1.5)}" fill="#fff" opacity="${round(0.3 + r() * 0.5)}"/>`
	).join('');
	const streetLamp = (x: number) =>
		`<circle cx="${x}" cy="420" r="120" fill="url(#lamp)"/><rect x="${x - 5}" y="420" width="10" height="300" fill="#2b2a36"/><path d="M${x} 420 q 0 -30 -40 -30" stroke="#2b2a36" stroke-width="8" fill="none"/><ellipse cx="${x - 42}" cy="396" rx="22" ry="9" fill="#fff1c4"/>`;
	const body = `
<rect width="1500" height="1000" fill="url(#sky)"/>
${stars}
<circle cx="1150" cy="640" r="330" fill="url(#sun)"/>
<circle cx="1150" cy="640" r="60" fill="#fff1cc"/>
${skyline}
<rect y="630" width="1500" height="90" fill="#6f6880"/>
<rect y="712" width="1500" height="12" fill="#8b849a"/>
<rect y="720" width="1500" height="280" fill="url(#road)"/>
${Array.from({ length: 8 }, (_, i) => `<rect x="${i * 200 + 40}" y="850" width="110" height="10" rx="4" fill="#d9cfa6" opacity="0.8"/>`).join('')}
${streetLamp(120)}${streetLamp(940)}
<rect x="1040" y="640" width="230" height="110" rx="18" fill="#2e7d5b"/>
<rect x="1040" y="700" width="230" height="14" fill="#f1efe6"/>
${[0, 1, 2, 3].map((i) => `<rect x="${1055 + i * 52}" y="655" width="40" height="36" rx="5" fill="#ffe2a0" opacity="0.9"/>`).join('')}
<circle cx="1080" cy="752" r="16" fill="#1c1c24"/><circle cx="1230" cy="752" r="16" fill="#1c1c24"/>
<circle cx="1046" cy="730" r="30" fill="url(#lamp)"/>
<ellipse cx="500" cy="735" rx="300" ry="18" fill="url(#shadow)"/>
<rect x="230" y="300" width="540" height="26" rx="6" fill="#2d2f40"/>
<rect x="250" y="326" width="12" height="400" fill="#3a3c4e"/>
<rect x="738" y="326" width="12" height="400" fill="#3a3c4e"/>
<rect x="262" y="340" width="476" height="300" fill="url(#glass)" stroke="#5a5d72" stroke-width="4"/>
<path d="M300 360 L 380 620 M330 360 L 410 620" stroke="#fff" stroke-width="6" opacity="0.12"/>
<rect x="620" y="380" width="90" height="130" rx="6" fill="#ece5d2" opacity="0.9"/>
${[0, 1, 2, 3, 4].map((i) => `<rect x="634" y="${398 + i * 20}" width="${62 - (i % 2) * 18}" height="7" rx="3" fill="#8b8478"/>`).join('')}
<rect x="300" y="600" width="290" height="18" rx="6" fill="#b5643c"/>
<path d="M320 618 L 320 700 M570 618 L 570 700" stroke="#2d2f40" stroke-width="8"/>
<circle cx="500" cy="330" r="150" fill="url(#lamp)" opacity="0.5"/>
<rect x="846" y="420" width="10" height="300" fill="#3a3c4e"/>
<circle cx="851" cy="420" r="46" fill="#2f6fa5" stroke="#f1efe6" stroke-width="6"/>
<rect x="826" y="404" width="50" height="28" rx="7" fill="#f1efe6"/>
<circle cx="836" cy="436" r="6" fill="#f1efe6"/><circle cx="866" cy="436" r="6" fill="#f1efe6"/>
`;
	return picture(1500, 1000, width, defs, body);
}

/** Postcards, a pair of reading glasses and a pen on a tablecloth, seen from above. */
export function postcards(width = 2000): Scene {
	const defs = [
		linear(
			'cloth',
			[
				[0, '#f1e9da'],
				[1, '#e4d8c3']
			],
			0,
			0,
			1,
			1
		),
		linear('sea', [
			[0, '#8cc2d8'],
			[0.6, '#5b9bb8'],
			[1, '#3d7f9c']
		]),
		linear('hills', [
			[0, '#a8c48d'],
			[1, '#6f9a5c']
		]),
		radial('tea', [
			[0, '#cf8a3e'],
			[1, '#8a4a1c']
		])
	].join('');
	const card = (x: number, y: number, angle: number, inner: string) =>
		`<g transform="translate(${x} ${y}) rotate(${angle})"><rect x="-196" y="-126" width="400" height="264" fill="#000" opacity="0.12"/><rect x="-200" y="-130" width="400" height="260" fill="#fbf8f1"/><g transform="translate(-184 -114)">${inner}</g></g>`;
	const sea = `<rect width="368" height="228" fill="url(#sea)"/><rect width="368" height="90" fill="#f5dfb4"/><circle cx="270" cy="70" r="34" fill="#fbd27a"/><path d="M0 120 q 46 -12 92 0 t 92 0 t 92 0 t 92 0" stroke="#fff" stroke-width="4" fill="none" opacity="0.6"/><path d="M0 160 q 46 -12 92 0 t 92 0 t 92 0 t 92 0" stroke="#fff" stroke-width="4" fill="none" opacity="0.4"/><path d="M60 110 l 40 -10 l 0 -30 Z" fill="#fff"/>`;
	const hills = `<rect width="368" height="228" fill="#cfe4ee"/><path d="M0 150 L 90 60 L 170 140 L 250 50 L 368 160 V 228 H 0 Z" fill="#8ea7b8"/><path d="M0 180 Q 120 120 220 170 T 368 160 V 228 H 0 Z" fill="url(#hills)"/><path d="M250 50 l -20 20 l 20 -6 l 20 6 Z" fill="#fff"/>`;
	const back = `<rect width="368" height="228" fill="#fbf8f1"/><path d="M184 10 V 218" stroke="#d8cfbf" stroke-width="3"/>${[
		0, 1, 2, 3, 4
	]
		.map(
			(i) =>
				`<path d="M14 ${60 + i * 32} q 20 -8 40 0 t 40 0 t 40 0 t 40 0" stroke="#46608a" stroke-width="3" fill="none" opacity="0.8"/>`
		)
		.join(
			''
		)}<rect x="290" y="14" width="60" height="72" fill="#e07a5f" stroke="#fbf8f1" stroke-width="4" stroke-dasharray="6 4"/><circle cx="320" cy="50" r="16" fill="#f2cc8f"/>${[0, 1, 2].map((i) => `<path d="M200 ${130 + i * 30} H 350" stroke="#b9b0a0" stroke-width="3"/>`).join('')}`;
	const flowers = `<rect width="368" height="228" fill="#f6eedf"/>${[
		[60, '#e07a5f'],
		[140, '#f2cc8f'],
		[220, '#81b29a'],
		[300, '#e5989b']
	]
		.map(
			([x, c]) =>
				`<path d="M${x} 228 C ${x} 180 ${(x as number) + 10} 150 ${x} 110" stroke="#6f9a5c" stroke-width="5" fill="none"/>${[0, 72, 144, 216, 288].map((a) => `<ellipse cx="${x}" cy="92" rx="12" ry="24" fill="${c}" transform="rotate(${a} ${x} 110)"/>`).join('')}<circle cx="${x}" cy="110" r="10" fill="#f4d35e"/>`
		)
		.join('')}`;
	const body = `
<rect width="1200" height="900" fill="url(#cloth)"/>
${Array.from({ length: 15 }, (_, i) => `<rect x="${i * 80}" y="0" width="6" height="900" fill="#8fb1c9" opacity="0.18"/><rect x="0" y="${i * 80}" width="1200" height="6" fill="#8fb1c9" opacity="0.18"/>`).join('')}
${card(330, 250, -8, sea)}
${card(760, 220, 6, hills)}
${card(420, 600, 4, back)}
${card(840, 620, -5, flowers)}
<g transform="translate(600 440) rotate(-12)">
<ellipse cx="10" cy="16" rx="170" ry="40" fill="url(#shadow)"/>
<circle cx="-70" cy="0" r="62" fill="#d7ecf5" opacity="0.35" stroke="#3a2e28" stroke-width="10"/>
<circle cx="70" cy="0" r="62" fill="#d7ecf5" opacity="0.35" stroke="#3a2e28" stroke-width="10"/>
<path d="M-10 -6 Q 0 -20 10 -6" stroke="#3a2e28" stroke-width="9" fill="none"/>
<path d="M-132 -6 L -190 -40 M132 -6 L 190 -40" stroke="#3a2e28" stroke-width="8" stroke-linecap="round"/>
<path d="M-90 -30 q 20 -10 30 10" stroke="#fff" stroke-width="6" fill="none" opacity="0.6"/>
</g>
<g transform="translate(1040 420) rotate(68)">
<rect x="-150" y="-11" width="260" height="22" rx="11" fill="#2b4c7e"/>
<rect x="60" y="-11" width="40" height="22" fill="#c9a45c"/>
<path d="M110 -11 L 160 0 L 110 11 Z" fill="#e8e1d4"/><path d="M150 -2 L 160 0 L 150 2 Z" fill="#222"/>
</g>
<ellipse cx="1085" cy="125" rx="100" ry="100" fill="url(#shadow)"/>
<circle cx="1075" cy="115" r="90" fill="#f7f3ec"/>
<circle cx="1075" cy="115" r="62" fill="url(#tea)"/>
<circle cx="1075" cy="115" r="62" fill="none" stroke="#fff" stroke-width="8" opacity="0.8"/>
<circle cx="1055" cy="100" r="22" fill="#f3d75a" stroke="#f8ecb0" stroke-width="4" opacity="0.9"/>
`;
	return picture(1200, 900, width, defs, body);
}

/** A telescope on the school roof under a sky full of stars. */
export function telescope(width = 1600): Scene {
	const r = seeded(61);
	const defs = [
		linear('sky', [
			[0, '#070f27'],
			[0.55, '#1a2a55'],
			[1, '#3e4b7a']
		]),
		radial('glow', [
			[0, '#ffffff', 0.9],
			[1, '#ffffff', 0]
		]),
		radial('milky', [
			[0, '#cfd8ff', 0.2],
			[1, '#cfd8ff', 0]
		]),
		linear(
			'tube',
			[
				[0, '#f2f4f8'],
				[0.5, '#d7dce6'],
				[1, '#aab1c0']
			],
			0,
			0,
			0,
			1
		),
		radial('window', [
			[0, '#ffd98a', 0.8],
			[1, '#ffd98a', 0]
		])
	].join('');
	const stars = Array.from({ length: 260 }, () => {
		const x = r() * 1000;
		const y = Math.pow(r(), 1.3) * 1100;
		return `<circle cx="${round(x)}" cy="${round(y)}" r="${round(0.8 + r() * 2)}" fill="#fdfaf0" opacity="${round(0.35 + r() * 0.65)}"/>`;
	}).join('');
	const bright = Array.from({ length: 12 }, () => {
		const x = r() * 1000;
		const y = r() * 900;
		return `<circle cx="${round(x)}" cy="${round(y)}" r="22" fill="url(#glow)" opacity="0.5"/><circle cx="${round(x)}" cy="${round(y)}" r="4" fill="#fff"/>`;
	}).join('');
	const body = `
<rect width="1000" height="1500" fill="url(#sky)"/>
<ellipse cx="520" cy="520" rx="760" ry="150" fill="url(#milky)" transform="rotate(-35 520 520)"/>
${stars}
${bright}
<circle cx="800" cy="190" r="120" fill="url(#glow)" opacity="0.25"/>
${crescent(800, 190, 54, '#f6f0da')}
<path d="M0 1150 Q 200 1060 420 1120 T 1000 1090 V 1500 H 0 Z" fill="#111a38"/>
<rect x="60" y="1100" width="240" height="200" fill="#1c2340"/>
<rect x="90" y="1140" width="50" height="60" fill="#ffd98a" opacity="0.85"/>
<circle cx="115" cy="1170" r="90" fill="url(#window)" opacity="0.5"/>
<rect x="180" y="1140" width="50" height="60" fill="#2a3356"/>
<rect y="1280" width="1000" height="220" fill="#272c42"/>
<rect y="1270" width="1000" height="20" fill="#3a4060"/>
<ellipse cx="540" cy="1420" rx="230" ry="26" fill="url(#shadow)"/>
<path d="M540 1080 L 400 1420 M540 1080 L 680 1420 M540 1080 L 548 1440" stroke="#c7ccd8" stroke-width="12" stroke-linecap="round"/>
<path d="M470 1250 L 610 1250" stroke="#9aa1b2" stroke-width="6"/>
<rect x="515" y="1040" width="50" height="60" rx="8" fill="#8a91a3"/>
<g transform="rotate(-38 540 1040)">
<rect x="330" y="1000" width="480" height="84" rx="12" fill="url(#tube)"/>
<rect x="720" y="992" width="110" height="100" rx="10" fill="#2d3550"/>
<rect x="300" y="1020" width="40" height="44" rx="6" fill="#2d3550"/>
<rect x="260" y="1030" width="46" height="24" rx="5" fill="#4a5170"/>
<rect x="450" y="968" width="160" height="26" rx="10" fill="#c9ced9"/>
<rect x="470" y="1084" width="40" height="26" fill="#8a91a3"/>
</g>
<g transform="translate(760 1380) rotate(-8)">
<rect x="-90" y="-60" width="180" height="120" fill="#efe9dc"/>
<path d="M0 -60 V 60" stroke="#c7bfae" stroke-width="3"/>
${[
	[-60, -30],
	[-30, -10],
	[-45, 20],
	[-20, 35],
	[30, -35],
	[50, -5],
	[35, 25],
	[65, 30]
]
	.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="4" fill="#2d3550"/>`)
	.join('')}
<path d="M-60 -30 L -30 -10 L -45 20 L -20 35 M30 -35 L 50 -5 L 35 25 L 65 30" stroke="#2d3550" stroke-width="2" fill="none"/>
</g>
`;
	return picture(1000, 1500, width, defs, body);
}

/** Two cupped hands holding a seedling in a little earth. */
export function seedling(width = 1600): Scene {
	const r = seeded(71);
	const defs = [
		radial(
			'bg',
			[
				[0, '#eef3e2'],
				[0.6, '#cddcb6'],
				[1, '#a9c08d']
			],
			0.45,
			0.35,
			0.8
		),
		linear(
			'skin',
			[
				[0, '#c99270'],
				[1, '#a36c4c']
			],
			0,
			0,
			0,
			1
		),
		linear(
			'skinLight',
			[
				[0, '#d7a27e'],
				[1, '#b57a56']
			],
			0,
			0,
			0,
			1
		),
		radial('soil', [
			[0, '#6b4a33'],
			[1, '#4a3122']
		]),
		radial('bokeh', [
			[0, '#ffffff', 0.5],
			[1, '#ffffff', 0]
		]),
		linear(
			'leafLight',
			[
				[0, '#9bd170'],
				[1, '#5f9e45']
			],
			0,
			0,
			1,
			1
		)
	].join('');
	const bokeh = Array.from(
		{ length: 14 },
		() =>
			`<circle cx="${round(r() * 1200)}" cy="${round(r() * 800)}" r="${round(30 + r() * 80)}" fill="url(#bokeh)" opacity="${round(0.3 + r() * 0.5)}"/>`
	).join('');
	const crumbs = Array.from(
		{ length: 40 },
		() =>
			`<circle cx="${round(470 + r() * 260)}" cy="${round(905 + r() * 70)}" r="${round(3 + r() * 7)}" fill="${r() > 0.5 ? '#3b2619' : '#86634a'}"/>`
	).join('');
	// Each hand: a cupped palm seen from the front, its fingers curling up the side, a thumb
	// resting along the rim. The right hand overlaps the left a little in the middle.
	const hand = (side: -1 | 1) => {
		const x = (dx: number) => 600 + side * dx;
		const palm = `<path d="M${x(-40)} 1500 C ${x(-40)} 1300 ${x(-30)} 1090 ${x(-20)} 960 L ${x(300)} 930 C ${x(380)} 1010 ${x(370)} 1180 ${x(300)} 1320 C ${x(250)} 1420 ${x(160)} 1500 ${x(60)} 1500 Z" fill="url(#${side === 1 ? 'skin' : 'skinLight'})"/>`;
		const creases = [0, 1, 2]
			.map(
				(i) =>
					`<path d="M${x(120 + i * 60)} ${1440 - i * 40} C ${x(200 + i * 50)} ${1300 - i * 40} ${x(260 + i * 30)} ${1150 - i * 30} ${x(300 + i * 15)} ${1010 + i * 10}" fill="none" stroke="#8f5a3c" stroke-width="5" opacity="0.35"/>`
			)
			.join('');
		return palm + creases;
	};
	const thumb = (side: -1 | 1) => {
		const cx = 600 + side * 235;
		return `<ellipse cx="${cx}" cy="948" rx="110" ry="30" fill="url(#skinLight)" transform="rotate(${side * -10} ${cx} 948)"/><ellipse cx="${600 + side * 150}" cy="958" rx="24" ry="12" fill="#e8b996" opacity="0.6"/>`;
	};
	const body = `
<rect width="1200" height="1500" fill="url(#bg)"/>
${bokeh}
<path d="M150 0 L 420 0 L 760 1000 L 560 1000 Z" fill="#ffffff" opacity="0.12"/>
${hand(-1)}${hand(1)}
<ellipse cx="600" cy="960" rx="300" ry="70" fill="url(#soil)"/>
<path d="M330 955 C 400 880 800 880 870 955 C 780 990 420 990 330 955 Z" fill="#5a3c29"/>
${crumbs}
<path d="M600 930 C 590 840 615 760 600 660" fill="none" stroke="#6fa54d" stroke-width="12" stroke-linecap="round"/>
${leaf(602, 680, 170, 90, -62, 'url(#leafLight)')}
${leaf(598, 668, 150, 80, 58, '#6fae4f')}
${leaf(600, 664, 70, 34, 4, '#8cc865')}
<path d="M560 640 C 520 620 490 600 470 570" stroke="#d8f0c0" stroke-width="3" fill="none" opacity="0.6"/>
${thumb(-1)}${thumb(1)}
`;
	return picture(1200, 1500, width, defs, body, { seedling: { x: 350, y: 560, w: 500, h: 460 } });
}

/** Raised beds in the schoolyard, the school behind them. */
export function schoolGarden(width = 2400): Scene {
	const r = seeded(81);
	const defs = [
		linear('sky', [
			[0, '#b9dcec'],
			[1, '#f3efdc']
		]),
		linear('wall', [
			[0, '#f1e3c8'],
			[1, '#e4d2b0']
		]),
		linear('ground', [
			[0, '#d4c29b'],
			[1, '#bfa97e']
		]),
		radial('sun', [
			[0, '#fff7d8', 1],
			[1, '#fff7d8', 0]
		]),
		linear(
			'can',
			[
				[0, '#4f97b8'],
				[1, '#2f6f8e']
			],
			0,
			0,
			1,
			0
		)
	].join('');
	const windows = Array.from({ length: 2 }, (_, row) =>
		Array.from(
			{ length: 9 },
			(_, i) =>
				`<rect x="${150 + i * 140}" y="${260 + row * 130}" width="90" height="80" rx="4" fill="#8fb3c9"/><rect x="${150 + i * 140}" y="${260 + row * 130}" width="90" height="80" rx="4" fill="none" stroke="#f8f3e8" stroke-width="6"/>`
		).join('')
	).join('');
	const mural = ['#e07a5f', '#f2cc8f', '#81b29a', '#3d405b', '#e5989b']
		.map(
			(c, i) =>
				`<rect x="${120 + i * 250}" y="510" width="250" height="40" fill="${c}" opacity="0.85"/>`
		)
		.join('');
	const bed = (x: number, y: number, w: number, h: number, crop: 'leafy' | 'tomato' | 'herbs') => {
		const plants = Array.from({ length: Math.floor(w / 60) }, (_, i) => {
			const px = x + 40 + i * 60;
			const py = y + h * 0.45;
			if (crop === 'tomato')
				return `<path d="M${px} ${py + 10} L ${px} ${py - 110}" stroke="#9a7b55" stroke-width="5"/>${[
					0, 1, 2, 3, 4
				]
					.map((k) => leaf(px, py - k * 20, 40, 22, (k % 2 ? 1 : -1) * 60, LEAF_GREENS[k % 5]!))
					.join(
						''
					)}<circle cx="${px + 14}" cy="${py - 40}" r="9" fill="#d9473a"/><circle cx="${px - 12}" cy="${py - 70}" r="8" fill="#e2703a"/>`;
			const n = crop === 'leafy' ? 7 : 5;
			return Array.from({ length: n }, (_, k) =>
				leaf(
					px,
					py,
					crop === 'leafy' ? 50 + r() * 20 : 34 + r() * 16,
					crop === 'leafy' ? 34 : 16,
					-70 + (k * 140) / (n - 1),
					LEAF_GREENS[Math.floor(r() * 5)]!
				)
			).join('');
		}).join('');
		return `<ellipse cx="${x + w / 2}" cy="${y + h + 10}" rx="${w / 2 + 30}" ry="16" fill="url(#shadow)"/><rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="#a66c3f"/><rect x="${x + 12}" y="${y + 10}" width="${w - 24}" height="${h * 0.55}" rx="4" fill="#5e4030"/><rect x="${x}" y="${y + h * 0.6}" width="${w}" height="6" fill="#8b5632"/>${plants}`;
	};
	const body = `
<rect width="1500" height="1000" fill="url(#sky)"/>
<circle cx="1300" cy="110" r="170" fill="url(#sun)"/>
<circle cx="1300" cy="110" r="44" fill="#fff3cf"/>
<rect x="90" y="200" width="1320" height="380" fill="url(#wall)"/>
<rect x="70" y="180" width="1360" height="30" fill="#c7a57f"/>
${windows}
${mural}
<rect x="640" y="440" width="120" height="140" fill="#7b5a44"/>
<rect y="570" width="1500" height="430" fill="url(#ground)"/>
<path d="M0 640 H 1500" stroke="#6b8f6a" stroke-width="6"/>
${Array.from({ length: 16 }, (_, i) => `<rect x="${i * 100 + 10}" y="590" width="8" height="70" fill="#6b8f6a"/>`).join('')}
${Array.from({ length: 40 }, (_, i) => `<path d="M${i * 40} 600 l 40 56" stroke="#6b8f6a" stroke-width="2" opacity="0.4"/>`).join('')}
${bed(100, 690, 380, 90, 'leafy')}
${bed(560, 680, 380, 90, 'tomato')}
${bed(1020, 690, 380, 90, 'herbs')}
${bed(300, 840, 420, 110, 'herbs')}
${bed(820, 840, 420, 110, 'leafy')}
<ellipse cx="1370" cy="965" rx="90" ry="14" fill="url(#shadow)"/>
<path d="M1310 880 L 1420 880 L 1410 960 L 1320 960 Z" fill="url(#can)"/>
<path d="M1330 880 C 1330 830 1400 830 1400 880" stroke="#2f6f8e" stroke-width="10" fill="none"/>
<path d="M1312 900 L 1240 850" stroke="#2f6f8e" stroke-width="14" stroke-linecap="round"/>
<ellipse cx="1236" cy="846" rx="16" ry="10" fill="#2f6f8e"/>
`;
	return picture(1500, 1000, width, defs, body);
}

/** A small robot on a line-following track on the classroom floor, a laptop beside it. */
export function robot(width = 2000): Scene {
	const defs = [
		linear(
			'floor',
			[
				[0, '#e6d2ab'],
				[1, '#cdb387']
			],
			0,
			0,
			1,
			1
		),
		linear('body', [
			[0, '#f5b555'],
			[1, '#d98a2b']
		]),
		linear('screen', [
			[0, '#2e3a4c'],
			[1, '#1f2835']
		]),
		radial('led', [
			[0, '#ff6b5a', 0.9],
			[1, '#ff6b5a', 0]
		])
	].join('');
	const code = [
		['#81b29a', 140],
		['#f2cc8f', 90],
		['#e07a5f', 170],
		['#9cb8d9', 120],
		['#81b29a', 60],
		['#f2cc8f', 150],
		['#9cb8d9', 100]
	]
		.map(
			([c, w], i) =>
				`<rect x="${850 + (i % 3) * 20}" y="${110 + i * 26}" width="${w}" height="10" rx="5" fill="${c}"/>`
		)
		.join('');
	const wheel = (x: number, y: number) =>
		`<circle cx="${x}" cy="${y}" r="44" fill="#2d2d33"/><circle cx="${x}" cy="${y}" r="18" fill="#9aa0aa"/>`;
	const body = `
<rect width="1200" height="900" fill="url(#floor)"/>
${Array.from({ length: 9 }, (_, i) => `<path d="M0 ${i * 110 + 40} H 1200" stroke="#b89c6f" stroke-width="3" opacity="0.5"/>`).join('')}
<rect x="90" y="300" width="900" height="560" fill="#f7f5ef" transform="rotate(-3 540 580)"/>
<path d="M160 780 C 160 520 300 430 480 430 L 700 430 C 860 430 900 560 760 640 C 640 710 560 600 420 700" fill="none" stroke="#2a2a2e" stroke-width="28" stroke-linecap="round" transform="rotate(-3 540 580)"/>
<ellipse cx="470" cy="735" rx="190" ry="30" fill="url(#shadow)"/>
<rect x="320" y="560" width="300" height="160" rx="30" fill="url(#body)"/>
<rect x="350" y="520" width="240" height="60" rx="14" fill="#3f8a5a"/>
${[0, 1, 2, 3].map((i) => `<rect x="${366 + i * 56}" y="536" width="36" height="26" rx="3" fill="#1f2b24"/>`).join('')}
<circle cx="420" cy="640" r="30" fill="#d7dee6"/><circle cx="420" cy="640" r="14" fill="#2b3440"/>
<circle cx="520" cy="640" r="30" fill="#d7dee6"/><circle cx="520" cy="640" r="14" fill="#2b3440"/>
${wheel(350, 722)}${wheel(590, 722)}
<path d="M560 520 L 580 450" stroke="#3b3b40" stroke-width="6"/>
<circle cx="582" cy="446" r="30" fill="url(#led)"/><circle cx="582" cy="446" r="9" fill="#ff6b5a"/>
<path d="M600 600 C 680 560 700 520 760 520" stroke="#e07a5f" stroke-width="6" fill="none"/>
<path d="M600 620 C 690 600 720 560 770 560" stroke="#3d5a80" stroke-width="6" fill="none"/>
<ellipse cx="960" cy="300" rx="220" ry="30" fill="url(#shadow)"/>
<path d="M760 280 L 1160 280 L 1190 320 L 730 320 Z" fill="#b9c0c8"/>
<rect x="790" y="60" width="340" height="220" rx="12" fill="#8a929c"/>
<rect x="806" y="74" width="308" height="194" rx="6" fill="url(#screen)"/>
${code}
<g transform="translate(160 150) rotate(-8)"><rect width="120" height="120" fill="#f4d35e"/><path d="M20 40 h 70 M20 64 h 80 M20 88 h 50" stroke="#8a7a2a" stroke-width="5"/></g>
<g transform="translate(330 170) rotate(7)"><rect width="110" height="110" fill="#9fd3c7"/><path d="M20 40 h 60 M20 64 h 70" stroke="#3c6e66" stroke-width="5"/></g>
<g transform="translate(1010 640) rotate(30)"><rect x="-90" y="-9" width="120" height="18" rx="9" fill="#d04a3a"/><rect x="30" y="-5" width="90" height="10" fill="#c0c5cc"/></g>
`;
	return picture(1200, 900, width, defs, body);
}

/**
 * The 6:10 bus at the stop, its front door open: the driver waves from his seat, and a nurse
 * on her way home from a night shift sits at the first window. Both are invented.
 */
export function busDriver(width = 2000): Scene {
	const driver: Figure = {
		id: 'driver',
		cx: 560,
		cy: 430,
		size: 150,
		skin: '#c99877',
		shade: '#a4735a',
		hair: '#2b2220',
		hairStyle: 'short',
		clothes: '#8fb0cf',
		cap: '#2f4b6e'
	};
	const nurse: Figure = {
		id: 'nurse',
		cx: 1045,
		cy: 438,
		size: 118,
		skin: '#e8c0a2',
		shade: '#c99a7d',
		hair: '#5a3b28',
		hairStyle: 'back',
		clothes: '#5fa8a3',
		lips: '#b5605a'
	};
	const defs = [
		linear('sky', [
			[0, '#7d7aa6'],
			[0.5, '#e0a48f'],
			[1, '#f6d3a0']
		]),
		linear('bus', [
			[0, '#3a9a6f'],
			[1, '#23684a']
		]),
		linear('inside', [
			[0, '#f1e3c4'],
			[1, '#cdb994']
		]),
		linear(
			'pane',
			[
				[0, '#ffffff', 0.22],
				[0.45, '#ffffff', 0.05],
				[1, '#bcd3e6', 0.16]
			],
			0,
			0,
			1,
			1
		),
		linear('pavement', [
			[0, '#9c958d'],
			[1, '#7b746d']
		]),
		figureDefs(driver),
		figureDefs(nurse),
		'<clipPath id="cab"><rect x="150" y="230" width="600" height="440" rx="16"/></clipPath>',
		'<clipPath id="seats"><rect x="800" y="230" width="330" height="440" rx="16"/></clipPath>'
	].join('');
	const seat = (x: number) =>
		`<rect x="${x}" y="470" width="120" height="170" rx="18" fill="#b5643c"/><rect x="${x + 10}" y="480" width="100" height="40" rx="10" fill="#c97a4f"/>`;
	const body = `
<rect width="1500" height="1000" fill="url(#sky)"/>
<circle cx="1320" cy="250" r="220" fill="#fff0c8" opacity="0.35"/>
${Array.from({ length: 9 }, (_, i) => `<rect x="${i * 170 - 20}" y="${150 + (i % 3) * 40}" width="150" height="${300 - (i % 3) * 40}" fill="#6d6687" opacity="0.55"/>`).join('')}
<rect y="800" width="1500" height="200" fill="url(#pavement)"/>
<rect y="796" width="1500" height="10" fill="#c9c1b4"/>
<ellipse cx="760" cy="830" rx="760" ry="26" fill="url(#shadow)"/>
<path d="M120 200 Q 120 150 170 150 L 1480 150 L 1480 800 L 120 800 Z" fill="url(#bus)"/>
<rect x="120" y="690" width="1360" height="24" fill="#f1efe6"/>
<rect x="150" y="230" width="600" height="440" rx="16" fill="url(#inside)"/>
<rect x="800" y="230" width="330" height="440" rx="16" fill="url(#inside)"/>
<rect x="1170" y="230" width="290" height="440" rx="16" fill="url(#inside)"/>
${seat(860)}${seat(990)}${seat(1220)}
<g clip-path="url(#cab)">
${figure(driver)}
<path d="M650 700 C 664 600 684 500 700 410" stroke="#7f9fbf" stroke-width="54" stroke-linecap="round" fill="none"/>
<ellipse cx="702" cy="376" rx="30" ry="38" fill="${driver.skin}"/>
<path d="M688 346 L 684 322 M700 342 L 700 316 M712 344 L 716 322" stroke="${driver.skin}" stroke-width="12" stroke-linecap="round"/>
<ellipse cx="520" cy="660" rx="120" ry="40" fill="none" stroke="#303036" stroke-width="18"/>
</g>
<g clip-path="url(#seats)">
${figure(nurse)}
</g>
<rect x="150" y="230" width="600" height="440" rx="16" fill="url(#pane)"/>
<rect x="800" y="230" width="330" height="440" rx="16" fill="url(#pane)"/>
<rect x="1170" y="230" width="290" height="440" rx="16" fill="url(#pane)"/>
<path d="M200 250 L 330 660 M250 250 L 380 660" stroke="#fff" stroke-width="8" opacity="0.12"/>
<rect x="150" y="170" width="320" height="44" rx="8" fill="#1d2421"/>
${[0, 1, 2, 3, 4].map((i) => `<rect x="${172 + i * 56}" y="182" width="36" height="20" rx="3" fill="#ffb347" opacity="0.9"/>`).join('')}
<rect x="20" y="250" width="100" height="550" fill="#23684a"/>
<rect x="28" y="262" width="84" height="250" rx="8" fill="url(#inside)"/>
<rect x="28" y="262" width="84" height="250" rx="8" fill="url(#pane)"/>
<rect x="28" y="530" width="84" height="250" rx="8" fill="url(#inside)" opacity="0.85"/>
<circle cx="320" cy="790" r="70" fill="#1c1c24"/><circle cx="320" cy="790" r="30" fill="#8d929b"/>
<circle cx="1260" cy="790" r="70" fill="#1c1c24"/><circle cx="1260" cy="790" r="30" fill="#8d929b"/>
`;
	return picture(1500, 1000, width, defs, body, {
		driver: faceBox(driver),
		nurse: faceBox(nurse)
	});
}

/**
 * Thursday's knitting circle at the day centre: a friend looks up from her knitting across the
 * table, a window behind her, yarn and a half-made scarf in front. She is invented.
 */
export function dayCentre(width = 2000): Scene {
	const friend: Figure = {
		id: 'friend',
		cx: 800,
		cy: 400,
		size: 230,
		skin: '#e6bb98',
		shade: '#c08f70',
		hair: '#d9d3ca',
		hairStyle: 'curls',
		brows: '#8f877c',
		clothes: '#7b5ea7',
		eyes: '#5b6e84',
		lips: '#b5625e',
		glasses: true
	};
	const defs = [
		linear('wall', [
			[0, '#f3e6cf'],
			[1, '#e2cfae']
		]),
		linear('window', [
			[0, '#cfe6f2'],
			[1, '#f4ead2']
		]),
		linear('table', [
			[0, '#c4935f'],
			[1, '#9a6a3c']
		]),
		radial('daylight', [
			[0, '#fffaf0', 0.6],
			[1, '#fffaf0', 0]
		]),
		figureDefs(friend)
	].join('');
	const yarn = (x: number, y: number, r: number, fill: string, line: string) =>
		`<ellipse cx="${x}" cy="${y + r * 0.85}" rx="${r * 1.1}" ry="${r * 0.25}" fill="url(#shadow)"/><circle cx="${x}" cy="${y}" r="${r}" fill="${fill}"/>${[0, 1, 2, 3].map((i) => `<path d="M${x - r * 0.8} ${y - r * 0.5 + i * r * 0.32} Q ${x} ${y - r * 0.9 + i * r * 0.32} ${x + r * 0.8} ${y - r * 0.4 + i * r * 0.32}" fill="none" stroke="${line}" stroke-width="4"/>`).join('')}`;
	// The centre's week on the wall: days in a row, Thursday's circled.
	const week = Array.from({ length: 5 }, (_, i) => {
		const x = 140 + i * 56;
		return `<rect x="${x}" y="300" width="46" height="150" rx="4" fill="#fbf6ea"/>${[0, 1, 2].map((j) => `<rect x="${x + 8}" y="${318 + j * 34}" width="${30 - j * 6}" height="6" rx="3" fill="#a89a82"/>`).join('')}`;
	}).join('');
	const body = `
<rect width="1500" height="1000" fill="url(#wall)"/>
<rect x="120" y="240" width="320" height="230" rx="8" fill="#c9a77a"/>
<rect x="132" y="252" width="296" height="36" rx="4" fill="#81b29a"/>
${week}
<rect x="302" y="292" width="62" height="166" rx="10" fill="none" stroke="#e07a5f" stroke-width="6"/>
<rect x="1040" y="120" width="380" height="520" rx="8" fill="#fbf6ea"/>
<rect x="1060" y="140" width="340" height="480" fill="url(#window)"/>
<path d="M1230 140 V 620 M1060 380 H 1400" stroke="#fbf6ea" stroke-width="14"/>
<path d="M1080 600 C 1120 520 1180 560 1210 500 C 1240 450 1290 480 1320 430" fill="none" stroke="#7dab66" stroke-width="10" opacity="0.7"/>
<circle cx="1230" cy="380" r="420" fill="url(#daylight)"/>
${figure(friend)}
<path d="M600 760 C 620 700 660 680 700 690 L 760 700" stroke="#6a4f93" stroke-width="60" stroke-linecap="round" fill="none"/>
<path d="M1000 760 C 980 700 940 680 900 690 L 840 700" stroke="#6a4f93" stroke-width="60" stroke-linecap="round" fill="none"/>
<ellipse cx="760" cy="700" rx="40" ry="30" fill="${friend.skin}"/>
<ellipse cx="840" cy="700" rx="40" ry="30" fill="${friend.skin}"/>
<path d="M700 640 L 900 760 M900 640 L 700 760" stroke="#c9b79a" stroke-width="8" stroke-linecap="round"/>
<path d="M740 710 C 760 760 840 760 860 710 L 880 780 L 720 780 Z" fill="#e07a5f"/>
<rect y="760" width="1500" height="240" fill="url(#table)"/>
<rect y="752" width="1500" height="12" fill="#7c5130" opacity="0.6"/>
<path d="M520 800 C 600 790 700 830 820 810 C 900 800 960 830 1060 820 L 1070 900 C 960 910 880 880 800 895 C 700 910 600 880 510 890 Z" fill="#e07a5f"/>
${Array.from({ length: 9 }, (_, i) => `<path d="M${540 + i * 58} 805 L ${540 + i * 58} 892" stroke="#c45f47" stroke-width="4" opacity="0.7"/>`).join('')}
${yarn(300, 860, 70, '#81b29a', '#5f8f78')}
${yarn(1220, 870, 60, '#f2cc8f', '#d3a865')}
${yarn(1340, 890, 46, '#9cb8d9', '#7493b5')}
<path d="M360 880 C 420 930 480 900 520 860" fill="none" stroke="#81b29a" stroke-width="5"/>
`;
	return picture(1500, 1000, width, defs, body, { face: faceBox(friend) });
}
