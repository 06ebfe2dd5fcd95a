// The fast variant of the backup-under-load script (scripts/erasure/backup-under-load.ts): the
// real CLI backs up a running built server that is being written to, a story is deleted after
// the backup, and the restore, on a new DATA_DIR with its own server, does not bring it back.
// `npm run erasure:backup-under-load` is the long variant, run by hand (README, "Backups").
import { expect, test } from '@playwright/test';
import { runBackupUnderLoad } from '../../scripts/erasure/backup-under-load';

test('a story deleted after a backup stays deleted after the restore', async () => {
	test.setTimeout(300_000);
	const lines: string[] = [];
	const report = await runBackupUnderLoad({
		stories: 3,
		photosPerStory: 1,
		log: (line) => lines.push(line)
	});
	console.log(lines.join('\n'));
	expect(report.failures, lines.join('\n')).toEqual([]);
	expect(report.backup.stories).toBeGreaterThanOrEqual(4);
	expect(report.restored.stories).toBe(report.backup.stories - 1);
	expect(report.output.restore).toMatch(/erased again 1 stories/);
});
