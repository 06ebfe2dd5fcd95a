// The demo world seeded into a data directory and opened for arranging more on top of it — what
// the load scripts and the benchmarks start from (bench/, scripts/hostile/load.ts). The app's
// modules read DATA_DIR once, when first imported: the caller sets it before calling this.
import { join } from 'node:path';

export async function seededDemo(dataDir: string) {
	const { seedDemo } = await import('./seed');
	const { openDatabase } = await import('../../src/lib/server/db');
	const manifest = await seedDemo(dataDir);
	const { db, client } = await openDatabase({
		url: `file:${join(dataDir, 'app.db')}`,
		migrationsDir: 'db/migrations'
	});
	const curatorName = manifest.accounts.find((a) => a.role === 'curator')!.username;
	const curator = (await db.query.users.findFirst({
		where: (u, { eq }) => eq(u.username, curatorName)
	}))!;
	return { manifest, db, client, curator, initiativeId: manifest.initiativeId };
}
