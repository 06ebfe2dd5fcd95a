import { m } from '$lib/paraglide/messages';
import type { Role } from './roles';

export function roleName(role: Role): string {
	return { participant: m.role_participant, curator: m.role_curator, partner: m.role_partner }[
		role
	]();
}

export function roleDescription(role: Role): string {
	return {
		participant: m.role_participant_description,
		curator: m.role_curator_description,
		partner: m.role_partner_description
	}[role]();
}
