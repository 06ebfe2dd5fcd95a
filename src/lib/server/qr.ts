// A QR code as an SVG data URL, drawn on the server (docs/reflections.md, "Wall"). The CSP
// allows images from `data:` (svelte.config.js), so the wall shows it as a plain <img>, with no
// script. qrcode-generator: a small, dependency-free encoder; the drawing is ours.
import qrcode from 'qrcode-generator';

/** Dark modules as one path, a white quiet zone of four modules around them. */
export function qrSvg(text: string): string {
	const qr = qrcode(0, 'M');
	qr.addData(text, 'Byte');
	qr.make();
	const n = qr.getModuleCount();
	const quiet = 4;
	const size = n + quiet * 2;
	let path = '';
	for (let row = 0; row < n; row++)
		for (let col = 0; col < n; col++)
			if (qr.isDark(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
		`<rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
	);
}

export function qrDataUrl(text: string): string {
	return `data:image/svg+xml;base64,${Buffer.from(qrSvg(text)).toString('base64')}`;
}
