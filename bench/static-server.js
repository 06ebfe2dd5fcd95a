// The baseline of bench/run.ts: a plain node:http server that answers each recorded address
// with the identical bytes and headers the app sent for it (recorded once, held in memory),
// and, for an answer that has an ETag, a 304 with the app's own 304 headers when the request's
// If-None-Match names it. It runs in its own process, as the app does, so that the load
// generator and the server under test never share an event loop.
//
//   node bench/static-server.js <routes.json>
//
// routes.json: { "<path?query>": { status, headers: [[name, value], …], body: "<file>",
// etag?: string, notModified?: [[name, value], …] } }. Prints "listening <port>" when ready.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/** Headers that describe one connection or one message, not the answer: node sets its own. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date', 'content-length']);

/** @param {[string, string][]} headers */
const answerHeaders = (headers) => headers.filter(([name]) => !HOP.has(name.toLowerCase()));

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/static-server.js <routes.json>');
/** @type {Record<string, { status: number; headers: [string, string][]; body: string; etag?: string; notModified?: [string, string][] }>} */
const spec = JSON.parse(readFileSync(file, 'utf8'));
const routes = new Map(
	Object.entries(spec).map(([path, route]) => {
		const body = readFileSync(route.body);
		return [
			path,
			{
				status: route.status,
				headers: [...answerHeaders(route.headers), ['Content-Length', String(body.length)]].flat(),
				body,
				etag: route.etag,
				notModified: route.notModified ? answerHeaders(route.notModified).flat() : undefined
			}
		];
	})
);

const server = createServer((req, res) => {
	const route = routes.get(req.url ?? '');
	if (!route) {
		res.writeHead(404, { 'Content-Length': '0' });
		res.end();
		return;
	}
	const ifNoneMatch = req.headers['if-none-match'];
	if (
		route.etag &&
		route.notModified &&
		ifNoneMatch &&
		ifNoneMatch.split(',').some((tag) => tag.trim() === route.etag)
	) {
		res.writeHead(304, route.notModified);
		res.end();
		return;
	}
	res.writeHead(route.status, route.headers);
	res.end(route.body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
	const address = server.address();
	console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => process.exit(0));
