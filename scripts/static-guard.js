// adapter-node serves build/client with sirv, which lists the files once at start and pipes
// each one into the response without an error handler. A file removed since (a rebuild in
// place, a cleaned folder) made that stream emit an unhandled 'error' and the whole server
// exit. This gives every file stream piped into an HTTP response, and that has no error
// handler of its own, one that ends just that response.
import fs from 'node:fs';
import { ServerResponse } from 'node:http';
import { syncBuiltinESMExports } from 'node:module';

const GUARDED = Symbol.for('photovoice.static-guard');

export function guardStaticFiles() {
	/** @type {typeof fs.createReadStream & { [GUARDED]?: true }} */
	const current = fs.createReadStream;
	if (current[GUARDED]) return;
	/** @type {typeof fs.createReadStream & { [GUARDED]?: true }} */
	const guarded = (path, options) => {
		const stream = current(path, options);
		const pipe = stream.pipe.bind(stream);
		/** @type {typeof stream.pipe} */
		const guardedPipe = (destination, pipeOptions) => {
			if (destination instanceof ServerResponse && stream.listenerCount('error') === 0) {
				const response = destination;
				stream.once('error', (error) => {
					if (!response.headersSent) {
						response.statusCode = 404;
						response.end();
					} else response.destroy(error);
				});
			}
			return pipe(destination, pipeOptions);
		};
		stream.pipe = guardedPipe;
		return stream;
	};
	guarded[GUARDED] = true;
	fs.createReadStream = guarded;
	// sirv imports `node:fs` as an ES module: make its named export see the guarded function.
	syncBuiltinESMExports();
}
