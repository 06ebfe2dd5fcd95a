// Starts the built server.
//
// DATA_DIR holds survivors' photos: everything this process creates is owner-only from the
// first file on (the database included; docs/media.md).
process.umask(0o077);
// On glibc Linux, memory freed after a burst of image work only goes back to the system with
// a fixed mmap threshold and few arenas; glibc reads these when the process starts, so they
// must be set by whoever starts node (npm start and npm run serve do). See the README.
if (
	process.platform === 'linux' &&
	process.report?.getReport().header.glibcVersionRuntime &&
	!(process.env.MALLOC_ARENA_MAX && process.env.MALLOC_MMAP_THRESHOLD_)
) {
	console.warn(
		'Note: start with MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 so that memory used ' +
			'for photos is given back after a burst of uploads (see the README, "Memory").'
	);
}
// Without ORIGIN, adapter-node assumes https, so form posts from
// http://localhost would be refused as cross-site; default ORIGIN to the local address.
// Behind a proxy in production, set ORIGIN to the public https address (see the README).
process.env.PORT ||= '3000';
// Photos may be up to MAX_UPLOAD_MB (25 by default); adapter-node's own cap must let them in.
process.env.BODY_SIZE_LIMIT ||= `${(Number(process.env.MAX_UPLOAD_MB) || 25) + 1}M`;
// Image work runs on libuv's thread pool too; more threads keep file reads responsive meanwhile.
process.env.UV_THREADPOOL_SIZE ||= '8';
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
// A static file that vanished after start answers 404 instead of stopping the server.
const { guardStaticFiles } = await import('./static-guard.js');
guardStaticFiles();
const { server } = await import('../build/index.js');

// The fast path (docs/performance.md): before SvelteKit sees a request, the server's own small
// handler may answer it — a cached public page or a public picture, each after reading the
// content version from the database. It was registered by the server's init hook, which has run
// by now; requests it does not answer go on to SvelteKit unchanged.
const fastPath = globalThis[Symbol.for('photovoice.fastPath')];
const httpServer = server.server;
if (typeof fastPath === 'function' && httpServer) {
	const sveltekit = server.attach;
	httpServer.removeListener('request', sveltekit);
	httpServer.prependListener('request', (req, res) =>
		fastPath(req, res, () => sveltekit(req, res))
	);
}
