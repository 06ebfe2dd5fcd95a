// Image work gives way to serving (docs/media.md): on Linux, libvips' threads get IMAGE_NICE.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { niceImageThreads } from '../../src/lib/server/media/priority';

const linux = process.platform === 'linux';

describe.runIf(linux)('image threads', () => {
	it('are reniced, and only they', async () => {
		const image = await sharp({
			create: { width: 2400, height: 1600, channels: 3, background: '#808080' }
		})
			.jpeg()
			.toBuffer();
		const work = Promise.all(
			Array.from({ length: 3 }, () => sharp(image).resize(1200).webp().toBuffer())
		);
		await work;
		expect(niceImageThreads(12)).toBeGreaterThan(0);
		const tasks = readdirSync('/proc/self/task');
		let vips = 0;
		for (const tid of tasks) {
			const name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
			// Field 19 of /proc/…/stat is the niceness (after the name in parentheses).
			const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
			const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
			if (name.startsWith('libvips')) {
				vips += 1;
				expect(nice).toBe(12);
			} else expect(nice, name).toBe(0);
		}
		expect(vips).toBeGreaterThan(0);
		// Already done: nothing more to do.
		expect(niceImageThreads(12)).toBe(0);
	});
});
