import type { Role } from './roles';

/** Where each role's home page for an initiative lives. */
export function roleHome(role: Role, initiativeId: string): string {
	switch (role) {
		case 'participant':
			return `/participate/${initiativeId}`;
		case 'curator':
			return `/curate/${initiativeId}`;
		case 'partner':
			return `/partner/${initiativeId}`;
	}
}
