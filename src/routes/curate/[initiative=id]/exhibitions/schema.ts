import { AUDIENCES, type Audience } from '$lib/server/db/schema';
import type { ExhibitionFields } from '$lib/server/exhibitions';
import { field, readTextFields } from '$lib/server/forms';
import type { LocalizedText } from '$lib/localized';
import { dayOf, midnight } from '$lib/server/days';

// The exhibition form (create and edit share it). Problems are message keys, shown in the
// curator's language by the page.

export interface ExhibitionFormValues {
	title: LocalizedText;
	description: LocalizedText;
	audience: Audience;
	workingGroupIds: string[];
	themeIds: string[];
	/** The last day as the date input writes it (YYYY-MM-DD), or ''. */
	endsOn: string;
}

export type ExhibitionFormErrors = Partial<Record<'title' | 'audience' | 'endsOn', string>>;

/**
 * The exhibition ends when its last day ends, in the deployment's time zone: the last
 * millisecond of that day, so that the day itself is what every page shows as its end.
 */
export function endOfDay(day: string, timeZone: string): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!match) return null;
	const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const check = new Date(Date.UTC(y, m - 1, d));
	if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d || y < 2000 || y > 2200)
		return null;
	return new Date(midnight(y, m, d + 1, timeZone).getTime() - 1);
}

/** The last day of an exhibition ending at `endsAt`, as the date input writes it. */
export function lastDay(endsAt: Date | null, timeZone: string): string {
	if (!endsAt) return '';
	return dayOf(endsAt, timeZone);
}

export function readExhibitionForm(
	form: FormData,
	timeZone: string
):
	| { ok: true; fields: ExhibitionFields; values: ExhibitionFormValues }
	| { ok: false; values: ExhibitionFormValues; errors: ExhibitionFormErrors } {
	const text = readTextFields(form);
	const audienceInput = field(form, 'audience');
	const audience = (AUDIENCES as readonly string[]).includes(audienceInput)
		? (audienceInput as Audience)
		: 'partners';
	const ids = (name: string) =>
		[...new Set(form.getAll(name).filter((x): x is string => typeof x === 'string'))].slice(0, 200);
	const values: ExhibitionFormValues = {
		title: text.values.title,
		description: text.values.description,
		audience,
		workingGroupIds: ids('workingGroupIds'),
		themeIds: ids('themeIds'),
		endsOn: field(form, 'endsOn')
	};
	const errors: ExhibitionFormErrors = {};
	if (text.error) errors.title = text.error;
	if (audience === 'working_group' && values.workingGroupIds.length === 0)
		errors.audience = 'builder_audience_needs_group';
	const endsAt = values.endsOn ? endOfDay(values.endsOn, timeZone) : null;
	if (values.endsOn && !endsAt) errors.endsOn = 'builder_ends_invalid';
	if (Object.keys(errors).length > 0) return { ok: false, values, errors };
	return {
		ok: true,
		values,
		fields: {
			title: values.title,
			introduction: values.description,
			audience,
			// Working groups only mean something for the working-group audience.
			workingGroupIds: audience === 'working_group' ? values.workingGroupIds : [],
			themeIds: values.themeIds,
			endsAt
		}
	};
}
