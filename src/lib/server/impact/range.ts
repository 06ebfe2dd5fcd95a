// The impact report's period (docs/impact.md): two calendar days, from and to, both included,
// read in the platform's time zone (TIME_ZONE, src/lib/server/days.ts).
import { dayOf, midnight } from '../days';

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

function parseDay(value: string): { year: number; month: number; day: number } | undefined {
	const match = DAY.exec(value);
	if (!match) return undefined;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	if (year < 2000 || year > 2999) return undefined;
	const check = new Date(Date.UTC(year, month - 1, day));
	if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
	return { year, month, day };
}

/** The default period: the last twelve months, today included. */
export function defaultDays(timeZone: string, now = new Date()): { from: string; to: string } {
	const to = dayOf(now, timeZone);
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
