import * as v from 'valibot';
import { ROLES } from '$lib/roles';
import { INVITATION_DAYS_MAX } from '$lib/server/auth/invitations';

// Messages are message keys, shown in the person's language by the page.
export const invitationSchema = v.object({
	role: v.picklist(ROLES, 'invite_role_required'),
	days: v.pipe(
		v.string(),
		v.transform(Number),
		v.integer('invite_days_invalid'),
		v.minValue(1, 'invite_days_invalid'),
		v.maxValue(INVITATION_DAYS_MAX, 'invite_days_invalid')
	),
	label: v.pipe(v.string(), v.trim(), v.maxLength(120, 'too_long')),
	workingGroupIds: v.array(v.string())
});
