// Starts the built server. Without ORIGIN, adapter-node assumes https, so form posts from
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
await import('../build/index.js');
