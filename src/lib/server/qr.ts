// A QR code drawn on the server (docs/reflections.md, "The wall's QR code"): the modules as one
// SVG path, which the page draws as inline SVG — no image request, no script, nothing the CSP
// has to allow. qrcode-generator: a small, dependency-free encoder; the drawing is ours.
import qrcode from 'qrcode-generator';

export interface QrCode {
	/** Modules across, with a quiet zone of four on each side. */
	size: number;
	/** The dark modules, in those units. */
	path: string;
}

export function qrCode(text: string): QrCode {
	const qr = qrcode(0, 'M');
	qr.addData(text, 'Byte');
	qr.make();
	const n = qr.getModuleCount();
	const quiet = 4;
	let path = '';
	for (let row = 0; row < n; row++)
		for (let col = 0; col < n; col++)
			if (qr.isDark(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
	return { size: n + quiet * 2, path };
}
