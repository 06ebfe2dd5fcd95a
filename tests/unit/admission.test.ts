import { describe, expect, it } from 'vitest';
import { ReadAdmission } from '../../src/lib/server/admission';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('page reads take turns', () => {
	it('never more than `concurrency` at once, logged-in readers first, in order', async () => {
		const reads = new ReadAdmission(2, 100);
		const order: string[] = [];
		let active = 0;
		let most = 0;
		const read = async (name: string, lane: 'first' | 'last') => {
			expect(await reads.enter(lane)).toBe(true);
			active++;
			most = Math.max(most, active);
			order.push(name);
			await turn();
			active--;
			reads.leave();
		};
		await Promise.all([
			read('a1', 'last'),
			read('a2', 'last'),
			read('a3', 'last'),
			read('a4', 'last'),
			read('p1', 'first'),
			read('a5', 'last')
		]);
		expect(most).toBe(2);
		expect(order.slice(0, 2)).toEqual(['p1', 'a1']);
		expect(order.slice(2)).toEqual(['a2', 'a3', 'a4', 'a5']);
		expect(reads.active).toBe(0);
	});

	it('admits in a later turn of the event loop, so new requests are read in between', async () => {
		const reads = new ReadAdmission(1, 100);
		const events: string[] = [];
		const first = reads.enter('last').then(() => events.push('read 1 admitted'));
		// Work that arrived meanwhile (a withdrawal's next step) runs before any read starts…
		await Promise.resolve();
		events.push('other work');
		await first;
		const second = reads.enter('last').then(() => events.push('read 2 admitted'));
		// …and again before the next read, when the first one is done.
		setImmediate(() => events.push('other work'));
		reads.leave();
		await second;
		reads.leave();
		expect(events).toEqual(['other work', 'read 1 admitted', 'other work', 'read 2 admitted']);
	});

	it('refuses at once when too many wait', async () => {
		const reads = new ReadAdmission(1, 2);
		const waiting = [reads.enter('last'), reads.enter('last')];
		expect(await reads.enter('last')).toBe(false);
		expect(await waiting[0]).toBe(true);
		reads.leave();
		expect(await waiting[1]).toBe(true);
		reads.leave();
	});
});
