// For bench/scale-data.ts only, never the server: generated data that can be made again need
// not survive a power cut, so this process skips the durability waits — every FileHandle sync
// (the media storage fsyncs each file and its folder, docs/media.md) and SQLite's fsync at each
// commit (PRAGMA synchronous = OFF on every connection, where the app sets FULL). Everything
// else runs the app's own code. SCALE_DURABLE=1 keeps both.
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';

export async function skipDurabilityWaits() {
	if (process.env.SCALE_DURABLE === '1') return false;
	const handle = await open(process.execPath, 'r');
	const FileHandle = Object.getPrototypeOf(handle) as { sync: unknown; datasync: unknown };
	await handle.close();
	FileHandle.sync = async () => {};
	FileHandle.datasync = async () => {};

	// The embedded driver's own module (libsql, CommonJS): the one @libsql/client loads.
	const Database = createRequire(import.meta.url)('libsql') as {
		prototype: { prepare: (sql: string, ...rest: unknown[]) => { run: () => unknown } };
	};
	const prepare = Database.prototype.prepare;
	const tuned = new WeakSet<object>();
	Database.prototype.prepare = function (sql: string, ...rest: unknown[]) {
		if (!tuned.has(this)) {
			tuned.add(this);
			prepare.call(this, 'PRAGMA synchronous = OFF').run();
		}
		// The app's own "PRAGMA synchronous = FULL" (src/lib/server/db/index.ts), made OFF.
		if (/^\s*pragma\s+synchronous\s*=/i.test(sql)) sql = 'PRAGMA synchronous = OFF';
		return prepare.call(this, sql, ...rest);
	};
	return true;
}
