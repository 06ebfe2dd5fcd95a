// Counts the SQL statements one request runs, from outside the app: bench/run.ts starts the
// built server with NODE_OPTIONS=--import=<this file>. Nothing in src/ knows about it.
//
// The embedded driver (@libsql/client over the `libsql` package) prepares every statement it
// runs with Database#prepare (and runs BEGIN/COMMIT through prepare or exec), so counting those
// two calls counts statements. A request that carries the header `x-bench-statements: <id>`
// runs inside an AsyncLocalStorage context; every statement prepared while that context is
// active, in the request's own async flow, is counted, and when the response has been sent
// the server prints `[bench-statements] <id> <count>` on stderr. Requests without the header
// are not touched (one header lookup).
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The same module instance the app's driver loads: `libsql` is CommonJS, resolved from the
// project's node_modules by both.
const Database = require('libsql');

/** @type {AsyncLocalStorage<{ statements: number }>} */
const counting = new AsyncLocalStorage();

for (const name of ['prepare', 'exec']) {
	const original = Database.prototype[name];
	Database.prototype[name] = function (/** @type {unknown[]} */ ...args) {
		const store = counting.getStore();
		if (store) store.statements++;
		return original.apply(this, args);
	};
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (/** @type {string} */ event, /** @type {any[]} */ ...args) {
	if (event === 'request') {
		const [req, res] = /** @type {[http.IncomingMessage, http.ServerResponse]} */ (args);
		const id = req.headers['x-bench-statements'];
		if (typeof id === 'string') {
			const store = { statements: 0 };
			res.once('finish', () =>
				process.stderr.write(`[bench-statements] ${id} ${store.statements}\n`)
			);
			return counting.run(store, () => emit.call(this, event, ...args));
		}
	}
	return emit.call(this, event, ...args);
};
