// Calendar days in the deployment's time zone (TIME_ZONE): what a date input writes
// (YYYY-MM-DD) and the instants where such a day starts, so that "1 January" begins at midnight
// where the initiative works, not in UTC.

/** The offset of `timeZone` from UTC at `at`, in milliseconds. */
export function zoneOffset(at: Date, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(at);
	const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
	return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of midnight at the start of a calendar day (month 1–12; days may overflow). */
export function midnight(year: number, month: number, day: number, timeZone: string): Date {
	const guess = Date.UTC(year, month - 1, day);
	const first = guess - zoneOffset(new Date(guess), timeZone);
	return new Date(guess - zoneOffset(new Date(first), timeZone));
}

/** The calendar day of an instant in the time zone, as a date input writes it. */
export function dayOf(at: Date, timeZone: string): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(at);
}
