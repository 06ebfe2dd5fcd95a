// The face detector's own thread: the editor stays responsive while the model runs (a second
// or two on a phone). It fetches the model from this app (the file Vite emits from the npm
// package), never from elsewhere, and sends back only rectangles (docs/redaction.md).
import modelUrl from '@vladmandic/face-api/model/tiny_face_detector_model.bin?url';
import { createDetector, detectFaces, type Detector, type Pixels } from './detect';

let detector: Promise<Detector> | undefined;

async function load(): Promise<Detector> {
	const response = await fetch(modelUrl, { credentials: 'same-origin' });
	if (!response.ok) throw new Error(`Face model: HTTP ${response.status}`);
	return createDetector(await response.arrayBuffer());
}

self.onmessage = async (event: MessageEvent<Pixels>) => {
	try {
		const faces = await detectFaces(await (detector ??= load()), event.data);
		self.postMessage({ faces });
	} catch (error) {
		detector = undefined;
		self.postMessage({ error: error instanceof Error ? error.message : String(error) });
	}
};
