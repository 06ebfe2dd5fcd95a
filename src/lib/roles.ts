/** Roles a person holds in one initiative. Admin is a global flag, not a membership role. */
export const ROLES = ['participant', 'curator', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
