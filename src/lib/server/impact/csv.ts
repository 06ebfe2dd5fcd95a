// The impact report as CSV (docs/impact.md): RFC 4180 (comma, CRLF, fields quoted when they
// hold a comma, a quote or a line break, quotes doubled), UTF-8 with a byte-order mark so that
// spreadsheet programs read Hebrew and Arabic right, and no cell a spreadsheet would take for a
// formula (working group titles are other people's input).
import { m } from '../../paraglide/messages';
import { pickText, type Locale } from '../../localized';
import { RESPONSE_STATUSES } from '../db/schema';
import type { ImpactReport } from './index';
import type { ImpactRange } from './range';

type Messages = Record<
	string,
	(inputs?: Record<string, unknown>, o?: { locale?: Locale }) => string
>;
const messages = m as unknown as Messages;

export const BOM = '\uFEFF';

/** A cell a spreadsheet would read as a formula gets a leading apostrophe (OWASP's advice). */
export function defuse(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One field, quoted when RFC 4180 needs it. Numbers go out as they are. */
export function csvField(value: string | number): string {
	if (typeof value === 'number') return String(value);
	const safe = defuse(value);
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(fields: (string | number)[]): string {
	return fields.map(csvField).join(',') + '\r\n';
}

/** The status labels, by key, as the report page shows them too. */
export const STATUS_KEYS = {
	noted: 'impact_status_noted',
	discussed: 'impact_status_discussed',
	acted_on: 'impact_status_acted_on',
	not_taken_forward: 'impact_status_not_taken_forward'
} as const;

/**
 * The report as rows of one table — period, measure, working group, count — each row readable
 * on its own, so the file sorts and filters without losing its meaning.
 */
export function impactCsv(report: ImpactReport, range: ImpactRange, locale: Locale): string {
	const t = (key: string) => {
		const fn = messages[key];
		if (!fn) throw new Error(`Unknown message ${key}`);
		return fn({}, { locale });
	};
	const rows: (string | number)[][] = [];
	const add = (key: string, value: number, group = '') =>
		rows.push([range.fromDay, range.toDay, t(key), group, value]);
	add('impact_shared', report.consent.shared);
	add('impact_approved', report.consent.approved);
	add('impact_declined', report.consent.declined);
	add('impact_withdrawn', report.consent.withdrawn);
	add('impact_withdrawn_story', report.consent.withdrawn_story);
	add('impact_withdrawn_everything', report.consent.withdrawn_everything);
	add('impact_published', report.exhibitionsPublished);
	for (const group of report.workingGroups) {
		const title = pickText(group.title, locale).text;
		for (const status of RESPONSE_STATUSES) add(STATUS_KEYS[status], group.byStatus[status], title);
		add('impact_responses_recorded', group.recorded, title);
		add('impact_responses_total', group.total, title);
	}
	add('impact_reflections_received', report.reflections.received);
	add('impact_reflections_commitments', report.reflections.commitments);
	add('impact_reflections_approved', report.reflections.approved);
	const header = [
		t('impact_csv_from'),
		t('impact_csv_to'),
		t('impact_csv_measure'),
		t('impact_csv_group'),
		t('impact_csv_count')
	];
	return BOM + [header, ...rows].map(csvLine).join('');
}
