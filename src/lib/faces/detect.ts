// Face detection that only suggests: the tiny face detector that ships inside the npm package
// @vladmandic/face-api (MIT), run with TensorFlow.js's CPU backend. The same module runs in the
// participant's browser (in a worker, worker.ts) and in the unit tests (Node), on raw RGBA
// pixels, so both see the same numbers. Nothing here touches the network: the caller hands in
// the model's weights (served by this app from the package, docs/redaction.md).
import {
	TinyFaceDetector,
	TinyFaceDetectorOptions,
	env,
	tf,
	type Environment
} from '@vladmandic/face-api/dist/face-api.esm.js';
import manifest from '@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json';
import type { Rect } from '../framing';

/** The detector's input size (a multiple of 32): 416 finds faces down to about 1/25 of the side. */
const INPUT_SIZE = 416;
/** Below this score a suggestion is more often wrong than right on the package's samples. */
const MIN_SCORE = 0.5;
/** A face box covers the face only; the suggestion takes in hair, ears and chin too. */
const MARGIN = 0.2;

export interface Pixels {
	/** RGBA (4 channels) or RGB (3), row by row. */
	data: Uint8Array | Uint8ClampedArray;
	width: number;
	height: number;
	channels: 3 | 4;
}

export interface FaceSuggestion extends Rect {
	score: number;
}

export type Detector = { net: TinyFaceDetector };

let backend: Promise<void> | undefined;

/** In the bundle at run time, left out of the package's type declarations. */
const engine = tf as unknown as {
	setBackend(name: string): Promise<boolean>;
	ready(): Promise<void>;
};

/**
 * The CPU backend always: WebGL may be missing (no GPU, or a blocked driver), and WebAssembly
 * would need 'wasm-unsafe-eval' in the page's script policy. One photo takes a second or two.
 */
function cpu(): Promise<void> {
	return (backend ??= engine.setBackend('cpu').then(async (ok) => {
		if (!ok) throw new Error('TensorFlow.js CPU backend unavailable');
		await engine.ready();
	}));
}

/**
 * face-api wants to know its environment even when it is only given tensors; in a worker it
 * recognises neither a page nor Node. Nothing here draws or loads media, so a stand-in that
 * refuses to do so is enough (and the model's file is fetched by the caller, not by face-api).
 */
function ensureEnvironment() {
	if (env.isBrowser() || env.isNodejs()) return;
	const refuse = () => {
		throw new Error('No media elements here: the detector takes pixels only');
	};
	class None {}
	env.setEnv({
		Canvas: None,
		CanvasRenderingContext2D: None,
		Image: None,
		ImageData: globalThis.ImageData ?? None,
		Video: None,
		createCanvasElement: refuse,
		createImageElement: refuse,
		createVideoElement: refuse,
		fetch: refuse,
		readFile: refuse
	} as unknown as Environment);
}

/** A detector from the model's weights file (tiny_face_detector_model.bin). */
export async function createDetector(weights: ArrayBuffer): Promise<Detector> {
	ensureEnvironment();
	await cpu();
	const specs = manifest[0]?.weights;
	if (!specs) throw new Error('Face model manifest is empty');
	const net = new TinyFaceDetector();
	net.loadFromWeightMap(tf.io.decodeWeights(weights, specs as tf.io.WeightsManifestEntry[]));
	return { net };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A face box in pixels, widened by MARGIN and kept inside the photo, as fractions of it. */
export function suggestionRect(
	box: { x: number; y: number; width: number; height: number },
	width: number,
	height: number
): Rect {
	const x0 = clamp(box.x - box.width * MARGIN, 0, width);
	const y0 = clamp(box.y - box.height * MARGIN, 0, height);
	const x1 = clamp(box.x + box.width * (1 + MARGIN), 0, width);
	const y1 = clamp(box.y + box.height * (1 + MARGIN), 0, height);
	return { x: x0 / width, y: y0 / height, w: (x1 - x0) / width, h: (y1 - y0) / height };
}

/** The faces the model sees in these pixels, most certain first, as fractions of the photo. */
export async function detectFaces(detector: Detector, pixels: Pixels): Promise<FaceSuggestion[]> {
	await cpu();
	const { data, width, height, channels } = pixels;
	if (data.length !== width * height * channels) throw new Error('Pixels of the wrong size');
	const rgb = new Int32Array(width * height * 3);
	for (let i = 0, o = 0; i < data.length; i += channels, o += 3) {
		rgb[o] = data[i]!;
		rgb[o + 1] = data[i + 1]!;
		rgb[o + 2] = data[i + 2]!;
	}
	const input = tf.tensor3d(rgb, [height, width, 3], 'int32');
	try {
		const found = await detector.net.locateFaces(
			input,
			new TinyFaceDetectorOptions({ inputSize: INPUT_SIZE, scoreThreshold: MIN_SCORE })
		);
		return found
			.map((d) => ({ ...suggestionRect(d.box, width, height), score: d.score }))
			.filter((r) => r.w > 0 && r.h > 0)
			.sort((a, b) => b.score - a.score);
	} finally {
		input.dispose();
	}
}
