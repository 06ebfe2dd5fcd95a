// The impact report's period (docs/impact.md): two calendar days, from and to, both included,
// read in the platform's time zone (TIME_ZONE), so that "1 January" starts at midnight where
// the initiative works, not in UTC.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export type RangeProblem = 'impact_error_date' | 'impact_error_order';

export interface ImpactRange {
	/** The days as typed (YYYY-MM-DD), for the form, the CSV and the file name. */
	fromDay: string;
	toDay: string;
	/** [from, to): midnight at the start of fromDay, midnight after toDay, in the time zone. */
	from: Date;
	to: Date;
}

/** How far the time zone is ahead of UTC at this instant, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(new Date(instant));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second')
	);
	return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of midnight at the start of a calendar day in the time zone. */
export function midnight(year: number, month: number, day: number, timeZone: string): Date {
	const guess = Date.UTC(year, month - 1, day);
	const first = guess - zoneOffset(guess, timeZone);
	const second = guess - zoneOffset(first, timeZone);
	return new Date(second);
}

function parseDay(value: string): { year: number; month: number; day: number } | undefined {
	const match = DAY.exec(value);
	if (!match) return undefined;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < 2000 || year > 2999) return undefined;
	const check = new Date(Date.UTC(year, month - 1, day));
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
	return { year, month, day };
}

/** Today's calendar day in the time zone, as YYYY-MM-DD. */
export function today(timeZone: string, now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}

/** The default period: the last twelve months, today included. */
export function defaultDays(timeZone: string, now = new Date()): { from: string; to: string } {
	const to = today(timeZone, now);
	const { year, month, day } = parseDay(to)!;
	const start = new Date(Date.UTC(year - 1, month - 1, day + 1));
	return { from: start.toISOString().slice(0, 10), to };
}

/**
 * The period asked for in the query (`from`, `to`); a missing one takes its default. Returns
 * the problem to tell the person when a day is not a date or the period runs backwards.
 */
export function readRange(
	params: URLSearchParams,
	timeZone: string,
	now = new Date()
):
	| { ok: true; range: ImpactRange }
	| { ok: false; problem: RangeProblem; from: string; to: string } {
	const defaults = defaultDays(timeZone, now);
	const fromDay = (params.get('from') ?? '').trim() || defaults.from;
	const toDay = (params.get('to') ?? '').trim() || defaults.to;
	const from = parseDay(fromDay);
	const to = parseDay(toDay);
	if (!from || !to)
		return {
			ok: false,
			problem: 'impact_error_date',
			from: fromDay.slice(0, 10),
			to: toDay.slice(0, 10)
		};
	if (fromDay > toDay)
		return { ok: false, problem: 'impact_error_order', from: fromDay, to: toDay };
	return {
		ok: true,
		range: {
			fromDay,
			toDay,
			from: midnight(from.year, from.month, from.day, timeZone),
			to: midnight(to.year, to.month, to.day + 1, timeZone)
		}
	};
}
