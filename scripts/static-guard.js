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
	if (fs.createReadStream[GUARDED]) return;
	const createReadStream = fs.createReadStream;
	const guarded = function (...args) {
		const stream = createReadStream.apply(this, args);
		const pipe = stream.pipe;
		stream.pipe = function (destination, options) {
			if (destination instanceof ServerResponse && stream.listenerCount('error') === 0) {
				stream.once('error', (error) => {
					if (!destination.headersSent) {
						destination.statusCode = 404;
						destination.end();
					} else destination.destroy(error);
				});
			}
			return pipe.call(this, destination, options);
		};
		return stream;
	};
	guarded[GUARDED] = true;
	fs.createReadStream = guarded;
	// sirv imports `node:fs` as an ES module: make its named export see the guarded function.
	syncBuiltinESMExports();
}
